import { isDeepStrictEqual } from 'node:util';
import type { JsonSchema, JsonType } from '../schema/json-schema.js';

export type BreakingChangeKind =
  | 'removed'
  | 'type-changed'
  | 'enum-narrowed'
  | 'format-changed'
  | 'pattern-changed'
  | 'range-narrowed'
  | 'made-required'
  | 'added-required'
  | 'closed'
  | 'narrowed'
  | 'unprovable';

export interface BreakingChange {
  /** The data field, dotted (`deadline.met`, `criteria[].outcome`); `` for the event data itself. */
  field: string;
  kind: BreakingChangeKind;
  message: string;
}

type Schema = JsonSchema | boolean;

/** Keywords that document and never change what validates. */
const ANNOTATIONS: ReadonlySet<string> = new Set([
  '$schema',
  '$id',
  '$comment',
  '$anchor',
  'title',
  'description',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  '$defs',
  'definitions',
]);

/** Keywords compared below; any other keyword that changes is reported as unprovable. */
const COMPARED: ReadonlySet<string> = new Set([
  '$ref',
  'type',
  'enum',
  'const',
  'format',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'items',
  'prefixItems',
  'properties',
  'required',
  'additionalProperties',
  'anyOf',
  'oneOf',
]);

/**
 * What a schema change breaks, judged as a consumer sees it: every event valid under the published
 * version must stay valid under the current one (old events are replayed and upcast for years), and
 * no published field may disappear (consumers read it). So it breaks to remove a property, change
 * or narrow a type, drop an enumerated value, add or change a format or pattern, tighten a bound,
 * require a field that was optional or new, or close an open object. Adding an optional property
 * to a closed object, adding enumerated values, loosening bounds and editing descriptions do not.
 * Where compatibility cannot be shown (a changed `allOf`, `not`, conditional, `patternProperties`
 * or unknown keyword) the change counts as breaking: a new version costs less than a broken consumer.
 * Local `$ref`s (`#/$defs/…`) are followed on both sides.
 */
export function findBreakingChanges(published: JsonSchema, current: JsonSchema): BreakingChange[] {
  const out: BreakingChange[] = [];
  compare(published, current, '', { before: published, after: current, out, seen: new Set() });
  return out;
}

interface Context {
  before: JsonSchema;
  after: JsonSchema;
  out: BreakingChange[];
  /** `$ref` pairs being compared, so a recursive schema terminates. */
  seen: Set<string>;
}

function compare(before: Schema, after: Schema, field: string, context: Context): void {
  const report = (kind: BreakingChangeKind, message: string, at = field) =>
    context.out.push({ field: at, kind, message: `${at || '(data)'}: ${message}` });

  if (
    typeof before === 'object' &&
    typeof after === 'object' &&
    (before.$ref !== undefined || after.$ref !== undefined)
  ) {
    const pair = `${before.$ref ?? ''}→${after.$ref ?? ''}@${field}`;
    if (context.seen.has(pair)) return;
    context.seen.add(pair);
    const resolvedBefore = resolve(before, context.before);
    const resolvedAfter = resolve(after, context.after);
    if (resolvedBefore === undefined || resolvedAfter === undefined) {
      if (!isDeepStrictEqual(before, after))
        report('unprovable', `reference ${after.$ref ?? before.$ref} cannot be resolved locally`);
      return;
    }
    compare(resolvedBefore, resolvedAfter, field, context);
    return;
  }
  if (after === true || before === false) return;
  if (after === false) {
    report('narrowed', 'accepts nothing any more');
    return;
  }
  if (before === true) {
    if (Object.keys(after).some((keyword) => !ANNOTATIONS.has(keyword)))
      report('narrowed', 'was any value, is now constrained');
    return;
  }

  if (
    after.anyOf !== undefined ||
    after.oneOf !== undefined ||
    before.anyOf !== undefined ||
    before.oneOf !== undefined
  ) {
    if (!isDeepStrictEqual(before.anyOf, after.anyOf) || !isDeepStrictEqual(before.oneOf, after.oneOf)) {
      compareAlternatives(before, after, field, context, report);
      return;
    }
  }

  compareTypes(before, after, report);
  compareValues(before, after, report);
  compareBounds(before, after, report);
  compareObjects(before, after, field, context, report);
  compareArrays(before, after, field, context);

  for (const keyword of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (ANNOTATIONS.has(keyword) || COMPARED.has(keyword) || keyword.startsWith('x-')) continue;
    if (!isDeepStrictEqual(before[keyword], after[keyword])) {
      report('unprovable', `\`${keyword}\` changed and its compatibility cannot be shown`);
    }
  }
}

