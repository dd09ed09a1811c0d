import fs from 'node:fs';
import path from 'node:path';
import type { EventContract } from '../event-contract.js';
import type { JsonSchema } from '../schema/json-schema.js';

/**
 * A published schema version as committed under `libs/contracts/published/`: the schema and the
 * topic the version was published on, as they were on the day of publication. Integrators can
 * pin these files; the compatibility test holds the catalogue to them.
 */
export interface PublishedSchema {
  type: string;
  version: number;
  topic: string;
  schema: JsonSchema;
}

export function publishedFileName(type: string, version: number): string {
  return `${type}.v${version}.json`;
}

export function publishedSchemaOf(contract: EventContract): PublishedSchema {
  return { type: contract.type, version: contract.version, topic: contract.topic, schema: contract.schema };
}

/** The exact bytes of a published file: stable, so the same contract always renders the same file. */
export function renderPublishedSchema(published: PublishedSchema): string {
  return `${JSON.stringify(published, null, 2)}\n`;
}

/** Every published file in `directory`, checked to be named after the version it holds. */
export function readPublishedSchemas(directory: string): PublishedSchema[] {
  return fs
    .readdirSync(directory)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const published = JSON.parse(fs.readFileSync(path.join(directory, file), 'utf8')) as PublishedSchema;
      const expected = publishedFileName(published.type, published.version);
      if (file !== expected)
        throw new Error(`${file} holds ${published.type} v${published.version}; it should be named ${expected}`);
      return published;
    });
}
