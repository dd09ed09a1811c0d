import { parsePosition, quoteSchema, type EsdbEventStore, type Position } from '@lead/event-store';
import type pg from 'pg';

/** Where a live projection has got to in `$all`: the position its subscription stored, if any. */
export type LiveCheckpoint = (checkpointId: string) => Promise<Position | undefined>;

/**
 * The PostgreSQL store keeps each `$all` subscriber's checkpoint in `<event store schema>.checkpoints`, under
 * `$all:<checkpointId>` (postgres-subscribe.ts). The port has no read of it: a checkpoint is the subscription's own
 * business, and only an audit asks where another process's subscription stands.
 */
export function postgresLiveCheckpoint(pool: pg.Pool, eventStoreSchema: string): LiveCheckpoint {
  const s = quoteSchema(eventStoreSchema);
  return async (checkpointId) => {
    const { rows } = await pool.query<{ position: string }>(
      `SELECT position FROM ${s}.checkpoints WHERE subscription_id = $1`,
      [`$all:${checkpointId}`],
    );
    return rows[0] ? parsePosition(rows[0].position) : undefined;
  };
}

/** EventStoreDB keeps it beside the log, in the subscriber's system stream `$lead-checkpoint-<checkpointId>`. */
export function esdbLiveCheckpoint(store: Pick<EsdbEventStore, 'allSubscriptionCheckpoint'>): LiveCheckpoint {
  return (checkpointId) => store.allSubscriptionCheckpoint(checkpointId);
}