type Report = (kind: BreakingChangeKind, message: string, at?: string) => void;

function compareTypes(before: JsonSchema, after: JsonSchema, report: Report): void {
  const allowed = typesOf(after);
  if (allowed === undefined) return;
  const had = typesOf(before) ?? valueTypes(before);
  if (had === undefined) {
    report('type-changed', `was any type, is now ${allowed.join(' | ')}`);
    return;
  }
  const lost = had.filter((type) => !allowed.includes(type) && !(type === 'integer' && allowed.includes('number')));
  if (lost.length > 0) report('type-changed', `type ${had.join(' | ')} → ${allowed.join(' | ')}`);
}

function compareValues(before: JsonSchema, after: JsonSchema, report: Report): void {
  const allowed = after.enum ?? (after.const !== undefined ? [after.const] : undefined);
  if (allowed !== undefined) {
    const had = before.enum ?? (before.const !== undefined ? [before.const] : undefined);
    if (had === undefined) report('enum-narrowed', `now restricted to ${allowed.map(show).join(', ')}`);
    else {
      const dropped = had.filter((value) => !allowed.some((kept) => isDeepStrictEqual(kept, value)));
      if (dropped.length > 0) report('enum-narrowed', `no longer accepts ${dropped.map(show).join(', ')}`);
    }
  }
  if (after.format !== undefined && after.format !== before.format) {
    report(
      'format-changed',
      before.format === undefined ? `format "${after.format}" added` : `format "${before.format}" → "${after.format}"`,
    );
  }
  if (after.pattern !== undefined && after.pattern !== before.pattern) {
    report(
      'pattern-changed',
      before.pattern === undefined
        ? `pattern /${after.pattern}/ added`
        : `pattern /${before.pattern}/ → /${after.pattern}/`,
    );
  }
}

function compareBounds(before: JsonSchema, after: JsonSchema, report: Report): void {
  const lower = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'] as const;
  const upper = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'] as const;
  for (const keyword of lower) {
    const now = after[keyword] as number | undefined;
    const was = before[keyword] as number | undefined;
    if (now !== undefined && (was === undefined || now > was))
      report('range-narrowed', `${keyword} ${was ?? 'none'} → ${now}`);
  }
  for (const keyword of upper) {
    const now = after[keyword] as number | undefined;
    const was = before[keyword] as number | undefined;
    if (now !== undefined && (was === undefined || now < was))
      report('range-narrowed', `${keyword} ${was ?? 'none'} → ${now}`);
  }
  if (
    after.multipleOf !== undefined &&
    (before.multipleOf === undefined || before.multipleOf % after.multipleOf !== 0)
  ) {
    report('range-narrowed', `multipleOf ${before.multipleOf ?? 'none'} → ${after.multipleOf}`);
  }
  if (after.uniqueItems === true && before.uniqueItems !== true) report('range-narrowed', 'items must now be unique');
}

