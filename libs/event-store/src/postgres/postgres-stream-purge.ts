import type pg from 'pg';
import { quoteSchema } from './migrator.js';

/** What a purge removed. */
export interface PurgeResult {
  streamId: string;
  /** Event rows removed (0 when the stream was already gone: a purge is idempotent). */
  eventsRemoved: number;
  /** Whether the stream's index row was there to remove. */
  existed: boolean;
}

/** Removes a stream for good, name included. Only streams of the kinds it was configured for. */
export interface StreamPurge {
  /** Throws `StreamPurgeUnsupported` when this store cannot purge: a caller checks before it changes anything. */
  assertSupported(): void;
  /**
   * The purgeable streams (of `prefix`) whose first event's `data[field]` is one of `values`: what to purge, read from
   * committed rows directly. Not through `$all`, whose transaction-id fence can hold back an event committed long ago
   * (any open transaction on the cluster holds it): a purge decided on such a read would miss that stream.
   */
  findByFirstEvent(prefix: string, field: string, values: readonly string[]): Promise<string[]>;
  purge(streamId: string): Promise<PurgeResult>;
}

/** A stream of a kind the purge was not configured for: refused, nothing removed. */
export class StreamNotPurgeable extends Error {
  override readonly name = 'StreamNotPurgeable';
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} is not of a kind that may be purged; only its events may be crypto-shredded`);
  }
}

/** The event store cannot remove a stream's name (EventStoreDB keeps it): refused before anything is removed. */
export class StreamPurgeUnsupported extends Error {
  override readonly name = 'StreamPurgeUnsupported';
  constructor(reason: string) {
    super(`Streams cannot be purged on this event store: ${reason}`);
  }
}

export interface PostgresStreamPurgeOptions {
  pool: pg.Pool;
  /** The event store's schema. Default `event_store`. */
  schema?: string;
  /**
   * The only stream-id prefixes that may be purged, e.g. `participantmatch-`: streams whose NAME is personal (a blind
   * index) and whose events are an index, not the record. Every other stream stays append-only; its personal data is
   * crypto-shredded instead, so its hash chain still verifies.
   */
  purgeablePrefixes: readonly string[];
}

/**
 * Hard delete of one stream on the PostgreSQL store: its event rows and its index row, in one transaction, under the
 * stream row's lock (an append to it waits, then starts a new stream at revision 0). Nothing is left that names the
 * stream: no tombstone, no soft-deleted row, no metadata.
 *
 * Why this keeps the log verifiable: a hash chain runs within one stream (docs/event-store.md), so removing a whole
 * stream breaks no other stream's chain, and the verifier walks the streams that are there (a stream whose index row
 * is gone is not looked for). `$all` keeps its order; the removed global positions are a gap, as rolled-back appends
 * leave. What the verifier can no longer prove is that the purged stream existed: the reason only index streams are
 * purgeable, and callers record the purge (how many streams, never their names) in a stream that stays.
 *
 * Dead row versions stay in the table files until VACUUM reclaims them, and WAL and backups keep them longer
 * (docs/access.md, "Encryption and crypto-shredding").
 */
export class PostgresStreamPurge implements StreamPurge {
  private readonly s: string;

  constructor(private readonly options: PostgresStreamPurgeOptions) {
    if (options.purgeablePrefixes.length === 0 || options.purgeablePrefixes.some((p) => p.length === 0))
      throw new RangeError('purgeablePrefixes must name at least one non-empty stream-id prefix');
    this.s = quoteSchema(options.schema ?? 'event_store');
  }

  assertSupported(): void {}

  async findByFirstEvent(prefix: string, field: string, values: readonly string[]): Promise<string[]> {
    if (!this.options.purgeablePrefixes.includes(prefix)) throw new StreamNotPurgeable(`${prefix}*`);
    if (values.length === 0) return [];
    const { rows } = await this.options.pool.query<{ stream_id: string }>(
      `SELECT stream_id FROM ${this.s}.events
        WHERE stream_id LIKE $1 AND stream_revision = 0 AND data ->> $2 = ANY ($3::text[])
        ORDER BY stream_id`,
      [`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, field, values],
    );
    return rows.map((row) => row.stream_id);
  }

  async purge(streamId: string): Promise<PurgeResult> {
    if (!this.options.purgeablePrefixes.some((prefix) => streamId.startsWith(prefix)))
      throw new StreamNotPurgeable(streamId);
    const client = await this.options.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const locked = await client.query(`SELECT 1 FROM ${this.s}.streams WHERE stream_id = $1 FOR UPDATE`, [streamId]);
      const removed = await client.query(`DELETE FROM ${this.s}.events WHERE stream_id = $1`, [streamId]);
      await client.query(`DELETE FROM ${this.s}.streams WHERE stream_id = $1`, [streamId]);
      await client.query('COMMIT');
      return { streamId, eventsRemoved: removed.rowCount ?? 0, existed: locked.rowCount === 1 };
    } catch (error) {
      broken = error instanceof Error ? error : new Error(String(error));
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

/** For an event store that cannot purge: every purge is refused with the reason. */
export function unsupportedStreamPurge(reason: string): StreamPurge {
  return {
    assertSupported: () => {
      throw new StreamPurgeUnsupported(reason);
    },
    findByFirstEvent: () => Promise.reject(new StreamPurgeUnsupported(reason)),
    purge: () => Promise.reject(new StreamPurgeUnsupported(reason)),
  };
}
