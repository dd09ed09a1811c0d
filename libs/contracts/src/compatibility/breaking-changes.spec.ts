import type { JsonSchema } from '../schema/json-schema.js';
import { findBreakingChanges } from './breaking-changes.js';

/** A closed event-data object, like the catalogue's. */
const data = (properties: Record<string, JsonSchema>, required = Object.keys(properties)): JsonSchema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
const id: JsonSchema = { type: 'string', format: 'uuid' };
const level: JsonSchema = { type: 'string', enum: ['high', 'moderate', 'low', 'inactive'] };
const count: JsonSchema = { type: 'integer', minimum: 0 };

const breaks = (before: JsonSchema, after: JsonSchema) =>
  findBreakingChanges(before, after).map(({ field, kind }) => `${kind} ${field}`);

describe('findBreakingChanges: breaking', () => {
  const published = data({ caseId: id, level, contacts: count, note: { type: 'string', pattern: '^[a-z]+$' } }, [
    'caseId',
    'level',
  ]);

  it.each<[string, JsonSchema, string[]]>([
    [
      'removing a property',
      data({ caseId: id, level, note: { type: 'string', pattern: '^[a-z]+$' } }, ['caseId', 'level']),
      ['removed contacts'],
    ],
    [
      'renaming a property (a removal)',
      data({ caseId: id, engagement: level, contacts: count, note: { type: 'string', pattern: '^[a-z]+$' } }, [
        'caseId',
        'engagement',
      ]),
      ['removed level', 'added-required engagement'],
    ],
    [
      'changing a type',
      data(
        {
          caseId: id,
          level,
          contacts: { type: 'string', pattern: '^[0-9]+$' },
          note: { type: 'string', pattern: '^[a-z]+$' },
        },
        ['caseId', 'level'],
      ),
      ['type-changed contacts', 'pattern-changed contacts'],
    ],
    [
      'dropping an enumerated value',
      data(
        {
          caseId: id,
          level: { type: 'string', enum: ['high', 'low', 'inactive'] },
          contacts: count,
          note: { type: 'string', pattern: '^[a-z]+$' },
        },
        ['caseId', 'level'],
      ),
      ['enum-narrowed level'],
    ],
    [
      'changing a format',
      data(
        {
          caseId: { type: 'string', format: 'date' },
          level,
          contacts: count,
          note: { type: 'string', pattern: '^[a-z]+$' },
        },
        ['caseId', 'level'],
      ),
      ['format-changed caseId'],
    ],
    [
      'changing a pattern',
      data({ caseId: id, level, contacts: count, note: { type: 'string', pattern: '^[a-z]{1,8}$' } }, [
        'caseId',
        'level',
      ]),
      ['pattern-changed note'],
    ],
    [
      'tightening a bound',
      data(
        { caseId: id, level, contacts: { type: 'integer', minimum: 1 }, note: { type: 'string', pattern: '^[a-z]+$' } },
        ['caseId', 'level'],
      ),
      ['range-narrowed contacts'],
    ],
    [
      'making an optional property required',
      data({ caseId: id, level, contacts: count, note: { type: 'string', pattern: '^[a-z]+$' } }, [
        'caseId',
        'level',
        'contacts',
      ]),
      ['made-required contacts'],
    ],
    [
      'adding a required property',
      data({ caseId: id, level, contacts: count, note: { type: 'string', pattern: '^[a-z]+$' }, planVersion: count }, [
        'caseId',
        'level',
        'planVersion',
      ]),
      ['added-required planVersion'],
    ],
  ])('%s', (_change, current, expected) => {
    expect(breaks(published, current).sort()).toEqual([...expected].sort());
  });

  it('narrowing number to integer', () => {
    expect(breaks(data({ minutes: { type: 'number' } }), data({ minutes: { type: 'integer' } }))).toEqual([
      'type-changed minutes',
    ]);
  });

  it('closing an open object', () => {
    const open: JsonSchema = { type: 'object', properties: { caseId: id }, required: ['caseId'] };
    expect(breaks(open, { ...open, additionalProperties: false })).toEqual(['closed ']);
    expect(breaks({ ...open, additionalProperties: true }, { ...open, additionalProperties: false })).toEqual([
      'closed ',
    ]);
  });

  it('adding a constrained property to an open object (old events may hold it with any value)', () => {
    const open: JsonSchema = { type: 'object', properties: { caseId: id }, required: ['caseId'] };
    expect(breaks(open, { ...open, properties: { caseId: id, level } })).toEqual(['narrowed level']);
  });

  it('changes deep inside nested objects and array items, named by their path', () => {
    const before = data({
      deadline: data({ due: { type: 'string', format: 'date' }, met: { type: 'boolean' } }),
      criteria: {
        type: 'array',
        items: data({ criterion: level, outcome: { type: 'string', enum: ['pass', 'exclude'] } }),
      },
    });
    const after = data({
      deadline: data({ due: { type: 'string', format: 'date' } }),
      criteria: {
        type: 'array',
        items: data({ criterion: level, outcome: { type: 'string', enum: ['pass'] } }),
        maxItems: 3,
      },
    });
    expect(breaks(before, after).sort()).toEqual([
      'enum-narrowed criteria[].outcome',
      'range-narrowed criteria',
      'removed deadline.met',
    ]);
  });

  it('follows local references on both sides', () => {
    const before: JsonSchema = {
      ...data({ plan: { $ref: '#/$defs/plan' } }),
      $defs: { plan: data({ version: count }) },
    };
    const after: JsonSchema = { ...data({ plan: { $ref: '#/$defs/plan' } }), $defs: { plan: data({ goals: count }) } };
    expect(breaks(before, after).sort()).toEqual(['added-required plan.goals', 'removed plan.version']);
  });

  it('alternatives the published schema allowed that no current alternative accepts', () => {
    const before = data({ outcome: { anyOf: [{ type: 'string', enum: ['pass'] }, { type: 'integer' }] } });
    const after = data({ outcome: { anyOf: [{ type: 'string', enum: ['pass'] }] } });
    expect(breaks(before, after)).toEqual(['narrowed outcome']);
  });

  it('changes it cannot judge, rather than letting them through', () => {
    const before = data({ caseId: id });
    expect(breaks(before, { ...before, allOf: [{ required: ['caseId'] }] })).toEqual(['unprovable ']);
    expect(breaks(before, { ...before, not: { required: ['x'] } })).toEqual(['unprovable ']);
  });

  it('names the field in its message', () => {
    const [change] = findBreakingChanges(data({ a: data({ b: count }) }), data({ a: data({ b: { type: 'string' } }) }));
    expect(change).toEqual({ field: 'a.b', kind: 'type-changed', message: 'a.b: type integer → string' });
  });
});

