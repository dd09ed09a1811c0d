import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { EventContract } from '../event-contract.js';
import { incompatibilitiesWithPublished } from './published-compatibility.js';
import {
  publishedFileName,
  publishedSchemaOf,
  renderPublishedSchema,
  type PublishedSchema,
} from './published-schema.js';

export interface PublicationReport {
  /** Files written: versions published now. */
  added: string[];
  /** Files already there with the same content. */
  unchanged: string[];
  /** Files already there whose version changed since: kept as published, never overwritten. */
  kept: Array<{ file: string; breaking: string[] }>;
}

/**
 * Writes a file for every catalogue version that has none, and nothing else: a published file is
 * the record of what integrators were promised and is never rewritten (the write itself refuses
 * to replace an existing file). A version that changed since publication is reported, with what
 * the change breaks; the compatibility test fails on the same findings.
 */
export function publishSchemas(directory: string, catalogue: readonly EventContract[]): PublicationReport {
  fs.mkdirSync(directory, { recursive: true });
  const report: PublicationReport = { added: [], unchanged: [], kept: [] };
  for (const contract of catalogue) {
    const file = publishedFileName(contract.type, contract.version);
    const target = path.join(directory, file);
    const current = publishedSchemaOf(contract);
    if (!fs.existsSync(target)) {
      fs.writeFileSync(target, renderPublishedSchema(current), { flag: 'wx' });
      report.added.push(file);
      continue;
    }
    const published = JSON.parse(fs.readFileSync(target, 'utf8')) as PublishedSchema;
    // Compared as JSON values: what the catalogue holds may differ from the file only in undefined members.
    if (isDeepStrictEqual(published, JSON.parse(JSON.stringify(current)))) report.unchanged.push(file);
    else report.kept.push({ file, breaking: incompatibilitiesWithPublished([published], [contract]) });
  }
  return report;
}
