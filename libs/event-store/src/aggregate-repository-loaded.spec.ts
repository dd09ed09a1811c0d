import { AggregateRepository } from './aggregate-repository.js';
import { DomainRuleViolation, type Decider } from './decider.js';
import type { EventData, RecordedEvent } from './event-envelope.js';
import type { EventStore } from './event-store.port.js';
import { StreamNotFound, WrongExpectedVersion } from './errors.js';

/** A participant that can be registered once and merged once: enough to see which state a decision used. */
type ParticipantCommand = { type: 'Register' } | { type: 'Merge'; into: string };
type ParticipantEvent = { type: 'Registered' } | { type: 'MergedInto'; into: string };
type ParticipantState = 'none' | 'registered' | 'merged';
const participantDecider: Decider<ParticipantCommand, ParticipantState, ParticipantEvent> = {
  initialState: 'none',
  decide: (command, state) => {
    if (command.type === 'Register') return state === 'none' ? [{ type: 'Registered' }] : [];
    if (state === 'merged') throw new DomainRuleViolation('already_merged', 'already merged');
    return [{ type: 'MergedInto', into: command.into }];
  },
  evolve: (_state, event) => (event.type === 'Registered' ? 'registered' : 'merged'),
};

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

const register: ParticipantCommand = { type: 'Register' };
const merge: ParticipantCommand = { type: 'Merge', into: 'p-0' };
const metadata = { correlationId: 'c-1' };
describe('AggregateRepository.handle with the stream the caller loaded', () => {
  it('decides on the state the caller loaded: the stream is read once', async () => {
    const { store, reads } = countingStore();
    const repository = new AggregateRepository(store, participantDecider);
    await repository.handle('participant-p-1', register, { metadata });
    reads.length = 0;
    const loaded = await repository.load('participant-p-1');
    const result = await repository.handle('participant-p-1', merge, { metadata, loaded });
    expect(reads).toEqual(['participant-p-1']);
    expect(result).toMatchObject({ revision: 1, events: [{ type: 'MergedInto' }] });
  });

  it('reads again only on a conflict, and re-decides on what it then reads', async () => {
    const { store, reads } = countingStore();
    const repository = new AggregateRepository(store, participantDecider);
    await repository.handle('participant-p-1', register, { metadata });
    const stale = await repository.load('participant-p-1');
    await repository.handle('participant-p-1', merge, { metadata });
    reads.length = 0;
    await expect(repository.handle('participant-p-1', merge, { metadata, loaded: stale })).rejects.toMatchObject({
      code: 'already_merged',
    });
    expect(reads).toEqual(['participant-p-1']);
    // With the client's revision, a stale state is a conflict to report, not to retry.
    await expect(
      repository.handle('participant-p-1', merge, { metadata, loaded: stale, expectedRevision: 0 }),
    ).rejects.toBeInstanceOf(WrongExpectedVersion);
  });
});
