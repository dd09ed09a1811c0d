import type { AllFilter } from '../event-store.port.js';

/**
 * A server-side filter for `subscribeToAll`, in `@eventstore/db-client`'s shape (what its
 * `streamNameFilter` / `eventTypeFilter` build). EventStoreDB filters on stream name *or* event
 * type, and by prefix or regex; the exact match of `AllFilter` is finished client-side by
 * `matchesFilter`.
 */
export type EsdbServerFilter =
  | { filterOn: 'streamName' | 'eventType'; prefixes: string[]; checkpointInterval: number }
  | { filterOn: 'streamName' | 'eventType'; regex: string; checkpointInterval: number };

/** Streams whose name starts with `$` (system streams, `$$` metadata streams, our checkpoint streams). */
export function isSystemStream(streamId: string): boolean {
  return streamId.startsWith('$');
}

/** System events: in a system stream, or of a `$` type (links `$>`, `$metadata`, `$streamDeleted`…). */
export function isSystemEvent(streamId: string, type: string): boolean {
  return isSystemStream(streamId) || type.startsWith('$');
}

/**
 * The narrowest filter EventStoreDB can apply for `filter`: stream prefixes when given (the more
 * selective for our `<category>-<id>` streams), else event types as prefixes, else "not a system
 * stream". `checkpointInterval` 1 makes the server report its progress through filtered-out events
 * as often as it can (used to notice being caught up on servers that do not say so).
 */
export function toServerFilter(filter: AllFilter | undefined): EsdbServerFilter {
  const prefixes = nonEmpty(filter?.streamPrefixes);
  if (prefixes) return { filterOn: 'streamName', prefixes: [...new Set(prefixes)], checkpointInterval: 1 };
  const types = nonEmpty(filter?.eventTypes);
  if (types) return { filterOn: 'eventType', prefixes: [...new Set(types)], checkpointInterval: 1 };
  return { filterOn: 'streamName', regex: '^[^$]', checkpointInterval: 1 };
}

/** The port's filter, exactly: not a system event, a stream prefix matches, and the type is one of the types. */
export function matchesFilter(streamId: string, type: string, filter: AllFilter | undefined): boolean {
  if (isSystemEvent(streamId, type)) return false;
  const prefixes = nonEmpty(filter?.streamPrefixes);
  if (prefixes && !prefixes.some((p) => streamId.startsWith(p))) return false;
  const types = nonEmpty(filter?.eventTypes);
  if (types && !types.includes(type)) return false;
  return true;
}

function nonEmpty(values: string[] | undefined): string[] | undefined {
  return values && values.length > 0 ? values : undefined;
}
