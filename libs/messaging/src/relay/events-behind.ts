import type { AllFilter, EventStore, Position } from '@lead/event-store';
import { comparePositions } from '@lead/event-store';

/**
 * How many events matching `filter` follow `after` in the store, counted up to `cap` (a relay far behind reports
 * the cap: "at least"). Counted through the port's reads, so it works on every adapter; it costs nothing while
 * the relay keeps up (the head check), and at most `cap` events read per sample while it does not.
 */
export async function eventsBehind(
  store: EventStore,
  after: Position | undefined,
  filter: AllFilter,
  cap: number,
  pageSize = 1000,
): Promise<number> {
  const head = await store.headPosition();
  if (!head || (after && comparePositions(head, after) <= 0)) return 0;
  let counted = 0;
  let cursor: Position | 'start' = after ?? 'start';
  while (counted < cap) {
    const page = await store.readAll({ after: cursor, maxCount: Math.min(pageSize, cap - counted), filter });
    counted += page.length;
    if (page.length === 0 || comparePositions(page[page.length - 1].position, head) >= 0) break;
    cursor = page[page.length - 1].position;
  }
  return counted;
}
