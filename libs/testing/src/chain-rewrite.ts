import { chainHash, quoteSchema, type EventStore } from '@lead/event-store';
import type pg from 'pg';

/**
 * What a writer with SQL on the PostgreSQL store and the public hashing rule does after editing an event: recompute
 * the stream's chain from its first event and `streams.last_hash`, so that every hash check on the stream passes
 * again. Only a signed checkpoint can tell then (docs/audit.md); the tamper tests use this to prove it does.
 */
export async function recomputeChainInSql(
  pool: pg.Pool,
  eventStoreSchema: string,
  store: Pick<EventStore, 'readStream'>,
  streamId: string,
): Promise<void> {
  const s = quoteSchema(eventStoreSchema);
  let previous = '';
  for (const event of await store.readStream(streamId)) {
    const hash = chainHash(previous, { ...event, recordedAt: event.recordedAt.toISOString() });
    await pool.query(
      `UPDATE ${s}.events SET previous_hash = $3, hash = $4 WHERE stream_id = $1 AND stream_revision = $2`,
      [streamId, event.streamRevision, previous, hash],
    );
    previous = hash;
  }
  await pool.query(`UPDATE ${s}.streams SET last_hash = $2 WHERE stream_id = $1`, [streamId, previous]);
}
