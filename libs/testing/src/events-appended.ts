import {
  comparePositions,
  newEventId,
  type AllFilter,
  type EventStore,
  type Position,
  type RecordedEvent,
} from '@lead/event-store';
import { randomUUID } from 'node:crypto';

/** Marker events live in streams of their own, `log-marker-<uuid>`, left out of every answer here. */
export const LOG_MARKER_STREAM_PREFIX = 'log-marker-';

/** A point in the global log, taken by appending a marker event (see `markLog`). */
export interface LogMarker {
  readonly store: EventStore;
  readonly streamId: string;
  /** Where the marker was stored: every event committed before `markLog` was called sorts before it. */
  readonly position: Position;
}

/**
 * Marks the log's current end by appending a marker event; its position comes from the append itself.
 *
 * Not `store.headPosition()`: that is the last *visible* event, and `$all` shows an event only once every
 * transaction older than it has ended (anywhere in the database cluster, on a busy machine for a while). A head
 * read that way can lie far behind what was already committed, and everything between would later look new.
 */
export async function markLog(store: EventStore): Promise<LogMarker> {
  const streamId = `${LOG_MARKER_STREAM_PREFIX}${randomUUID()}`;
  const { position } = await store.appendToStream(
    streamId,
    [{ eventId: newEventId(), type: 'LogMarked', schemaVersion: 1, data: {}, metadata: { correlationId: streamId } }],
    'no_stream',
  );
  return { store, streamId, position };
}

export interface AppendedSinceOptions {
  /** Only events this filter matches (markers are left out either way). */
  filter?: AllFilter;
  /** How long the closing marker may take to become readable. Default 10 s. */
  timeoutMs?: number;
}

/**
 * Every event appended after `since` and before this call, in `$all` order, markers left out. The end is taken
 * the same way as the start: a second marker is appended and `$all` read until it shows up, because reading up to
 * an event is what guarantees that no earlier append is still hidden behind the fence.
 */
export async function appendedSince(since: LogMarker, options: AppendedSinceOptions = {}): Promise<RecordedEvent[]> {
  const { store } = since;
  const end = await markLog(store);
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const seen: RecordedEvent[] = [];
  let after: Position = since.position;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    for (const event of page) {
      if (event.streamId === end.streamId || comparePositions(event.position, end.position) >= 0) return seen;
      after = event.position;
      if (event.streamId.startsWith(LOG_MARKER_STREAM_PREFIX)) continue;
      if (options.filter && !matches(event, options.filter)) continue;
      seen.push(event);
    }
    if (page.length === 0) {
      if (Date.now() > deadline)
        throw new Error('The closing marker did not become readable: a transaction is holding the log back');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

function matches(event: RecordedEvent, filter: AllFilter): boolean {
  const prefixes = filter.streamPrefixes ?? [];
  const types = filter.eventTypes ?? [];
  return (
    (prefixes.length === 0 || prefixes.some((prefix) => event.streamId.startsWith(prefix))) &&
    (types.length === 0 || types.includes(event.type))
  );
}
