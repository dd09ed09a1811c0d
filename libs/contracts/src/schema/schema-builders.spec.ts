import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { findPrivacyViolations } from '../privacy/privacy-guard.js';
import {
  arrayOf,
  choice,
  code,
  constant,
  dateTime,
  object,
  oneOf,
  optional,
  staffId,
  uuid,
} from './schema-builders.js';
import type { Infer } from './typed-schema.js';

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

describe('alternatives (oneOf)', () => {
  const ajv = new Ajv2020({ strict: true });
  formats.default(ajv);
  const expiry = oneOf(
    [
      object({ kind: constant('date', 'k'), expiresAt: dateTime('at') }),
      object({ kind: constant('event', 'k'), event: choice(['participation-ended'], 'e') }),
    ],
    'expiry',
  );

  it('build a oneOf of the alternatives, each tagged by a constant', () => {
    expect(expiry).toEqual({
      oneOf: [
        {
          type: 'object',
          properties: {
            kind: { type: 'string', const: 'date', description: 'k' },
            expiresAt: { type: 'string', format: 'date-time', description: 'at' },
          },
          required: ['kind', 'expiresAt'],
          additionalProperties: false,
        },
        {
          type: 'object',
          properties: {
            kind: { type: 'string', const: 'event', description: 'k' },
            event: { type: 'string', enum: ['participation-ended'], description: 'e' },
          },
          required: ['kind', 'event'],
          additionalProperties: false,
        },
      ],
      description: 'expiry',
    });
  });

  it('accept a value of exactly one alternative, and nothing that mixes them', () => {
    const validate = ajv.compile(expiry);
    expect(validate({ kind: 'date', expiresAt: '2027-01-01T00:00:00Z' })).toBe(true);
    expect(validate({ kind: 'event', event: 'participation-ended' })).toBe(true);
    expect(validate({ kind: 'date', event: 'participation-ended' })).toBe(false);
    expect(validate({ kind: 'event', expiresAt: '2027-01-01T00:00:00Z' })).toBe(false);
    expect(validate({ kind: 'date', expiresAt: '2027-01-01T00:00:00Z', event: 'participation-ended' })).toBe(false);
  });

  it('mix kinds of value: a constant string or a list', () => {
    const recipients = oneOf([constant('all', 'every one'), arrayOf(code('agency'), 'some', { minItems: 1 })], 'r');
    const validate = ajv.compile(recipients);
    expect([['DPD'], 'all'].map((value) => validate(value))).toEqual([true, true]);
    expect([[], 'some', 'All', ['Jane Doe']].map((value) => validate(value))).toEqual([false, false, false, false]);
  });

  it('type the data as the union of the alternatives', () => {
    const value: Infer<typeof expiry> = { kind: 'event', event: 'participation-ended' };
    // @ts-expect-error an `event` expiry has no `expiresAt`
    const mixed: Infer<typeof expiry> = { kind: 'event', expiresAt: '2027-01-01T00:00:00Z' };
    expect([value, mixed]).toHaveLength(2);
  });

  it('pass the privacy guard: constants are enumerations, every alternative is walked', () => {
    expect(findPrivacyViolations(expiry)).toEqual([]);
    const leaky = oneOf([constant('all', 'a'), object({ note: code('n') })], 'x');
    expect(findPrivacyViolations(leaky).map((v) => `${v.rule} ${v.field}`)).toEqual(['personal-data-name note']);
  });
});
