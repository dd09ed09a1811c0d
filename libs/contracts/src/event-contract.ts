import { JSON_SCHEMA_DIALECT } from './schema/json-schema.js';
import type { TypedSchema } from './schema/typed-schema.js';
import type { PublishedTopic } from './topics.js';

/**
 * One published version of one integration event type: the CloudEvents `type`, the version of its
 * data schema, the topic it travels on and the JSON Schema of its `data`. A version, once
 * published, only ever changes compatibly; anything else is a new version beside it.
 */
export interface EventContract<Type extends string = string, Version extends number = number, Data = unknown> {
  /** CloudEvents `type`, `lead.<aggregate>.<what-happened>`. */
  readonly type: Type;
  /** The envelope's `schemaVersion` (and the `ce_schemaversion` header). */
  readonly version: Version;
  readonly topic: PublishedTopic;
  /** One line: what happened. */
  readonly summary: string;
  /** JSON Schema (draft 2020-12) of the event's `data`; its `$id` is the CloudEvents `dataschema`. */
  readonly schema: TypedSchema<Data>;
}

/** The TypeScript type of a contract's `data`. */
export type ContractData<C> = C extends EventContract<string, number, infer Data> ? Data : never;

/** The CloudEvents `dataschema` of a version: a URN, because the schemas ship in this package, not on a server. */
export function dataSchemaUri(type: string, version: number): string {
  return `urn:lead:contracts:${type}:v${version}`;
}

export interface EventContractDefinition<Type extends string, Version extends number, Data> {
  type: Type;
  version: Version;
  topic: PublishedTopic;
  summary: string;
  /** When the event is emitted and what its consumers may rely on; becomes the schema's description. */
  description: string;
  data: TypedSchema<Data>;
}

export function defineEventContract<const Type extends string, const Version extends number, Data>(
  definition: EventContractDefinition<Type, Version, Data>,
): EventContract<Type, Version, Data> {
  const { type, version, topic, summary, description, data } = definition;
  return {
    type,
    version,
    topic,
    summary,
    schema: {
      $schema: JSON_SCHEMA_DIALECT,
      $id: dataSchemaUri(type, version),
      title: `${type} v${version}`,
      description,
      ...data,
    },
  };
}
