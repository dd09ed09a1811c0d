import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { publishedContracts } from '../contract-catalogue.js';
import { defineEventContract, type EventContract } from '../event-contract.js';
import { choice, integer, object, optional } from '../schema/schema-builders.js';
import { TOPICS } from '../topics.js';
import { incompatibilitiesWithPublished, unpublishedContracts } from './published-compatibility.js';
import {
  publishedFileName,
  publishedSchemaOf,
  readPublishedSchemas,
  renderPublishedSchema,
} from './published-schema.js';
import { publishSchemas } from './publish-schemas.js';

const publishedDirectory = fileURLToPath(new URL('../../published/', import.meta.url));

describe('published schema versions (libs/contracts/published)', () => {
  const published = readPublishedSchemas(publishedDirectory);

  it('are all still accepted by the catalogue: no published version was broken', () => {
    expect(incompatibilitiesWithPublished(published, publishedContracts)).toEqual([]);
  });

  it('include every catalogue version (run `npm run contracts:publish` after adding one)', () => {
    expect(unpublishedContracts(published, publishedContracts).map((c) => `${c.type} v${c.version}`)).toEqual([]);
  });
});

/** A contract as it might evolve, to exercise the publication rules on a scratch directory. */
const engagement = (version: number, data: Parameters<typeof defineEventContract>[0]['data']): EventContract =>
  defineEventContract({
    type: 'lead.case.engagement-scored',
    version,
    topic: TOPICS.cases,
    summary: 'test',
    description: 'test',
    data,
  });

const v1 = engagement(
  1,
  object({ level: choice(['high', 'low'], 'level'), contacts: optional(integer('n', { minimum: 0 })) }),
);

describe('checking the catalogue against published versions', () => {
  it('reports a version that was withdrawn or moved to another topic, naming type and version', () => {
    const published = [publishedSchemaOf(v1)];
    expect(incompatibilitiesWithPublished(published, [])).toEqual([
      'lead.case.engagement-scored v1: published, but no longer in the catalogue (published versions are never withdrawn)',
    ]);
    expect(incompatibilitiesWithPublished(published, [{ ...v1, topic: TOPICS.referrals }])).toEqual([
      'lead.case.engagement-scored v1: topic lead.cases.v1 → lead.referrals.v1 (consumers subscribe by topic)',
    ]);
  });

  it('reports a breaking change naming type, version and field', () => {
    const changed = engagement(1, object({ level: choice(['high'], 'level'), contacts: integer('n', { minimum: 0 }) }));
    expect(incompatibilitiesWithPublished([publishedSchemaOf(v1)], [changed])).toEqual([
      'lead.case.engagement-scored v1: level: no longer accepts "low" [enum-narrowed]',
      'lead.case.engagement-scored v1: contacts: was optional, is now required [made-required]',
    ]);
  });
});

describe('publishSchemas', () => {
  let directory: string;
  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-published-'));
  });
  afterEach(() => fs.rmSync(directory, { recursive: true, force: true }));

  const fileOf = (contract: EventContract) => path.join(directory, publishedFileName(contract.type, contract.version));

  it('writes a file per version not yet published, named after it', () => {
    const report = publishSchemas(directory, [v1]);
    expect(report).toEqual({ added: ['lead.case.engagement-scored.v1.json'], unchanged: [], kept: [] });
    expect(fs.readFileSync(fileOf(v1), 'utf8')).toBe(renderPublishedSchema(publishedSchemaOf(v1)));
    expect(readPublishedSchemas(directory)).toEqual([JSON.parse(JSON.stringify(publishedSchemaOf(v1)))]);
  });

  it('leaves published versions alone and adds a new version beside them', () => {
    publishSchemas(directory, [v1]);
    const v2 = engagement(2, object({ engagement: choice(['high', 'low'], 'level') }));
    expect(publishSchemas(directory, [v1, v2])).toEqual({
      added: ['lead.case.engagement-scored.v2.json'],
      unchanged: ['lead.case.engagement-scored.v1.json'],
      kept: [],
    });
  });

  it('never overwrites a published file, even when the version changed compatibly', () => {
    publishSchemas(directory, [v1]);
    const before = fs.readFileSync(fileOf(v1), 'utf8');
    const widened = engagement(
      1,
      object({ level: choice(['high', 'low', 'none'], 'level'), contacts: optional(integer('n')) }),
    );
    expect(publishSchemas(directory, [widened])).toEqual({
      added: [],
      unchanged: [],
      kept: [{ file: 'lead.case.engagement-scored.v1.json', breaking: [] }],
    });
    expect(fs.readFileSync(fileOf(v1), 'utf8')).toBe(before);
  });

  it('refuses to overwrite a published file with a breaking change, and says what breaks', () => {
    publishSchemas(directory, [v1]);
    const before = fs.readFileSync(fileOf(v1), 'utf8');
    const broken = engagement(1, object({ level: choice(['high', 'low'], 'level') }));
    expect(publishSchemas(directory, [broken]).kept).toEqual([
      {
        file: 'lead.case.engagement-scored.v1.json',
        breaking: ['lead.case.engagement-scored v1: contacts: removed [removed]'],
      },
    ]);
    expect(fs.readFileSync(fileOf(v1), 'utf8')).toBe(before);
  });

  it('refuses a file named after another version than the one it holds', () => {
    fs.writeFileSync(path.join(directory, 'lead.case.opened.v2.json'), renderPublishedSchema(publishedSchemaOf(v1)));
    expect(() => readPublishedSchemas(directory)).toThrow(
      'lead.case.opened.v2.json holds lead.case.engagement-scored v1; it should be named lead.case.engagement-scored.v1.json',
    );
  });
});
