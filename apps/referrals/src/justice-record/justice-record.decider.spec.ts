import { SEALED_FORMAT } from '@lead/crypto/sealed-value';
import { DeciderSpecification } from '@lead/testing';
import { justiceRecordDecider, type RecordJusticeEvent } from './justice-record.decider.js';

const participantId = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
const record = (over: Partial<RecordJusticeEvent> = {}): RecordJusticeEvent => ({
  type: 'RecordJusticeEvent',
  participantId,
  jurisdiction: 'denver',
  recordKey: 'key-1',
  kind: 'arrest',
  occurredOn: '2025-03-04',
  district: '6',
  offenseCode: null,
  felony: null,
  jailDays: null,
  importId: '01890a5d-ac96-774b-bcce-b302099a8057',
  coveredThrough: '2025-06-30',
  identity: { $sealed: SEALED_FORMAT, data: 'c2VhbGVk' },
  at: '2025-07-01T08:00:00.000Z',
  ...over,
});

const spec = DeciderSpecification.for(justiceRecordDecider);
const recorded = spec.eventsOf(record());

describe('a participant’s justice record', () => {
  it('records a matched row as the event of the justice system it reports', () =>
    spec
      .given([])
      .when(record({ kind: 'charge', offenseCode: 'CO-1', felony: true }))
      .thenMatches([
        { type: 'JusticeEventRecorded', kind: 'charge', felony: true, offenseCode: 'CO-1', recordKey: 'key-1' },
      ]));

  it('records nothing for a source record it already holds: a re-import appends nothing', () =>
    spec
      .given(recorded)
      .when(record({ occurredOn: '2025-03-05' }))
      .thenNothing());

  it('records another source record of the same person', () =>
    spec
      .given(recorded)
      .when(record({ recordKey: 'key-2', kind: 'jail_release', jailDays: 3 }))
      .thenMatches([{ recordKey: 'key-2', jailDays: 3 }]));

  it('keeps every record key it holds', () =>
    spec
      .given([...recorded, ...spec.given(recorded).when(record({ recordKey: 'key-2' })).events])
      .when(record({ recordKey: 'key-3' }))
      .thenState((state) =>
        expect(state).toMatchObject({ status: 'open', recordKeys: new Set(['key-1', 'key-2', 'key-3']) }),
      ));

  it('refuses a record of another participant or another jurisdiction in this stream', () => {
    spec
      .given(recorded)
      .when(record({ recordKey: 'k', participantId: 'other' }))
      .thenThrows('record_of_other_participant');
    spec
      .given(recorded)
      .when(record({ recordKey: 'k', jurisdiction: 'hartford' }))
      .thenThrows('record_of_other_jurisdiction');
  });

  it.each([
    ['a felony flag on an arrest', { felony: false }, 'felony_not_a_charge'],
    ['a charge without its flag', { kind: 'charge', offenseCode: 'CO-1' }, 'charge_incomplete'],
    ['jail days on a booking', { kind: 'booking', jailDays: 2 }, 'jail_days_not_a_release'],
    ['a release of 3651 days', { kind: 'jail_release', jailDays: 3651 }, 'jail_days_out_of_range'],
    ['a release without days', { kind: 'jail_release' }, 'jail_days_out_of_range'],
    ['an event after the covered day', { occurredOn: '2025-07-01' }, 'after_covered_through'],
  ] as const)('refuses %s', (_, over, code) =>
    spec
      .given([])
      .when(record(over as Partial<RecordJusticeEvent>))
      .thenThrows(code),
  );
});
