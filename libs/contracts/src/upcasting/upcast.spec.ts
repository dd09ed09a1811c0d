import { randomUUID } from 'node:crypto';
import { instanceOf } from '../../test/schema-instances.js';
import { integrationEvent } from '../../test/integration-events.js';
import { eventHistories, findContract } from '../contract-catalogue.js';
import type { ReferralHandedOffV1 } from '../events/referrals/referral-handed-off.v1.js';
import type { ReferralHandedOffV2 } from '../events/referrals/referral-handed-off.v2.js';
import { InvalidIntegrationEventError, validateIntegrationEvent } from '../validation/validate-integration-event.js';
import { readIntegrationEvent } from './read-integration-event.js';
import { UnknownEventContractError, upcast, upcastIntegrationEvent } from './upcast.js';

const handedOffV1: ReferralHandedOffV1 = {
  referralId: randomUUID(),
  calledAt: '2024-03-05T14:05:00Z',
  arrivedAt: '2024-03-05T14:27:30Z',
  minutes: 22.5,
  withinTarget: true,
  caseManagerAgency: 'ARTS',
};

describe('upcast', () => {
  it('renames v1’s `minutes` of a hand-off to v2’s `minutesFromCall` and leaves the unknown target out', () => {
    const expected: ReferralHandedOffV2 = {
      referralId: handedOffV1.referralId,
      calledAt: '2024-03-05T14:05:00Z',
      arrivedAt: '2024-03-05T14:27:30Z',
      minutesFromCall: 22.5,
      withinTarget: true,
      caseManagerAgency: 'ARTS',
    };
    expect(upcast('lead.referral.handed-off', 1, handedOffV1)).toEqual({ schemaVersion: 2, data: expected });
  });

  it('returns data already at the latest version as it is', () => {
    const data = { referralId: randomUUID(), acceptedAt: '2024-03-05T15:00:00Z' };
    expect(upcast('lead.referral.accepted', 1, data)).toEqual({ schemaVersion: 1, data });
    expect(upcast('lead.referral.accepted', 1, data).data).toBe(data);
  });

  it('turns data of every older version into data the latest schema accepts', () => {
    for (const history of eventHistories) {
      for (const contract of history.versions) {
        for (const withOptional of [true, false]) {
          const { schemaVersion, data } = upcast(
            contract.type,
            contract.version,
            instanceOf(contract.schema, { withOptional }),
          );
          const latest = validateIntegrationEvent(integrationEvent(contract.type, schemaVersion, data));
          expect({ from: `${contract.type} v${contract.version}`, latest }).toMatchObject({
            latest: { valid: true, contract: { version: history.latest.version } },
          });
        }
      }
    }
  });

  it('throws for a type or version it does not know', () => {
    expect(() => upcast('lead.referral.teleported', 1, {})).toThrow(UnknownEventContractError);
    expect(() => upcast('lead.referral.handed-off', 3, {})).toThrow('no contract lead.referral.handed-off v3');
    expect(() => upcast('lead.referral.handed-off', 0, {})).toThrow(UnknownEventContractError);
  });

  it('keeps the envelope of an upcast event', () => {
    const event = integrationEvent('lead.referral.handed-off', 1, handedOffV1, { causationId: randomUUID() });
    const latest = upcastIntegrationEvent(event);
    expect(latest).toEqual({ ...event, schemaVersion: 2, data: upcast(event.type, 1, event.data).data });
  });
});

describe('readIntegrationEvent', () => {
  it('validates a v1 event and hands the consumer its v2 form', () => {
    const event = integrationEvent('lead.referral.handed-off', 1, handedOffV1);
    const latest = readIntegrationEvent(event);
    expect(latest.schemaVersion).toBe(2);
    if (latest.type !== 'lead.referral.handed-off') throw new Error(`unexpected ${latest.type}`);
    expect(latest.data.minutesFromCall).toBe(22.5);
    expect(latest.data.targetMinutes).toBeUndefined();
  });

  it('refuses an event its own version’s schema refuses, before upcasting', () => {
    const event = integrationEvent('lead.referral.handed-off', 1, { ...handedOffV1, minutesFromCall: 22.5 });
    expect(() => readIntegrationEvent(event)).toThrow(InvalidIntegrationEventError);
    expect(() => readIntegrationEvent(event)).toThrow('must not have property "minutesFromCall"');
  });

  it('passes latest-version events through', () => {
    const data = instanceOf(findContract('lead.case.exited', 2)!.schema) as Record<string, unknown>;
    const event = integrationEvent('lead.case.exited', 2, data);
    expect(readIntegrationEvent(event)).toEqual(event);
  });
});