describe('findBreakingChanges: compatible', () => {
  const published = data({ caseId: id, level, minutes: { type: 'integer', minimum: 0, maximum: 600 } }, [
    'caseId',
    'level',
  ]);

  it.each<[string, JsonSchema]>([
    ['no change at all', published],
    [
      'adding an optional property to a closed object',
      data({ caseId: id, level, minutes: count, target: count }, ['caseId', 'level']),
    ],
    [
      'adding an enumerated value',
      data(
        {
          caseId: id,
          level: { type: 'string', enum: ['high', 'moderate', 'low', 'inactive', 'paused'] },
          minutes: count,
        },
        ['caseId', 'level'],
      ),
    ],
    [
      'widening integer to number and loosening bounds',
      data({ caseId: id, level, minutes: { type: 'number' } }, ['caseId', 'level']),
    ],
    ['making a required property optional', data({ caseId: id, level, minutes: count }, ['caseId'])],
    ['removing a format or pattern', data({ caseId: { type: 'string' }, level, minutes: count }, ['caseId', 'level'])],
    [
      'opening a closed object',
      { ...data({ caseId: id, level, minutes: count }, ['caseId', 'level']), additionalProperties: true },
    ],
    [
      'editing descriptions and titles',
      {
        ...published,
        title: 'renamed',
        description: 'clearer',
        properties: { ...published.properties, caseId: { ...id, description: 'The case.' } },
      },
    ],
    [
      'allowing null besides a type',
      data({ caseId: id, level, minutes: { type: ['integer', 'null'], minimum: 0 } }, ['caseId', 'level']),
    ],
  ])('%s', (_change, current) => {
    expect(breaks(published, current)).toEqual([]);
  });

  it('an alternative added to anyOf', () => {
    const before = data({ outcome: { anyOf: [{ type: 'string', enum: ['pass'] }] } });
    const after = data({ outcome: { anyOf: [{ type: 'string', enum: ['pass'] }, { type: 'integer' }] } });
    expect(breaks(before, after)).toEqual([]);
  });
});
