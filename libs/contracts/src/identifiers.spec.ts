import { Ajv2020 } from 'ajv/dist/2020.js';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  AGENCY_ID,
  CONFIGURED_CODE,
  DISTRICT_ID,
  IDENTIFIER_PATTERNS,
  isJurisdictionId,
  JURISDICTION_ID,
  REASON_CODE,
  STAFF_ID,
} from './identifiers.js';
import { INTEGRATION_EVENT_HEADERS } from './kafka-binding.js';
import { readPublishedSchemas } from './publication/published-schema.js';
import { AUDIT_TOPIC } from './topics.js';
import { integrationEventEnvelopeSchema } from './validation/integration-event-envelope.schema.js';

const publishedDirectory = fileURLToPath(new URL('../published/', import.meta.url));
const asyncApiDocument = fileURLToPath(new URL('../../../docs/asyncapi.yaml', import.meta.url));

/** Every `pattern` of a published schema, with the name of the field it constrains. */
function publishedPatterns(): Array<{ where: string; field: string; pattern: string }> {
  const found: Array<{ where: string; field: string; pattern: string }> = [];
  const walk = (node: unknown, where: string, field: string) => {
    if (Array.isArray(node)) node.forEach((item, index) => walk(item, `${where}/${index}`, field));
    else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      // A sealed value (base64 ciphertext, the scope of its key) is no identifier: libs/crypto defines its shape.
      if ((record.properties as Record<string, unknown> | undefined)?.$sealed !== undefined) return;
      if (typeof record.pattern === 'string') found.push({ where, field, pattern: record.pattern });
      for (const [key, value] of Object.entries(record))
        walk(value, `${where}/${key}`, where.endsWith('/properties') ? key : field);
    }
  };
  // The audit events carry the store's values (its id, hashes, positions, the signature), no identifier of a
  // participant, an agency or a staff member: their shapes are the event store's, checked against real checkpoints.
  for (const published of readPublishedSchemas(publishedDirectory).filter(({ topic }) => topic !== AUDIT_TOPIC))
    walk(published, `${published.type}@v${published.version}`, '');
  return found;
}

/** Which identifier a published field is, by its name. */
function kindOf(field: string): keyof typeof IDENTIFIER_PATTERNS | 'yearMonth' | undefined {
  if (field === 'month') return 'yearMonth';
  if (field === 'staffId') return 'staffId';
  if (/agency$/i.test(field)) return 'configuredCode';
  if (['district', 'reasonCode', 'offenseCode', 'protocolVersion', 'criterionCode'].includes(field))
    return 'configuredCode';
  // Case management: consent recipients (agencies), purposes; assessment instruments (`id`, `version`), occasions.
  if (['recipients', 'purpose', 'occasion', 'id', 'version'].includes(field)) return 'configuredCode';
  return undefined;
}

/** Strings around the edges of the patterns: separators, case, lengths, characters of e-mail addresses and sentences. */
function probes(): string[] {
  const alphabet = ['a', 'z', 'A', 'Z', '0', '9', '_', '-', '.', ':', '@', ' ', 'é', '/', '+'];
  const out = ['', '_DPD', 'DPD', 'denver', 'den--ver', 'denver-', '-denver', 'same_person_confirmed', 'a@b.org'];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let i = 0; i < 20_000; i++) {
    const length = [1, 2, 3, 5, 8, 63, 64, 65, 127, 128, 129][next() % 11];
    out.push(Array.from({ length }, () => alphabet[next() % alphabet.length]).join(''));
  }
  return out;
}

