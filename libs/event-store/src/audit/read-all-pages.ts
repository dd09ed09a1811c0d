import type { RecordedEvent } from '../event-envelope.js';
import type { EventStore } from '../event-store.port.js';

/**
 * Every event of `$all` in global order, a page at a time, through the port only (so the audit works on any
 * adapter). On PostgreSQL the xid fence holds back events of transactions still open: an audit sees the log as of
 * the last position every reader may pass, which is what a checkpoint must anchor.
 */
export async function* readAllEvents(store: EventStore, pageSize = 1000): AsyncGenerator<RecordedEvent> {
  let after: RecordedEvent['position'] | 'start' = 'start';
  for (;;) {
    const page = await store.readAll({ after, maxCount: pageSize });
    for (const event of page) yield event;
    if (page.length < pageSize) return;
    after = page[page.length - 1].position;
  }
}
