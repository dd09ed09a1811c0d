import { arrayOf, choice, code, object, optional, staffId, uuid } from './schema-builders.js';

describe('schema builders', () => {
  it('build closed objects whose required list leaves out exactly the optional properties', () => {
    expect(object({ a: uuid('a'), b: optional(code('b')), c: choice(['x', 'y'], 'c') }, 'thing')).toEqual({
      type: 'object',
      description: 'thing',
      properties: {
        a: { type: 'string', format: 'uuid', description: 'a' },
        b: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$', description: 'b' },
        c: { type: 'string', enum: ['x', 'y'], description: 'c' },
      },
      required: ['a', 'c'],
      additionalProperties: false,
    });
  });

  it('build sets of codes as unique arrays', () => {
    expect(arrayOf(choice(['p', 'q'], 'one'), 'some', { minItems: 1, unique: true })).toEqual({
      type: 'array',
      items: { type: 'string', enum: ['p', 'q'], description: 'one' },
      minItems: 1,
      uniqueItems: true,
      description: 'some',
    });
  });

  it('make codes and staff ids that refuse spaces and e-mail addresses', () => {
    const codePattern = new RegExp(code('c').pattern!);
    expect(['DPD', 'DEN-COMMUNITY', 'CO-18-18-403.5', '2018-07'].every((c) => codePattern.test(c))).toBe(true);
    expect(['Jane Doe', '', 'a'.repeat(65), 'x\ny'].some((c) => codePattern.test(c))).toBe(false);
    const staffPattern = new RegExp(staffId('s').pattern!);
    expect(staffPattern.test('auth0|5f1c')).toBe(false);
    expect(staffPattern.test('officer.4711')).toBe(true);
    expect(staffPattern.test('jane.doe@police.example')).toBe(false);
  });
});