function compareObjects(before: JsonSchema, after: JsonSchema, field: string, context: Context, report: Report): void {
  const beforeProperties = before.properties ?? {};
  const afterProperties = after.properties ?? {};
  const beforeRequired = new Set(before.required ?? []);
  for (const [name, schema] of Object.entries(beforeProperties)) {
    const kept = afterProperties[name];
    if (kept === undefined) report('removed', 'removed', join(field, name));
    else compare(schema, kept, join(field, name), context);
  }
  for (const name of after.required ?? []) {
    if (beforeRequired.has(name)) continue;
    if (name in beforeProperties) report('made-required', 'was optional, is now required', join(field, name));
    else report('added-required', 'new required field: events published before lack it', join(field, name));
  }
  const wasOpen = before.additionalProperties ?? true;
  const isOpen = after.additionalProperties ?? true;
  for (const [name, schema] of Object.entries(afterProperties)) {
    // A property new to an open object may already occur in old events, with any value the object allowed.
    if (!(name in beforeProperties) && wasOpen !== false) compare(wasOpen, schema, join(field, name), context);
  }
  if (isOpen === false && wasOpen !== false) {
    report('closed', 'additionalProperties was open, is now false: properties old events carry are refused');
  } else if (isOpen !== false) {
    compare(wasOpen, isOpen, join(field, '*'), context);
  }
  if (!isDeepStrictEqual(before.patternProperties, after.patternProperties)) {
    report('unprovable', '`patternProperties` changed and its compatibility cannot be shown');
  }
}

function compareArrays(before: JsonSchema, after: JsonSchema, field: string, context: Context): void {
  if (after.items !== undefined) compare(before.items ?? true, after.items, `${field}[]`, context);
  const beforePrefix = before.prefixItems ?? [];
  (after.prefixItems ?? []).forEach((item, index) => {
    compare(beforePrefix[index] ?? before.items ?? true, item, `${field}[${index}]`, context);
  });
}

/** anyOf / oneOf: each alternative the published schema allowed must fit some alternative of the current one. */
function compareAlternatives(
  before: JsonSchema,
  after: JsonSchema,
  field: string,
  context: Context,
  report: Report,
): void {
  const fits = (alternative: JsonSchema) =>
    alternativesOf(after).some((candidate) => {
      const trial: Context = { ...context, out: [], seen: new Set(context.seen) };
      compare(alternative, candidate, field, trial);
      return trial.out.length === 0;
    });
  const unmatched = alternativesOf(before).filter((alternative) => !fits(alternative));
  if (unmatched.length > 0) {
    report(
      'narrowed',
      `${unmatched.length} alternative(s) the published schema accepted no longer fit any current one`,
    );
  }
}

function alternativesOf(schema: JsonSchema): JsonSchema[] {
  const { anyOf, oneOf, ...base } = schema;
  const branches = anyOf ?? oneOf;
  return branches === undefined ? [schema] : branches.map((branch) => ({ ...base, ...branch }));
}

function resolve(schema: JsonSchema, root: JsonSchema): Schema | undefined {
  if (schema.$ref === undefined) return schema;
  const match = /^#\/(\$defs|definitions)\/([^/]+)$/.exec(schema.$ref);
  if (!match) return undefined;
  const definitions = root[match[1]!] as Record<string, JsonSchema> | undefined;
  const target = definitions?.[match[2]!.replace(/~1/g, '/').replace(/~0/g, '~')];
  if (target === undefined) return undefined;
  const { $ref: _ref, ...siblings } = schema;
  return Object.keys(siblings).length === 0 ? target : { allOf: [target, siblings] };
}

function typesOf(schema: JsonSchema): JsonType[] | undefined {
  if (schema.type === undefined) return undefined;
  return Array.isArray(schema.type) ? schema.type : [schema.type];
}

/** The JSON types of an enumeration's values, when a schema constrains by values rather than by type. */
function valueTypes(schema: JsonSchema): JsonType[] | undefined {
  const values = schema.enum ?? (schema.const !== undefined ? [schema.const] : undefined);
  if (values === undefined) return undefined;
  return [...new Set(values.map(jsonType))];
}

function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as JsonType;
}

function show(value: unknown): string {
  return JSON.stringify(value);
}

function join(field: string, name: string): string {
  return field === '' ? name : `${field}.${name}`;
}
