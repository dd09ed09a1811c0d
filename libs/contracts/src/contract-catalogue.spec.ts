import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { contractCatalogue, eventHistories, findContract, latestContract } from './contract-catalogue.js';
import { dataSchemaUri } from './event-contract.js';
import { JSON_SCHEMA_DIALECT } from './schema/json-schema.js';
import { TOPICS } from './topics.js';

/** Which topic each aggregate's events travel on (DESIGN.md §5: one topic per bounded context). */
const TOPIC_OF_AGGREGATE: Record<string, string> = {
  referral: TOPICS.referrals,
  participant: TOPICS.referrals,
  // The justice-system import lives in the referrals service: only it holds identity and the blind index.
  justice: TOPICS.referrals,
  case: TOPICS.cases,
  prosecution: TOPICS.prosecution,
};

describe('the contract catalogue', () => {
  it('covers the LEAD journey from referral to sealing', () => {
    expect(eventHistories.map((h) => h.type)).toEqual([
      'lead.referral.recorded',
      'lead.referral.screened',
      'lead.referral.offer-accepted',
      'lead.referral.offer-declined',
      'lead.referral.aggrieved-party-agreement-recorded',
      'lead.referral.handed-off',
      'lead.referral.prosecutor-eligibility-decided',
      'lead.referral.accepted',
      'lead.referral.closed',
      'lead.participant.merged',
      'lead.justice.record-imported',
      'lead.justice.comparison-counted',
      'lead.case.opened',
      'lead.case.intake-completed',
      'lead.case.demographics-recorded',
      'lead.case.assessment-completed',
      'lead.case.plan-updated',
      'lead.case.service-referral-status-changed',
      'lead.case.contact-logged',
      'lead.case.engagement-changed',
      'lead.case.exited',
      'lead.case.reenrolled',
      'lead.case.consent-recorded',
      'lead.case.consent-revoked',
      'lead.case.monthly-snapshot-recorded',
      'lead.prosecution.charge-held',
      'lead.prosecution.eligibility-decided',
      'lead.prosecution.charge-declined',
      'lead.prosecution.charge-released',
      'lead.prosecution.charge-filed',
      'lead.prosecution.new-charge-coordinated',
      'lead.prosecution.sealing-eligible',
      'lead.prosecution.legal-matter-coordinated',
      'lead.prosecution.termination-decided',
      'lead.prosecution.sealing-confirmed',
      'lead.prosecution.arrest-expunged',
    ]);
  });

  it('lists every version once, each type on the topic of its aggregate', () => {
    const keys = contractCatalogue.map((c) => `${c.type} v${c.version}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const contract of contractCatalogue) {
      const [, aggregate] = contract.type.split('.');
      expect({ type: contract.type, topic: contract.topic }).toEqual({
        type: contract.type,
        topic: TOPIC_OF_AGGREGATE[aggregate!],
      });
    }
  });

  it('gives each version a draft 2020-12 schema of a closed object, identified by its dataschema URN', () => {
    for (const { type, version, schema } of contractCatalogue) {
      expect(schema).toMatchObject({
        $schema: JSON_SCHEMA_DIALECT,
        $id: dataSchemaUri(type, version),
        type: 'object',
        additionalProperties: false,
      });
      expect(schema.description?.length).toBeGreaterThan(20);
    }
  });

  it('holds only schemas a strict draft 2020-12 validator compiles', () => {
    const ajv = new Ajv2020({ strict: true });
    formats.default(ajv);
    for (const contract of contractCatalogue) expect(() => ajv.compile(contract.schema)).not.toThrow();
  });

  it('finds a version, and the latest version of a type', () => {
    expect(findContract('lead.referral.handed-off', 1)?.version).toBe(1);
    expect(findContract('lead.referral.handed-off', 3)).toBeUndefined();
    expect(findContract('lead.referral.unknown', 1)).toBeUndefined();
    expect(latestContract('lead.referral.handed-off')?.version).toBe(2);
    expect(latestContract('lead.case.opened')?.version).toBe(1);
  });
});
