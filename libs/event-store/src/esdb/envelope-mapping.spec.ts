import { newEventId } from '../event-id.js';
import { chainHash } from '../hash-chain.js';
import {
  hashedContentOf,
  LEAD_METADATA_KEY,
  leadEnvelopeOf,
  normaliseEvent,
  prepareEvents,
  toRecordedEvent,
  userMetadataOf,
  type EsdbRecordedEventLike,
  type PreparedEvent,
} from './envelope-mapping.js';
import { UNKNOWN_POSITION } from './position-mapping.js';

const metadata = {
  correlationId: 'c-1',
  causationId: null,
  actor: { subject: 'officer-17', agency: 'DPD', role: 'officer' },
  jurisdiction: 'denver',
};

function proposed(
  type = 'ReferralRecorded',
  data: unknown = { door: 'arrest_diversion', when: new Date('2026-11-23T10:00:00Z') },
) {
  return { eventId: newEventId(), type, schemaVersion: 2, data, metadata: { ...metadata } };
}

/** What EventStoreDB hands back for an event we wrote: the same JSON, parsed again, with its place. */
function storedAs(
  prepared: PreparedEvent,
  streamId: string,
  position = { commit: 100n, prepare: 100n },
): EsdbRecordedEventLike {
  return {
    streamId,
    id: prepared.esdb.id,
    revision: BigInt(prepared.revision),
    type: prepared.esdb.type,
    created: new Date('2026-11-23T10:00:01Z'),
    isJson: true,
    data: JSON.parse(JSON.stringify(prepared.esdb.data)),
    metadata: JSON.parse(JSON.stringify(prepared.esdb.metadata)),
    position,
  };
}

describe('EventStoreDB envelope mapping', () => {
  it('normalises a proposed event to plain JSON and lower-case id', () => {
    const event = proposed();
    const upper = { ...event, eventId: event.eventId.toUpperCase() };
    const normalised = normaliseEvent(upper);
    expect(normalised.eventId).toBe(event.eventId);
    expect(normalised.data).toEqual({ door: 'arrest_diversion', when: '2026-11-23T10:00:00.000Z' });
  });

  it('refuses what EventStoreDB or the adapter cannot carry', () => {
    expect(() => normaliseEvent({ ...proposed(), eventId: 'not-a-uuid' })).toThrow(/not a UUID/);
    expect(() => normaliseEvent({ ...proposed(), type: '' })).toThrow(/non-empty/);
    expect(() => normaliseEvent({ ...proposed(), type: '$metadata' })).toThrow(/reserves/);
    expect(() => normaliseEvent({ ...proposed(), metadata: { ...metadata, [LEAD_METADATA_KEY]: {} } })).toThrow(
      /reserved/,
    );
  });

  it('maps id, type, data and metadata one to one and carries the chain in $lead', () => {
    const event = normaliseEvent(proposed());
    const [prepared] = prepareEvents('referral-1', [event], {
      firstRevision: 0,
      previousHash: '',
      recordedAt: '2026-11-23T10:00:00.123Z',
    });
    expect(prepared.esdb).toEqual({
      id: event.eventId,
      contentType: 'application/json',
      type: 'ReferralRecorded',
      data: event.data,
      metadata: {
        ...metadata,
        $lead: { schemaVersion: 2, recordedAt: '2026-11-23T10:00:00.123Z', previousHash: '', hash: prepared.hash },
      },
    });
    expect(prepared.hash).toBe(
      chainHash('', {
        eventId: event.eventId,
        type: 'ReferralRecorded',
        schemaVersion: 2,
        streamId: 'referral-1',
        streamRevision: 0,
        recordedAt: '2026-11-23T10:00:00.123Z',
        data: event.data,
        metadata: event.metadata,
      }),
    );
  });

  it('links a batch into one chain starting after the previous hash', () => {
    const batch = [proposed(), proposed(), proposed()].map(normaliseEvent);
    const prepared = prepareEvents('case-9', batch, {
      firstRevision: 7,
      previousHash: 'f'.repeat(64),
      recordedAt: '2026-11-23T10:00:00.000Z',
    });
    expect(prepared.map((p) => p.revision)).toEqual([7, 8, 9]);
    expect(prepared[0].previousHash).toBe('f'.repeat(64));
    expect(prepared[1].previousHash).toBe(prepared[0].hash);
    expect(prepared[2].previousHash).toBe(prepared[1].hash);
  });

  it('marks a restarted chain on its first event only', () => {
    const prepared = prepareEvents('case-9', [proposed(), proposed()].map(normaliseEvent), {
      firstRevision: 4,
      previousHash: 'ignored',
      recordedAt: '2026-11-23T10:00:00.000Z',
      restart: true,
    });
    expect(prepared[0].previousHash).toBe('');
    expect(leadEnvelopeOf(prepared[0].esdb.metadata)?.restart).toBe(true);
    expect(leadEnvelopeOf(prepared[1].esdb.metadata)?.restart).toBeUndefined();
  });

  it('maps a stored event back to the full envelope, and its hash recomputes', () => {
    const event = normaliseEvent(proposed());
    const [prepared] = prepareEvents('referral-1', [event], {
      firstRevision: 0,
      previousHash: '',
      recordedAt: '2026-11-23T10:00:00.123Z',
    });
    const stored = storedAs(prepared, 'referral-1');
    const recorded = toRecordedEvent(stored);
    expect(recorded).toEqual({
      eventId: event.eventId,
      type: 'ReferralRecorded',
      schemaVersion: 2,
      data: event.data,
      metadata: event.metadata,
      streamId: 'referral-1',
      streamRevision: 0,
      position: { commit: 100n, prepare: 100n },
      recordedAt: new Date('2026-11-23T10:00:00.123Z'),
      previousHash: '',
      hash: prepared.hash,
    });
    const hashed = hashedContentOf(stored)!;
    expect(chainHash(hashed.lead.previousHash, hashed.content)).toBe(prepared.hash);
    expect(chainHash('', { ...recorded, recordedAt: recorded.recordedAt.toISOString() })).toBe(recorded.hash);
  });

  it('maps events not written by this adapter without inventing a chain', () => {
    const foreign: EsdbRecordedEventLike = {
      streamId: 'legacy-1',
      id: newEventId(),
      revision: 3n,
      type: 'Imported',
      created: new Date('2020-01-01T00:00:00Z'),
      isJson: true,
      data: { a: 1 },
      metadata: undefined,
    };
    const recorded = toRecordedEvent(foreign, { commit: 5n, prepare: 5n });
    expect(recorded).toMatchObject({
      schemaVersion: 1,
      recordedAt: foreign.created,
      hash: '',
      previousHash: '',
      metadata: {},
      position: { commit: 5n, prepare: 5n },
    });
    expect(toRecordedEvent(foreign).position).toEqual(UNKNOWN_POSITION);
    expect(hashedContentOf(foreign)).toBeUndefined();
  });

  it('strips only $lead from the metadata', () => {
    expect(userMetadataOf({ correlationId: 'x', $lead: { hash: 'h' }, extra: 1 })).toEqual({
      correlationId: 'x',
      extra: 1,
    });
    expect(userMetadataOf(new Uint8Array([1, 2]))).toEqual({});
    expect(leadEnvelopeOf({ $lead: { schemaVersion: 1, recordedAt: 'x', previousHash: '' } })).toBeUndefined();
  });
});
