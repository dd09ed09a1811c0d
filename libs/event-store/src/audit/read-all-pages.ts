import type { RecordedEvent } from '../event-envelope.js';
import type { EventStore } from '../event-store.port.js';

/**
 * Every event of `$all` in global order, a page at a time, through the port only (so the audit works on any
 * adapter). On PostgreSQL the xid fence holds back events of transactions still open: an audit sees the log as of
 * the last position every reader may pass, which is what a checkpoint must anchor.
 * The next page is requested as soon as a full page arrives, before its events are handed out, so the store reads
 * while the caller hashes (the same reads in the same order, one page ahead; at most two pages in memory).
 */
export async function* readAllEvents(store: EventStore, pageSize = 1000): AsyncGenerator<RecordedEvent> {
  let pending: Promise<RecordedEvent[]> | undefined = store.readAll({ after: 'start', maxCount: pageSize });
  try {
    while (pending) {
      const page: RecordedEvent[] = await pending;
      pending =
        page.length < pageSize
          ? undefined
          : store.readAll({ after: page[page.length - 1].position, maxCount: pageSize });
      // A caller that stops early never awaits the read ahead: its failure must not go unhandled.
      pending?.catch(() => {});
      for (const event of page) yield event;
    }
  } finally {
    // Stopped early (or failed): let the read ahead settle before the caller moves on (e.g. closes the store).
    await pending?.then(
      () => undefined,
      () => undefined,
    );
  }
}
