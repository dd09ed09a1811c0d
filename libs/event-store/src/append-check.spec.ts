import { AppendRefused, withAppendCheck } from './append-check.js';
import type { EventData } from './event-envelope.js';
import type { EventStore, StreamAppend } from './event-store.port.js';

const event = (type: string): EventData => ({
  eventId: crypto.randomUUID(),
  type,
  schemaVersion: 1,
  data: {},
  metadata: { correlationId: 'c' },
});

describe('withAppendCheck', () => {
  /** Only the appends are used; they record what reached the store. */
  function innerStore() {
    const reached: StreamAppend[][] = [];
    const store = {
      appendToStreams: async (appends: StreamAppend[]) => {
        reached.push(appends);
        return appends.map((a) => ({
          nextExpectedRevision: a.events.length - 1,
          position: { commit: 1n, prepare: 1n },
        }));
      },
    } as unknown as EventStore;
    return { store, reached };
  }
  const refuseType = (refused: string) => (streamId: string, events: readonly EventData[]) => {
    const bad = events.find((e) => e.type === refused);
    if (bad) throw new AppendRefused(streamId, bad.type, [{ path: '/type', message: 'not publishable' }]);
  };

  it('checks every stream of appendToStreams before any reaches the store', async () => {
    const { store, reached } = innerStore();
    const checked = withAppendCheck(store, refuseType('Unpublishable'));
    await expect(
      checked.appendToStreams([
        { streamId: 'a-1', events: [event('Fine')], expectedRevision: 'no_stream' },
        { streamId: 'b-1', events: [event('Fine'), event('Unpublishable')], expectedRevision: 'any' },
      ]),
    ).rejects.toMatchObject({ name: 'AppendRefused', streamId: 'b-1', eventType: 'Unpublishable' });
    expect(reached).toEqual([]);
  });

  it('passes a call whose every stream passes to the store as one call', async () => {
    const { store, reached } = innerStore();
    const appends: StreamAppend[] = [
      { streamId: 'a-1', events: [event('Fine')], expectedRevision: 'no_stream' },
      { streamId: 'b-1', events: [event('Fine'), event('Fine')], expectedRevision: 3 },
    ];
    const results = await withAppendCheck(store, refuseType('Unpublishable')).appendToStreams(appends);
    expect(reached).toEqual([appends]);
    expect(results.map((r) => r.nextExpectedRevision)).toEqual([0, 1]);
  });
});
