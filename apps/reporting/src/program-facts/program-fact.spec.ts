import type { IntegrationEvent } from '@lead/contracts';
import { programFactOf, type LocalDayOf } from './program-fact.js';

const denverDay: LocalDayOf = (_jurisdiction, instant) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Denver' }).format(new Date(instant));

const event = (type: string, data: Record<string, unknown>, time = '2026-10-01T03:00:00.000Z'): IntegrationEvent => ({
  id: '0190f6a2-0000-7000-8000-000000000001',
  type,
  schemaVersion: 1,
  source: '/lead/referrals',
  time,
  participantId: '5b0c1f4e-8d2a-4b7a-9a51-3c1f2e7d9b10',
  jurisdiction: 'denver',
  correlationId: 'c-1',
  causationId: null,
  data,
});

describe('the fact of an event (given an event, then its row)', () => {
  it('dates a referral by the local day it was made, with its door and district', () => {
    const fact = programFactOf(
      event('lead.referral.recorded', {
        referralId: '7d1e5f0a-2b3c-4d5e-8f90-a1b2c3d4e5f6',
        door: 'arrest_diversion',
        district: '6',
        referredBy: { agency: 'DPD', staffId: 'officer-1' },
        // 03:00 UTC on 1 October is 30 September, 21:00 in Denver.
        referredAt: '2026-10-01T03:00:00.000Z',
        protocolVersion: '2026-12',
      }),
      denverDay,
    );
    expect(fact).toMatchObject({
      type: 'lead.referral.recorded',
      referralId: '7d1e5f0a-2b3c-4d5e-8f90-a1b2c3d4e5f6',
      caseId: null,
      matterId: null,
      occurredOn: '2026-09-30',
      occurredAt: '2026-10-01T03:00:00.000Z',
      recordedAt: '2026-10-01T03:00:00.000Z',
      district: '6',
      outcome: 'arrest_diversion',
      minutes: null,
    });
  });

  it('takes a day-only event’s own day, and the one code it is counted by', () => {
    const intake = programFactOf(
      event('lead.case.intake-completed', {
        caseId: '1f2e3d4c-5b6a-4978-8a6b-5c4d3e2f1a0b',
        completedOn: '2026-07-14',
        deadline: { due: '2026-07-31', met: true },
        releaseOfInformationSigned: true,
      }),
      denverDay,
    );
    expect(intake).toMatchObject({ occurredOn: '2026-07-14', occurredAt: null, outcome: 'deadline_met' });
    const handOff = programFactOf(
      event('lead.referral.handed-off', {
        referralId: '7d1e5f0a-2b3c-4d5e-8f90-a1b2c3d4e5f6',
        calledAt: '2026-07-14T16:00:00.000Z',
        arrivedAt: '2026-07-14T16:42:00.000Z',
        minutesFromCall: 42,
        withinTarget: false,
        caseManagerAgency: 'ARTS',
      }),
      denverDay,
    );
    expect(handOff).toMatchObject({ minutes: 42, outcome: 'over_target', occurredOn: '2026-07-14' });
    const snapshot = programFactOf(
      event('lead.case.monthly-snapshot-recorded', {
        caseId: '1f2e3d4c-5b6a-4978-8a6b-5c4d3e2f1a0b',
        month: '2026-08',
        housingStatus: 'temporary',
      }),
      denverDay,
    );
    expect(snapshot).toMatchObject({ occurredOn: '2026-08-01', outcome: 'temporary' });
  });

  it('keeps a type it does not know yet, dated by its recording, its data whole', () => {
    const fact = programFactOf(event('lead.referral.something-new', { referralId: 'r', level: 3 }), denverDay);
    expect(fact).toMatchObject({ occurredOn: '2026-09-30', outcome: null, attrs: { referralId: 'r', level: 3 } });
  });

  it('is the same row every time: a pure function of the event', () => {
    const e = event('lead.case.exited', {
      caseId: '1f2e3d4c-5b6a-4978-8a6b-5c4d3e2f1a0b',
      reason: 'moved_away',
      exitedAt: '2026-09-15T17:00:00.000Z',
    });
    expect(programFactOf(e, denverDay)).toEqual(programFactOf(structuredClone(e), denverDay));
  });
});
