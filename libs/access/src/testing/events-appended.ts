import { newEventId, type EventStore, type Position, type RecordedEvent } from '@lead/event-store';
import { randomUUID } from 'node:crypto';

/**
 * Every event appended after `head`. A marker event is appended first and read up to: `$all` readers
 * only see events older than every running transaction, so reading until the marker shows up is what
 * guarantees no earlier append is still hidden. The marker itself is left out of the answer.
 */
export async function eventsAppendedSince(
  store: EventStore,
  head: Position | undefined,
  timeoutMs = 10_000,
): Promise<RecordedEvent[]> {
  const markerStream = `fuzz-marker-${randomUUID()}`;
  await store.appendToStream(
    markerStream,
    [
      {
        eventId: newEventId(),
        type: 'FuzzRunEnded',
        schemaVersion: 1,
        data: {},
        metadata: { correlationId: markerStream },
      },
    ],
    'no_stream',
  );
  const deadline = Date.now() + timeoutMs;
  const seen: RecordedEvent[] = [];
  let after: Position | 'start' = head ?? 'start';
  for (;;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    for (const event of page) {
      if (event.streamId === markerStream) return seen;
      seen.push(event);
      after = event.position;
    }
    if (page.length === 0) {
      if (Date.now() > deadline)
        throw new Error('The marker event did not become readable: a transaction is holding the log back');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
