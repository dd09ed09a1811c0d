import { isInformantField, isPrototypeKey } from '@lead/access';
import { dtoShape, kindOf, maxLengthOf, minLengthOf, type DtoShape, type FieldShape } from './dto-shape.js';
import type { SeededRandom } from './seeded-random.js';

type Json = unknown;

/** One malformed request body and what the answer must say about it. */
export interface BodyCase {
  description: string;
  /** The raw request body, exactly as sent. */
  text: string;
  contentType: string;
  /** The answer's status: 400, or 413 for a body over the limit. */
  expectedStatus: 400 | 413;
  /** Fields the 400 problem must name (a reported field equal to one, or nested under it). */
  expectedFields: string[];
}

/** A change to a valid body that makes it invalid at one field. */
interface Mutation {
  description: string;
  field: string;
  /**
   * Refused before validation (informant and prototype keys): a body with such a key is answered
   * naming those keys only, so the other fields of a combination are not expected in the answer.
   */
  gate: boolean;
  apply(body: Record<string, Json>): void;
}

const INFORMANT_NAMES = [
  'informant',
  'informantName',
  'confidentialSource',
  'source',
  'sourceInformation',
  'CI_source',
  'tipster',
];
const ODD_KEYS = ['constructor', 'prototype', 'toString', 'hasOwnProperty', '$where', 'a.b', 'ñame', 'k'.repeat(300)];
const NOT_JSON = [
  '{',
  '}',
  '{"a":',
  '{"a" 1}',
  "{'a': 1}",
  '{"a": 1,}',
  '{a: 1}',
  '[1, 2',
  '{"a": NaN}',
  '{"a": undefined}',
  '{"a": 0x10}',
  '{"a": .5}',
  '{"a": 01}',
  '{"a": "\\x41"}',
  '{"a": "unterminated}',
  '{"a": "\\ud800"',
  '// comment\n{}',
  '{"a": 1} trailing',
  'nul',
  'True',
  '\u0000',
  '{"a": [}',
  '{"a": {"b": }',
  '{"a": 1e}',
];
const NOT_AN_OBJECT = ['[]', '[{}]', '"text"', '42', '-1', '3.14', 'true', 'false', 'null', '""', '[[[]]]'];
/** Strings to try against `@Matches(...)`: whichever the pattern refuses become mutations. */
const PATTERN_PROBES = [
  '',
  ' ',
  'x',
  '0',
  '-',
  '\u0000',
  '<script>',
  "'; DROP TABLE events; --",
  '../../etc/passwd',
  'ü',
  'A'.repeat(300),
];

function copy<T>(value: T): T {
  return structuredClone(value);
}

function at(path: string[], body: Record<string, Json>): Record<string, Json> {
  let node = body;
  for (const key of path) node = node[key] as Record<string, Json>;
  return node;
}

