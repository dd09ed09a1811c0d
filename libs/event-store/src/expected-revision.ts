/**
 * What a writer believes about the stream before appending, as in EventStoreDB:
 * - `any`: no check;
 * - `no_stream`: the stream must not exist (or has been soft-deleted);
 * - `stream_exists`: the stream must have at least one event;
 * - a number: the revision of the stream's last event.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

/** Whether `actual` (last revision, or 'no_stream') satisfies `expected`. */
export function satisfies(expected: ExpectedRevision, actual: number | 'no_stream'): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === 'no_stream';
  if (expected === 'stream_exists') return actual !== 'no_stream';
  return actual === expected;
}
