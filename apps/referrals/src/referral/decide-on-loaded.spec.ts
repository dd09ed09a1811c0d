import {
  AggregateRepository,
  StreamNotFound,
  WrongExpectedVersion,
  type EventData,
  type EventStore,
  type RecordedEvent,
} from '@lead/event-store';
import { participantDecider, type ParticipantCommand } from '../participant/participant.decider.js';
import { decideOnLoaded } from './decide-on-loaded.js';

/** Just enough of a store to count the reads of a stream. */
function countingStore() {
  const streams = new Map<string, RecordedEvent[]>();
  const reads: string[] = [];
  const store = {
    async readStream(streamId: string) {
      reads.push(streamId);
      const events = streams.get(streamId);
      if (!events) throw new StreamNotFound(streamId);
      return events;
    },
    async appendToStream(streamId: string, events: EventData[], expected: number | 'no_stream') {
      const current = streams.get(streamId) ?? [];
      const revision = current.length === 0 ? 'no_stream' : current.length - 1;
      if (revision !== expected) throw new WrongExpectedVersion(streamId, expected, revision);
      const recorded = events.map((e, i) => ({ ...e, streamId, streamRevision: current.length + i }) as RecordedEvent);
      streams.set(streamId, [...current, ...recorded]);
      return { nextExpectedRevision: current.length + events.length - 1, position: { commit: 1n, prepare: 1n } };
    },
  };
  return { store: store as unknown as EventStore, reads };
}

const register: ParticipantCommand = {
  type: 'RegisterParticipant',
  participantId: 'p-1',
  jurisdiction: 'denver',
  matchKey: 'k',
  at: '2024-01-01T00:00:00.000Z',
};
const merge: ParticipantCommand = {
  type: 'MergeParticipant',
  into: 'p-0',
  mergedBy: { subject: 'admin-1', agency: 'OBHS' },
  reasonCode: 'same_person',
  at: '2024-02-01T00:00:00.000Z',
};
const metadata = { correlationId: 'c-1' };

describe('decideOnLoaded', () => {
  it('decides on the state the caller loaded: the stream is read once', async () => {
    const { store, reads } = countingStore();
    const repository = new AggregateRepository(store, participantDecider);
    await repository.handle('participant-p-1', register, { metadata });
    reads.length = 0;
    const loaded = await repository.load('participant-p-1');
    const result = await decideOnLoaded(repository, 'participant-p-1', loaded, merge, { metadata });
    expect(reads).toEqual(['participant-p-1']);
    expect(result).toMatchObject({ revision: 1, events: [{ type: 'ParticipantMergedInto' }] });
  });

  it('reads again only on a conflict, and re-decides on what it then reads', async () => {
    const { store, reads } = countingStore();
    const repository = new AggregateRepository(store, participantDecider);
    await repository.handle('participant-p-1', register, { metadata });
    const stale = await repository.load('participant-p-1');
    await repository.handle('participant-p-1', merge, { metadata });
    reads.length = 0;
    await expect(decideOnLoaded(repository, 'participant-p-1', stale, merge, { metadata })).rejects.toMatchObject({
      code: 'already_merged',
    });
    expect(reads).toEqual(['participant-p-1']);
    // With the client's revision, a stale state is a conflict to report, not to retry.
    await expect(
      decideOnLoaded(repository, 'participant-p-1', stale, merge, { metadata, expectedRevision: 0 }),
    ).rejects.toBeInstanceOf(WrongExpectedVersion);
  });
});