/** Definitely invalid replacements for a field's value, with why. */
function invalidValues(field: FieldShape, valid: Json): { why: string; value: Json }[] {
  const kind = kindOf(field);
  const out: { why: string; value: Json }[] = [];
  if (!field.optional) out.push({ why: 'null', value: null });
  const wrongTypes: Record<string, Json[]> = {
    string: [12345, -1, true, false, {}, [], ['x'], { value: 'x' }],
    number: ['12', '', true, {}, [], [1], 'NaN'],
    boolean: ['true', 'false', 1, 0, {}, [], 'yes'],
    enum: ['definitely-not-a-member', 42, true, {}, [], ''],
    array: ['x', 42, true, {}, { 0: 'x' }],
    object: ['x', 42, true, [], [{}]],
    unknown: [],
  };
  for (const value of wrongTypes[kind]) out.push({ why: `wrong type ${JSON.stringify(value)}`, value });
  if (kind === 'string') {
    const max = maxLengthOf(field);
    if (max !== undefined && max < 50_000) {
      out.push({ why: `${max + 1} characters (max ${max})`, value: 'x'.repeat(max + 1) });
      out.push({ why: `${max + 1} multi-byte characters`, value: 'é'.repeat(max + 1) });
    }
    const min = minLengthOf(field);
    if (min !== undefined && min > 0) out.push({ why: 'empty string', value: '' });
    const pattern = field.rules.get('matches')?.[0];
    if (pattern instanceof RegExp) {
      for (const probe of PATTERN_PROBES) {
        if (!new RegExp(pattern.source, pattern.flags).test(probe))
          out.push({ why: `does not match ${pattern}: ${JSON.stringify(probe.slice(0, 20))}`, value: probe });
      }
    }
    if (field.rules.has('isIso8601') || field.rules.has('isDateString')) {
      out.push({ why: 'not a date', value: 'not-a-date' }, { why: 'impossible date', value: '2024-13-45' });
    }
    if (field.rules.has('isUuid')) out.push({ why: 'not a UUID', value: 'not-a-uuid' });
  }
  if (kind === 'number') {
    const min = field.rules.get('min')?.[0];
    const max = field.rules.get('max')?.[0];
    if (typeof min === 'number') out.push({ why: `below ${min}`, value: min - 1 });
    if (typeof max === 'number') out.push({ why: `above ${max}`, value: max + 1 });
    if (field.rules.has('isInt')) out.push({ why: 'not an integer', value: 1.5 });
  }
  if (kind === 'array') {
    const minSize = field.rules.get('arrayMinSize')?.[0];
    const maxSize = field.rules.get('arrayMaxSize')?.[0];
    if (typeof minSize === 'number' && minSize > 0) out.push({ why: 'empty array', value: [] });
    if (typeof maxSize === 'number' && Array.isArray(valid) && valid.length > 0) {
      out.push({ why: `${maxSize + 1} elements`, value: Array.from({ length: maxSize + 1 }, () => valid[0]) });
    }
    if (field.eachRules.size > 0 || field.nested) {
      const first = Array.isArray(valid) && valid.length > 0 ? valid[0] : undefined;
      for (const element of [42, null, {}, [], true]) {
        if (typeof element === typeof first && element !== null && !Array.isArray(element)) continue;
        out.push({
          why: `an element of wrong type ${JSON.stringify(element)}`,
          value: [...(Array.isArray(valid) ? valid : []), element],
        });
      }
    }
  }
  return out;
}

/** Every single-field mutation of `shape` at `path`, given the valid body's values there. */
function mutations(shape: DtoShape, valid: Record<string, Json>, path: string[], random: SeededRandom): Mutation[] {
  const prefix = path.length ? `${path.join('.')}.` : '';
  const out: Mutation[] = [];
  for (const field of shape.fields) {
    const name = `${prefix}${field.name}`;
    if (!field.optional) {
      out.push({
        description: `${name} missing`,
        field: name,
        gate: false,
        apply: (body) => void delete at(path, body)[field.name],
      });
    }
    for (const { why, value } of invalidValues(field, valid[field.name])) {
      out.push({
        description: `${name}: ${why}`,
        field: name,
        gate: false,
        apply: (body) => void (at(path, body)[field.name] = copy(value)),
      });
    }
    const nestedValid = valid[field.name];
    if (field.nested && nestedValid && typeof nestedValid === 'object' && !Array.isArray(nestedValid)) {
      out.push(...mutations(field.nested, nestedValid as Record<string, Json>, [...path, field.name], random));
    }
  }
  // Unknown fields: at this level only when it is an object (the validation pipe forbids them everywhere).
  const unknownNames = [`unexpected_${random.hex(6)}`, ...INFORMANT_NAMES, ...ODD_KEYS];
  for (const key of unknownNames) {
    const fieldName = `${prefix}${key}`;
    out.push({
      description: `unknown field ${JSON.stringify(fieldName.slice(0, 40))}`,
      field: fieldName,
      gate: isInformantField(key) || isPrototypeKey(key),
      apply: (body) => void (at(path, body)[key] = random.pick(['x', 1, true, null, {}, [], { nested: 'x' }])),
    });
  }
  return out;
}

function asJson(body: Json): string {
  return JSON.stringify(body);
}

/**
 * Malformed bodies for a write endpoint, generated from its DTO: every field missing, null, of each
 * wrong type, too long or short, off its pattern or range; unknown fields at every level (informant /
 * source names and prototype keys among them); not JSON at all, not an object, hostile nesting, over
 * the body limit; then random combinations of 2-3 field mutations until `count` cases exist.
 */
