import type { StreamAppend } from './event-store.port.js';

/** `appendToStreams` names each stream once: two parts for one stream would need an order between their expectations. */
export function checkDistinctStreams(appends: readonly StreamAppend[]): void {
  const seen = new Set<string>();
  for (const { streamId } of appends) {
    if (seen.has(streamId)) {
      throw new RangeError(`Stream ${streamId} appears more than once in one appendToStreams call; give it one part`);
    }
    seen.add(streamId);
  }
}
