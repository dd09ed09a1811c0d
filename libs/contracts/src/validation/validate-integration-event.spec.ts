import { randomUUID } from 'node:crypto';
import { integrationEvent, integrationEventFor } from '../../test/integration-events.js';
import { contractCatalogue } from '../contract-catalogue.js';
import type { ReferralHandedOffV1 } from '../events/referrals/referral-handed-off.v1.js';
import type { ReferralRecordedV1 } from '../events/referrals/referral-recorded.v1.js';
import {
  assertValidIntegrationEvent,
  InvalidIntegrationEventError,
  validateIntegrationEvent,
} from './validate-integration-event.js';

const recorded: ReferralRecordedV1 = {
  referralId: '0190f3a5-8c1e-7b4a-9d2e-3f6a1b2c4d5e',
  door: 'arrest_diversion',
  district: '6',
  referredBy: { agency: 'DPD', staffId: 'officer-4711' },
  referredAt: '2024-03-05T14:03:00-07:00',
  offenseCode: 'CO-18-18-403.5',
  protocolVersion: '2018-07',
};

const problemsOf = (event: unknown) => {
  const result = validateIntegrationEvent(event);
  return result.valid ? [] : result.problems;
};

describe('validateIntegrationEvent', () => {
  it('accepts every contract version with all its fields, and with only the required ones', () => {
    for (const contract of contractCatalogue) {
      for (const withOptional of [true, false]) {
        const result = validateIntegrationEvent(integrationEventFor(contract, { withOptional }));
        expect({ event: `${contract.type} v${contract.version}`, result }).toMatchObject({
          result: { valid: true, contract: { type: contract.type, version: contract.version } },
        });
      }
    }
  });

  it('refuses, for every contract version, data with an unlisted field, a missing field or a wrongly typed one', () => {
    for (const contract of contractCatalogue) {
      const event = integrationEventFor(contract);
      const [first] = contract.schema.required!;
      const { [first!]: _dropped, ...missing } = event.data;
      expect(problemsOf({ ...event, data: { ...event.data, firstName: 'x' } })).toEqual([
        { path: '/data', message: 'must not have property "firstName"' },
      ]);
      expect(problemsOf({ ...event, data: missing })).toEqual([
        { path: '/data', message: `must have property "${first}"` },
      ]);
      expect(problemsOf({ ...event, data: { ...event.data, [first!]: { nested: true } } })).toEqual([
        expect.objectContaining({ path: `/data/${first}` }),
      ]);
    }
  });

  it('answers the event and its contract for a valid event', () => {
    const event = integrationEvent('lead.referral.recorded', 1, recorded);
    const result = validateIntegrationEvent(event);
    expect(result).toEqual({
      valid: true,
      event,
      contract: expect.objectContaining({ type: 'lead.referral.recorded', version: 1 }),
    });
  });

  it('names the path of each problem, and never quotes the offending value', () => {
    const name = 'Jane Q. Public';
    const problems = problemsOf(
      integrationEvent('lead.referral.recorded', 1, {
        ...recorded,
        referredBy: { agency: 'DPD', staffId: name },
        door: name,
        referredAt: '2024-03-05 14:03',
      }),
    );
    expect(problems.map((p) => p.path).sort()).toEqual(['/data/door', '/data/referredAt', '/data/referredBy/staffId']);
    expect(JSON.stringify(problems)).not.toContain('Jane');
    expect(problems.find((p) => p.path === '/data/door')?.message).toBe(
      'must be one of "arrest_diversion", "social_contact", "community"',
    );
  });

  it('refuses an envelope that is not a LEAD integration event', () => {
    const event = integrationEvent('lead.referral.recorded', 1, recorded);
    expect(problemsOf({ ...event, participantId: 'Jane Doe' })).toEqual([
      { path: '/participantId', message: 'must match format "uuid"' },
    ]);
    expect(problemsOf({ ...event, subjectName: 'Jane Doe' })).toEqual([
      { path: '', message: 'must not have property "subjectName"' },
    ]);
    expect(problemsOf({ ...event, time: '2024-03-05T14:31:07' })).toEqual([
      { path: '/time', message: 'must match format "date-time"' },
    ]);
    expect(problemsOf({ ...event, correlationId: 'has spaces in it' })).toEqual([
      expect.objectContaining({ path: '/correlationId' }),
    ]);
    expect(problemsOf({ ...event, causationId: undefined })).toEqual([
      { path: '', message: 'must have property "causationId"' },
    ]);
    expect(problemsOf('not an event')).toEqual([{ path: '', message: 'must be object' }]);
  });

  it('accepts the optional parts of the envelope', () => {
    const event = integrationEvent('lead.referral.recorded', 1, recorded, {
      causationId: randomUUID(),
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    });
    expect(problemsOf(event)).toEqual([]);
    expect(problemsOf({ ...event, traceparent: 'nonsense' })).toEqual([
      expect.objectContaining({ path: '/traceparent' }),
    ]);
  });

  it('refuses a type or a schema version this library does not know', () => {
    expect(problemsOf(integrationEvent('lead.referral.teleported', 1, {}))).toEqual([
      { path: '/type', message: 'unknown event type "lead.referral.teleported"' },
    ]);
    expect(problemsOf(integrationEvent('lead.referral.recorded', 7, recorded))).toEqual([
      {
        path: '/schemaVersion',
        message: 'lead.referral.recorded has no schema version 7 here (known: 1); a newer @lead/contracts may know it',
      },
    ]);
  });

  it('checks data against the schema of the version the event declares', () => {
    const v1: ReferralHandedOffV1 = {
      referralId: randomUUID(),
      calledAt: '2024-03-05T14:05:00Z',
      arrivedAt: '2024-03-05T14:27:30Z',
      minutes: 22.5,
      withinTarget: true,
      caseManagerAgency: 'ARTS',
    };
    expect(problemsOf(integrationEvent('lead.referral.handed-off', 1, v1))).toEqual([]);
    expect(problemsOf(integrationEvent('lead.referral.handed-off', 2, v1))).toEqual([
      { path: '/data', message: 'must have property "minutesFromCall"' },
      { path: '/data', message: 'must not have property "minutes"' },
    ]);
  });

  it('checks, when given the topic, that the type travels on it', () => {
    const event = integrationEvent('lead.referral.recorded', 1, recorded);
    expect(problemsOf(event)).toEqual([]);
    expect(validateIntegrationEvent(event, 'lead.referrals.v1').valid).toBe(true);
    expect(validateIntegrationEvent(event, 'lead.cases.v1')).toEqual({
      valid: false,
      problems: [
        { path: '/type', message: 'lead.referral.recorded travels on lead.referrals.v1, not on lead.cases.v1' },
      ],
    });
    expect(() => assertValidIntegrationEvent(event, 'lead.cases.v1')).toThrow(InvalidIntegrationEventError);
  });

  it('throws InvalidIntegrationEventError from assertValidIntegrationEvent', () => {
    expect(() => assertValidIntegrationEvent(integrationEvent('lead.referral.recorded', 1, recorded))).not.toThrow();
    const invalid = integrationEvent('lead.referral.recorded', 1, { ...recorded, door: 'back' });
    expect(() => assertValidIntegrationEvent(invalid)).toThrow(InvalidIntegrationEventError);
    expect(() => assertValidIntegrationEvent(invalid)).toThrow('/data/door must be one of');
  });
});