export function malformedBodies(options: {
  dto: Function;
  validBody: Record<string, Json>;
  count: number;
  random: SeededRandom;
  bodyLimitBytes: number;
}): BodyCase[] {
  const { validBody, random } = options;
  const shape = dtoShape(options.dto);
  if (shape.fields.length === 0) throw new Error(`${options.dto.name} declares no validated fields: nothing to fuzz`);
  const json = 'application/json';
  const single = mutations(shape, validBody, [], random);
  const cases: BodyCase[] = single.map((mutation) => {
    const body = copy(validBody);
    mutation.apply(body);
    return {
      description: mutation.description,
      text: asJson(body),
      contentType: json,
      expectedStatus: 400,
      expectedFields: [mutation.field],
    };
  });

  const whole = (description: string, text: string, expectedStatus: 400 | 413 = 400, contentType = json): BodyCase => ({
    description,
    text,
    contentType,
    expectedStatus,
    expectedFields: [],
  });
  for (const text of NOT_JSON) cases.push(whole(`not JSON: ${JSON.stringify(text.slice(0, 24))}`, text));
  for (const text of NOT_AN_OBJECT) cases.push(whole(`not an object: ${text}`, text));
  const validText = asJson(validBody);
  cases.push(whole('truncated body', validText.slice(0, Math.floor(validText.length / 2))));
  cases.push(whole('empty body', ''));
  cases.push(
    whole('body over the limit', asJson({ ...validBody, padding: 'x'.repeat(options.bodyLimitBytes + 1) }), 413),
  );
  cases.push(
    whole(
      'a field over the body limit',
      asJson({ ...validBody, [shape.fields[0].name]: 'x'.repeat(options.bodyLimitBytes) }),
      413,
    ),
  );
  if (shape.fields.some((field) => !field.optional)) {
    cases.push(whole('form-encoded instead of JSON', 'a=1&b=2', 400, 'application/x-www-form-urlencoded'));
    cases.push(whole('plain text instead of JSON', validText, 400, 'text/plain'));
  }

  // Hostile shapes that parse: prototype keys, deep nesting, duplicate keys, huge numbers.
  const first = shape.fields[0].name;
  const withText = (key: string, raw: string) => `{${validText.slice(1, -1)},${JSON.stringify(key)}:${raw}}`;
  const hostile: [string, string, string][] = [
    ['__proto__ with a polluting payload', '__proto__', withText('__proto__', '{"polluted":"yes","isAdmin":true}')],
    ['constructor.prototype pollution', 'constructor', withText('constructor', '{"prototype":{"polluted":"yes"}}')],
    ['nesting 5,000 deep', 'deep', withText('deep', '['.repeat(5000) + ']'.repeat(5000))],
    ['nesting 15,000 objects deep', 'deep', withText('deep', '{"a":'.repeat(15000) + '1' + '}'.repeat(15000))],
    [`${first} given twice, last invalid`, first, `{${validText.slice(1, -1)},${JSON.stringify(first)}:{"$gt":""}}`],
    ['a number beyond double range', 'huge', withText('huge', '1e999')],
  ];
  for (const [description, field, text] of hostile) {
    cases.push({ description, text, contentType: json, expectedStatus: 400, expectedFields: [field] });
  }

  // Combinations: several fields wrong at once must all be named.
  const byField = new Map<string, Mutation[]>();
  for (const mutation of single) byField.set(mutation.field, [...(byField.get(mutation.field) ?? []), mutation]);
  const fields = [...byField.keys()].filter((field) => !field.includes('.') || !byField.has(field.split('.')[0]));
  while (cases.length < options.count) {
    const chosen = random.sample(fields, 2 + random.int(2)).map((field) => random.pick(byField.get(field)!));
    const body = copy(validBody);
    for (const mutation of chosen) mutation.apply(body);
    const gates = chosen.filter((mutation) => mutation.gate);
    cases.push({
      description: chosen.map((mutation) => mutation.description).join(' + '),
      text: asJson(body),
      contentType: json,
      expectedStatus: 400,
      expectedFields: (gates.length > 0 ? gates : chosen).map((mutation) => mutation.field),
    });
  }
  return cases;
}