describe('identifier patterns (one definition for contracts, tokens and requests)', () => {
  it('equal the patterns of the published schemas, field by field', () => {
    const published = publishedPatterns();
    expect(published.length).toBeGreaterThan(10);
    const yearMonth = '^[0-9]{4}-(0[1-9]|1[0-2])$';
    for (const { where, field, pattern } of published) {
      const kind = kindOf(field);
      expect({ where, kind }).toEqual({ where, kind: expect.any(String) });
      expect({ where, pattern }).toEqual({
        where,
        pattern: kind === 'yearMonth' ? yearMonth : IDENTIFIER_PATTERNS[kind as keyof typeof IDENTIFIER_PATTERNS],
      });
    }
    const kinds = new Set(published.map(({ field }) => kindOf(field)));
    expect(kinds).toEqual(new Set(['configuredCode', 'staffId', 'yearMonth']));
  });

  it('the jurisdiction id is the envelope’s, in its schema, its Kafka header and the published AsyncAPI document', () => {
    expect(integrationEventEnvelopeSchema.properties.jurisdiction.pattern).toBe(IDENTIFIER_PATTERNS.jurisdictionId);
    expect(INTEGRATION_EVENT_HEADERS.find((header) => header.name === 'ce_jurisdiction')?.schema.pattern).toBe(
      IDENTIFIER_PATTERNS.jurisdictionId,
    );
    expect(fs.readFileSync(asyncApiDocument, 'utf8')).toContain(IDENTIFIER_PATTERNS.jurisdictionId);
  });

  it('the RegExps are the published sources, matching as the contracts’ validator (Ajv, `u` flag) matches', () => {
    expect(AGENCY_ID.source).toBe(IDENTIFIER_PATTERNS.configuredCode);
    expect(DISTRICT_ID.source).toBe(IDENTIFIER_PATTERNS.configuredCode);
    expect(CONFIGURED_CODE.source).toBe(IDENTIFIER_PATTERNS.configuredCode);
    expect(STAFF_ID.source).toBe(IDENTIFIER_PATTERNS.staffId);
    expect(JURISDICTION_ID.source).toBe(IDENTIFIER_PATTERNS.jurisdictionId);
    const ajv = new Ajv2020({ strict: true });
    const values = probes();
    for (const [regExp, pattern] of [
      [CONFIGURED_CODE, IDENTIFIER_PATTERNS.configuredCode],
      [STAFF_ID, IDENTIFIER_PATTERNS.staffId],
      [JURISDICTION_ID, IDENTIFIER_PATTERNS.jurisdictionId],
    ] as const) {
      const contract = ajv.compile({ type: 'string', pattern });
      const disagreements = values.filter((value) => regExp.test(value) !== contract(value));
      expect({ pattern, disagreements }).toEqual({ pattern, disagreements: [] });
    }
  });

  it('a reason code is always a configured code (what the contracts publish reason codes as), never the reverse', () => {
    const accepted = probes().filter((value) => REASON_CODE.test(value));
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.filter((value) => !CONFIGURED_CODE.test(value))).toEqual([]);
    for (const value of ['same_person_confirmed', 'meets_protocol', 'a'.repeat(64)])
      expect(REASON_CODE.test(value)).toBe(true);
    for (const value of ['_same', 'Meets_Protocol', 'meets-protocol', 'x', 'a'.repeat(65), 'He told me so'])
      expect(REASON_CODE.test(value)).toBe(false);
  });

  it('refuse what the contracts refuse: an agency starting with _, an e-mail address as staff id, a loose jurisdiction', () => {
    expect(AGENCY_ID.test('_DPD')).toBe(false);
    expect(AGENCY_ID.test('DPD')).toBe(true);
    expect(STAFF_ID.test('officer.smith@denvergov.org')).toBe(false);
    expect(STAFF_ID.test('auth0|officer-1')).toBe(false);
    expect(STAFF_ID.test('officer-1')).toBe(true);
    for (const value of ['denver-', '-denver', 'den--ver', 'Denver', '', 'a'.repeat(65)])
      expect({ value, ok: isJurisdictionId(value) }).toEqual({ value, ok: false });
    for (const value of ['denver', 'adams-county', '9', 'a'.repeat(64)])
      expect({ value, ok: isJurisdictionId(value) }).toEqual({ value, ok: true });
  });
});
