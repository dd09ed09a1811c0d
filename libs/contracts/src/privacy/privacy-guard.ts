import type { JsonSchema } from '../schema/json-schema.js';
import { personalDataNameRule } from './personal-data-names.js';

export interface PrivacyViolation {
  /** JSON Pointer into the schema. */
  schemaPath: string;
  /** The data field concerned, dotted (`referredBy.staffId`, `criteria[].outcome`); `` for the root. */
  field: string;
  rule: 'personal-data-name' | 'free-text' | 'open-object' | 'unconstrained';
  message: string;
}

/** Formats whose values are ids or timestamps. Any other format (`email`, `uri`, …) can carry personal data or text. */
const SAFE_FORMATS: ReadonlySet<string> = new Set(['uuid', 'date', 'date-time', 'time', 'duration']);

/** A pattern that accepts any of these accepts free text: no code, id or date contains a space. */
const FREE_TEXT_PROBES = ['a b', 'Jane Doe', 'lives at 12 Main St', 'x y z 1'];

/**
 * Walks a JSON Schema (every nested property, array item, `$defs` entry and combinator branch)
 * and reports what would let personal data onto the bus: a field named like personal data, a
 * string that accepts free text, an object that accepts unlisted fields, or a value with no
 * constraint at all. `not` is not walked: what it names is what it forbids.
 */
export function findPrivacyViolations(schema: JsonSchema | boolean): PrivacyViolation[] {
  const violations: PrivacyViolation[] = [];
  walk(schema, '', '', violations);
  return violations;
}

function walk(schema: JsonSchema | boolean, schemaPath: string, field: string, out: PrivacyViolation[]): void {
  const report = (rule: PrivacyViolation['rule'], message: string, at = field) =>
    out.push({ schemaPath: schemaPath || '/', field: at, rule, message });

  if (schema === false) return;
  if (schema === true) {
    report('unconstrained', 'accepts any value (`true` schema)');
    return;
  }

  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  const enumerated = schema.enum !== undefined || schema.const !== undefined;
  const composed = ['$ref', 'anyOf', 'oneOf', 'allOf'].some((keyword) => schema[keyword] !== undefined);
  const hasObjectKeywords = schema.properties !== undefined || schema.patternProperties !== undefined;
  if (types.length === 0 && !enumerated && !composed && !hasObjectKeywords) {
    report('unconstrained', 'has no type, enumeration or reference: accepts any value');
  }

  if (types.includes('string') && !enumerated) checkString(schema, report);

  if (types.includes('object') || hasObjectKeywords) {
    if (schema.additionalProperties !== false && schema.unevaluatedProperties !== false) {
      report('open-object', 'accepts properties it does not list: set `additionalProperties: false`');
    }
    for (const pattern of Object.keys(schema.patternProperties ?? {})) {
      report('open-object', `accepts any property matching /${pattern}/ (patternProperties): list the fields instead`);
    }
    const named = new Set([...Object.keys(schema.properties ?? {}), ...(schema.required ?? [])]);
    for (const name of named) {
      const rule = personalDataNameRule(name);
      if (rule) {
        report(
          'personal-data-name',
          `field "${name}" looks like ${rule.discloses}, which must not travel`,
          join(field, name),
        );
      }
    }
  }

  if (types.includes('array') && (schema.items === undefined || schema.items === true) && !schema.prefixItems) {
    report('unconstrained', 'array items are not constrained: set `items`');
  }

  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    walk(property, `${schemaPath}/properties/${escape(name)}`, join(field, name), out);
  }
  for (const [pattern, property] of Object.entries(schema.patternProperties ?? {})) {
    walk(property, `${schemaPath}/patternProperties/${escape(pattern)}`, join(field, `/${pattern}/`), out);
  }
  for (const keyword of ['additionalProperties', 'unevaluatedProperties'] as const) {
    const nested = schema[keyword];
    if (typeof nested === 'object') walk(nested, `${schemaPath}/${keyword}`, join(field, '*'), out);
  }
  if (schema.items !== undefined && schema.items !== true) walk(schema.items, `${schemaPath}/items`, `${field}[]`, out);
  schema.prefixItems?.forEach((item, index) =>
    walk(item, `${schemaPath}/prefixItems/${index}`, `${field}[${index}]`, out),
  );
  if (isSchema(schema.contains)) walk(schema.contains, `${schemaPath}/contains`, `${field}[]`, out);
  for (const keyword of ['anyOf', 'oneOf', 'allOf'] as const) {
    schema[keyword]?.forEach((branch, index) => walk(branch, `${schemaPath}/${keyword}/${index}`, field, out));
  }
  for (const keyword of ['if', 'then', 'else'] as const) {
    const branch = schema[keyword];
    if (isSchema(branch)) walk(branch, `${schemaPath}/${keyword}`, field, out);
  }
  for (const keyword of ['$defs', 'definitions', 'dependentSchemas'] as const) {
    const entries = schema[keyword];
    if (entries && typeof entries === 'object') {
      for (const [name, definition] of Object.entries(entries as Record<string, JsonSchema>)) {
        const at = keyword === 'dependentSchemas' ? field : `#${name}`;
        walk(definition, `${schemaPath}/${keyword}/${escape(name)}`, at, out);
      }
    }
  }
}

function checkString(schema: JsonSchema, report: (rule: PrivacyViolation['rule'], message: string) => void): void {
  if (schema.format !== undefined) {
    if (!SAFE_FORMATS.has(schema.format)) {
      report(
        'free-text',
        `string format "${schema.format}" can carry personal data or text; use an id, a code or a date`,
      );
    }
    return;
  }
  if (schema.pattern === undefined) {
    report('free-text', 'unconstrained string: give it an enumeration, a pattern or an id/date format');
    return;
  }
  const pattern = new RegExp(schema.pattern, 'u');
  const accepted = FREE_TEXT_PROBES.find((probe) => pattern.test(probe));
  if (accepted !== undefined) report('free-text', `pattern /${schema.pattern}/ accepts free text ("${accepted}")`);
}

function isSchema(value: unknown): value is JsonSchema | boolean {
  return typeof value === 'boolean' || (typeof value === 'object' && value !== null);
}

function join(field: string, name: string): string {
  return field === '' ? name : `${field}.${name}`;
}

/** JSON Pointer escaping (RFC 6901). */
function escape(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
