import { IDENTIFIER_PATTERNS } from '../identifiers.js';
import type { JsonSchema } from './json-schema.js';
import type { Infer, Simplify, TypedSchema } from './typed-schema.js';

/*
 * Small builders for the only shapes integration events need. They exist so that every string is
 * constrained (a code, an enumeration, an id or a date: never free text, which could carry a
 * narrative), every object is closed (`additionalProperties: false`, so nothing unlisted travels)
 * and every field has a description, without repeating that in each of the event files.
 * Only keywords shared by JSON Schema draft-07 and 2020-12 are emitted, so the same schemas are
 * valid AsyncAPI 3 payload schemas.
 */

/** Marks an object property as optional (left out of `required`). */
export class OptionalProperty<T> {
  readonly optional = true;
  constructor(readonly schema: TypedSchema<T>) {}
}

export function optional<T>(schema: TypedSchema<T>): OptionalProperty<T> {
  return new OptionalProperty(schema);
}

// `any` in these constraints only lets every concrete schema type through; inference is exact.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySchema = TypedSchema<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyProperty = TypedSchema<any> | OptionalProperty<any>;
type Properties = Record<string, AnyProperty>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type OptionalKeys<P extends Properties> = { [K in keyof P]: P[K] extends OptionalProperty<any> ? K : never }[keyof P];
type RequiredKeys<P extends Properties> = Exclude<keyof P, OptionalKeys<P>>;

/** The data type of an object schema built from `P`. */
export type ObjectData<P extends Properties> = Simplify<
  { [K in RequiredKeys<P>]: Infer<P[K]> } & {
    [K in OptionalKeys<P>]?: P[K] extends OptionalProperty<infer T> ? T : never;
  }
>;

/** A closed object: every property listed, nothing else accepted. Required unless `optional(…)`. */
export function object<const P extends Properties>(properties: P, description?: string): TypedSchema<ObjectData<P>> {
  const schemas: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [key, property] of Object.entries(properties)) {
    if (property instanceof OptionalProperty) schemas[key] = property.schema;
    else {
      schemas[key] = property;
      required.push(key);
    }
  }
  return {
    type: 'object',
    ...(description === undefined ? {} : { description }),
    properties: schemas,
    required,
    additionalProperties: false,
  };
}

/** One of a fixed list of string values. Adding a value later is compatible; removing one is not. */
export function choice<const V extends readonly [string, ...string[]]>(
  values: V,
  description: string,
): TypedSchema<V[number]> {
  return { type: 'string', enum: [...values], description };
}

/** Exactly one string value: the tag of one alternative of a `oneOf` (`{ kind: constant('date'), … }`). */
export function constant<const V extends string>(value: V, description: string): TypedSchema<V> {
  return { type: 'string', const: value, description };
}

/**
 * Exactly one of several shapes. For objects, tag each alternative with a `constant` property (`kind`) so that no
 * value can match two of them and consumers can switch on the tag; JSON Schema's `oneOf` then means the same as the
 * TypeScript union. There is no `discriminator` keyword: it is OpenAPI's, and a strict draft 2020-12 validator
 * refuses it.
 */
export function oneOf<const A extends readonly [AnySchema, AnySchema, ...AnySchema[]]>(
  alternatives: A,
  description: string,
): TypedSchema<Infer<A[number]>> {
  return { oneOf: [...alternatives], description };
}

/** A UUID: entity ids (referral, case, matter) and the pseudonymous participant id. */
export function uuid(description: string): TypedSchema<string> {
  return { type: 'string', format: 'uuid', description };
}

/** A calendar date, `YYYY-MM-DD`. */
export function date(description: string): TypedSchema<string> {
  return { type: 'string', format: 'date', description };
}

/** An instant, RFC 3339 with offset (`2024-05-01T14:03:00Z`). */
export function dateTime(description: string): TypedSchema<string> {
  return { type: 'string', format: 'date-time', description };
}

/** A calendar month, `YYYY-MM`. */
export function yearMonth(description: string): TypedSchema<string> {
  return { type: 'string', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description };
}

/**
 * A code from a jurisdiction's configuration (agency, district, protocol version, offense code,
 * reason code): letters, digits and `._-`, no spaces, at most 64 characters. Codes are what the
 * configuration defines, so they cannot be enumerated here; the pattern still rules out free text.
 * The pattern is `IDENTIFIER_PATTERNS.configuredCode`, which requests and tokens are checked against too.
 */
export function code(description: string): TypedSchema<string> {
  return { type: 'string', pattern: IDENTIFIER_PATTERNS.configuredCode, description };
}

/**
 * An opaque staff identifier (the `sub` of the staff member's token): letters, digits and `._:-`.
 * The pattern has no `@` or space, so an e-mail address or a name cannot pass for one.
 * The pattern is `IDENTIFIER_PATTERNS.staffId`, which token subjects are checked against too.
 */
export function staffId(description: string): TypedSchema<string> {
  return { type: 'string', pattern: IDENTIFIER_PATTERNS.staffId, description };
}

export function integer(description: string, range: { minimum?: number; maximum?: number } = {}): TypedSchema<number> {
  return { type: 'integer', ...range, description };
}

/** A decimal number, e.g. minutes to a tenth. */
export function number(description: string, range: { minimum?: number; maximum?: number } = {}): TypedSchema<number> {
  return { type: 'number', ...range, description };
}

export function boolean(description: string): TypedSchema<boolean> {
  return { type: 'boolean', description };
}

/** A list; `unique` for sets of codes. */
export function arrayOf<T>(
  items: TypedSchema<T>,
  description: string,
  bounds: { minItems?: number; maxItems?: number; unique?: boolean } = {},
): TypedSchema<T[]> {
  const { unique, ...counts } = bounds;
  return { type: 'array', items, ...counts, ...(unique ? { uniqueItems: true } : {}), description };
}
