import type pg from 'pg';
import type { EventStoreObserver } from '../event-store-observer.js';
import type { AppendNotifier } from './append-notifier.js';
import type { StreamHeadCache } from './stream-head-cache.js';

/** What the parts of the PostgreSQL store share: one pool, one schema, one head cache, one notifier. */
export interface PostgresStoreContext {
  readonly pool: pg.Pool;
  /** The quoted schema name, ready to prefix table names. */
  readonly s: string;
  /** Stream heads this process last saw: reads fill it, appends build on it (see append.ts). */
  readonly heads: StreamHeadCache;
  /** Wakes this process's subscriptions (and, through NOTIFY, other processes') after an append. */
  readonly notifier: AppendNotifier;
  readonly observer?: EventStoreObserver;
  /** Events per page while a subscription catches up, and `readAll`'s default page. */
  readonly batchSize: number;
  readonly pollIntervalMs: number;
}

/** The xid fence: only rows of transactions older than every running one are safe to pass. */
export const VISIBLE = 'e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())';

/** Runs an observer hook; metrics must never fail a write or a read. */
export function observe(call: () => void): void {
  try {
    call();
  } catch {
    // A throwing observer is the host's problem, not the caller's.
  }
}
