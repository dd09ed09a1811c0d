import type { JsonSchema } from './json-schema.js';

declare const dataType: unique symbol;

/**
 * A JSON Schema that also carries, for the compiler only, the TypeScript type of the data it
 * accepts. Each event's TypeScript type is derived from its schema (`Infer`), so the two cannot
 * disagree: there is one source of truth and integrators read both off the same declaration.
 * The marker property exists in the type only; at run time the schema is plain JSON.
 */
export type TypedSchema<T> = JsonSchema & { readonly [dataType]?: T };

/** The TypeScript type of the data a `TypedSchema` accepts. */
export type Infer<S> = S extends TypedSchema<infer T> ? T : never;

/** Flattens an intersection so editors show one object type. */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};
