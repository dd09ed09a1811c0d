import { assertValidIntegrationEvent, TOPICS } from '@lead/contracts';
import type { RecordedEvent } from '@lead/event-store';
import { referralsPublication } from '../referral/referral.publication.js';
import type { JusticeComparisonCounted } from './justice-comparison.events.js';
import type { JusticeEventRecorded } from './justice-record.events.js';
import { comparisonCohortId, justiceComparisonStream, justiceRecordStream } from './justice-record.streams.js';

const participantId = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
const importId = '01890a5d-ac96-774b-bcce-b302099a8057';
const recorded = (streamId: string, data: object): RecordedEvent => ({
  eventId: '6f1c2d3e-4b5a-5c6d-8e7f-901a2b3c4d5e',
  type: (data as { type: string }).type,
  schemaVersion: 1,
  streamId,
  streamRevision: 0,
  position: { commit: 1n, prepare: 1n },
  recordedAt: new Date('2025-07-01T08:00:00.000Z'),
  data,
  previousHash: '',
  hash: '0'.repeat(64),
  metadata: {
    correlationId: '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a',
    actor: { subject: 'warehouse-1', agency: 'DATA-WH', role: 'integrator' },
    jurisdiction: 'denver',
    participantId,
  },
});

const charge: JusticeEventRecorded = {
  type: 'JusticeEventRecorded',
  participantId,
  jurisdiction: 'denver',
  recordKey: 'a'.repeat(64),
  kind: 'charge',
  occurredOn: '2025-04-03',
  district: '6',
  offenseCode: 'CO-18-18-403.5',
  felony: true,
  jailDays: null,
  importId,
  coveredThrough: '2025-06-30',
  identity: { $sealed: 'aes-256-gcm/v1', data: 'c2VhbGVk' } as JusticeEventRecorded['identity'],
  recordedAt: '2025-07-01T08:00:00.000Z',
};

describe('the justice import’s publication', () => {
  it('publishes a participant’s justice event under their pseudonymous id, without identity or record key', () => {
    const event = referralsPublication.map(recorded(justiceRecordStream(participantId), charge))!;
    assertValidIntegrationEvent(event, TOPICS.referrals);
    expect(event).toMatchObject({ type: 'lead.justice.record-imported', participantId, jurisdiction: 'denver' });
    expect(event.data).toEqual({
      occurredOn: '2025-04-03',
      kind: 'charge',
      district: '6',
      offenseCode: 'CO-18-18-403.5',
      felony: true,
      importId,
      coveredThrough: '2025-06-30',
    });
  });

  it('publishes comparison counts under the jurisdiction’s cohort id, never a participant', () => {
    const comparisonId = '4a4e4f39-6b9b-5e43-9c1c-1f0e4d5a6b7c';
    const counted: JusticeComparisonCounted = {
      type: 'JusticeComparisonCounted',
      comparisonId,
      importId,
      jurisdiction: 'denver',
      coveredThrough: '2025-06-30',
      part: 1,
      parts: 1,
      counts: [
        {
          district: '6',
          month: '2025-01',
          equityGroup: 'white',
          arrests: 2,
          charges: 1,
          felonyCharges: 0,
          bookings: 0,
          jailDays: 0,
          prisonAdmissions: 0,
        },
      ],
      survival: [
        {
          district: '6',
          indexYear: 2025,
          indexQuarter: 1,
          equityGroup: 'white',
          day: 30,
          outcome: 'rearrested',
          people: 1,
        },
      ],
      countedAt: '2025-07-01T08:00:00.000Z',
    };
    const event = referralsPublication.map(recorded(justiceComparisonStream(comparisonId), counted))!;
    assertValidIntegrationEvent(event, TOPICS.referrals);
    expect(event).toMatchObject({
      type: 'lead.justice.comparison-counted',
      participantId: comparisonCohortId('denver'),
    });
    expect(comparisonCohortId('denver')).not.toBe(comparisonCohortId('hartford'));
  });

  it('refuses to publish an event type it does not know', () => {
    expect(() => referralsPublication.map(recorded(justiceRecordStream(participantId), { type: 'Unknown' }))).toThrow(
      /does not know this event type/,
    );
  });
});
