import type { SchemaObject } from '@nestjs/swagger';

/** The success answer of one route: its status and the schema of its body. */
export interface OperationResponse {
  status: number;
  /** A `$ref` into `schemas`, or an inline schema. */
  schema: SchemaObject | { $ref: string };
}

/**
 * What a service's routes answer on success, generated from the controllers' TypeScript return types by
 * `npm run docs:openapi` (the types are interfaces: nothing of them is left at run time to read).
 */
export interface OpenApiResponses {
  /** Named response schemas: `components.schemas`. */
  schemas: Record<string, SchemaObject>;
  /** By operation id, `<Controller>.<method>`. */
  operations: Record<string, OperationResponse>;
}
