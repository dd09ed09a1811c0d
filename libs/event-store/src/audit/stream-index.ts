import type pg from 'pg';
import { quoteSchema } from '../postgres/migrator.js';

/** One row of an adapter's own index of stream heads (what appends check their expectation against). */
export interface IndexedHead {
  streamId: string;
  /** -1 for a stream that never had an event. */
  revision: number;
  lastHash: string;
}

/**
 * An adapter's stream index, where it keeps each stream's head apart from the events. The port cannot see it, but an
 * index that disagrees with the events is tampering too (the removed newest event of a stream leaves it behind), so
 * the audit reads it when the adapter has one. EventStoreDB keeps no such index: pass none.
 */
export interface StreamIndex {
  heads(): AsyncIterable<IndexedHead>;
  /** Whether any event of the stream is stored, read from the events themselves (not from the index row). */
  hasEvents(streamId: string): Promise<boolean>;
}

/** PostgreSQL: `<schema>.streams`. Adapter-specific SQL, because the port exposes no head index. */
export function postgresStreamIndex(pool: pg.Pool, schema = 'event_store', pageSize = 5000): StreamIndex {
  const s = quoteSchema(schema);
  return {
    async hasEvents(streamId: string) {
      const { rows } = await pool.query(`SELECT 1 FROM ${s}.events WHERE stream_id = $1 LIMIT 1`, [streamId]);
      return rows.length > 0;
    },
    async *heads() {
      let after = '';
      let first = true;
      for (;;) {
        // Keyset pages by stream id: flat memory however many streams there are.
        const { rows } = await pool.query<{ stream_id: string; revision: string; last_hash: string }>(
          `SELECT stream_id, revision::text AS revision, last_hash FROM ${s}.streams
            WHERE ($1::boolean OR stream_id > $2) ORDER BY stream_id LIMIT $3`,
          [first, after, pageSize],
        );
        for (const row of rows)
          yield { streamId: row.stream_id, revision: Number(row.revision), lastHash: row.last_hash };
        if (rows.length < pageSize) return;
        after = rows[rows.length - 1].stream_id;
        first = false;
      }
    },
  };
}
