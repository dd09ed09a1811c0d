import type { CatchUpPage } from '../catch-up-subscription.js';
import type { Position, RecordedEvent } from '../event-envelope.js';
import type { AllFilter, ReadAllOptions, ReadStreamOptions, StreamMetadata } from '../event-store.port.js';
import { StreamNotFound } from '../errors.js';
import { START_POSITION } from '../position.js';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './event-row.js';
import { VISIBLE, type PostgresStoreContext } from './store-context.js';

/** A stream's row in the stream index. */
export interface StreamRow {
  revision: number;
  lastHash: string;
  deleted: boolean;
  metadata: StreamMetadata;
  metadataRevision: number;
}

/** Reads of streams and of `$all`; `$all` reads pass only what the xid fence lets through. */
export class PostgresReader {
  constructor(private readonly ctx: PostgresStoreContext) {}

  /**
   * The stream's row and its events in one statement (one round trip, one transaction: a load before a decision
   * is on every command's path). What the stream's metadata hides (truncateBefore, maxCount, maxAge) is applied in
   * the statement, from the row it read.
   */
  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const direction = options.direction ?? 'forwards';
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const from = options.fromRevision;
    const params: unknown[] = [streamId, Math.min(maxCount, 2 ** 31 - 1)];
    let bound = '';
    if (typeof from === 'number') {
      params.push(from);
      bound = direction === 'forwards' ? 'AND e.stream_revision >= $3' : 'AND e.stream_revision <= $3';
    }
    const { rows } = await this.ctx.pool.query<
      Partial<EventRow> & { s_revision: string; s_last_hash: string; s_deleted: boolean }
    >(
      `WITH s AS (SELECT revision, last_hash, deleted, metadata FROM ${this.ctx.s}.streams WHERE stream_id = $1)
       SELECT s.revision AS s_revision, s.last_hash AS s_last_hash, s.deleted AS s_deleted, page.*
         FROM s LEFT JOIN LATERAL (
           SELECT ${EVENT_COLUMNS} FROM ${this.ctx.s}.events e
            WHERE e.stream_id = $1 AND NOT s.deleted
              AND e.stream_revision >= GREATEST(
                    CASE WHEN jsonb_typeof(s.metadata->'truncateBefore') = 'number'
                         THEN (s.metadata->>'truncateBefore')::numeric ELSE 0 END,
                    CASE WHEN jsonb_typeof(s.metadata->'maxCount') = 'number'
                         THEN s.revision - (s.metadata->>'maxCount')::numeric + 1 ELSE 0 END)
              AND (jsonb_typeof(s.metadata->'maxAge') IS DISTINCT FROM 'number'
                   OR e.recorded_at >= now() - make_interval(secs => (s.metadata->>'maxAge')::double precision))
              ${bound}
            ORDER BY e.stream_revision ${direction === 'forwards' ? 'ASC' : 'DESC'} LIMIT $2) page ON true`,
      params,
    );
    const stream = rows[0];
    if (!stream || stream.s_deleted || Number(stream.s_revision) < 0) throw new StreamNotFound(streamId);
    // Whoever reads a stream usually appends to it next (load, decide, append).
    this.ctx.heads.set(streamId, { revision: Number(stream.s_revision), hash: stream.s_last_hash });
    return rows.filter((row) => row.event_id != null).map((row) => toRecordedEvent(row as EventRow));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after === undefined || options.after === 'start' ? START_POSITION : options.after;
    const { text, params } = this.allPageQuery(after, options.maxCount ?? this.ctx.batchSize, options.filter);
    const { rows } = await this.ctx.pool.query<EventRow>(text, params);
    return rows.map(toRecordedEvent);
  }

  async headPosition(): Promise<Position | undefined> {
    const { rows } = await this.ctx.pool.query<{ commit: string; prepare: string }>(
      `SELECT e.transaction_id::text AS commit, e.global_position::text AS prepare FROM ${this.ctx.s}.events e
        WHERE ${VISIBLE} ORDER BY e.transaction_id DESC, e.global_position DESC LIMIT 1`,
    );
    return rows[0] ? { commit: BigInt(rows[0].commit), prepare: BigInt(rows[0].prepare) } : undefined;
  }

  /**
   * The page and the visible head in one statement, so both come from one snapshot: when the page
   * is short, nothing else up to that head matched and a subscription may move its cursor there.
   * The same statement says whether the fence holds anything back after `after` (a separate query
   * was one more transaction for every read of a caught-up subscriber).
   */
  async readAllPageWithHead(after: Position, maxCount: number, filter?: AllFilter): Promise<CatchUpPage<Position>> {
    const { text, params } = this.allPageQuery(
      after,
      maxCount,
      filter,
      ', e.transaction_id AS order_commit, e.global_position AS order_prepare',
    );
    const { rows } = await this.ctx.pool.query<
      EventRow & { head_commit: string | null; head_prepare: string | null; held_back: boolean }
    >(
      `WITH page AS (${text}),
            head AS (SELECT e.transaction_id::text AS head_commit, e.global_position::text AS head_prepare FROM ${this.ctx.s}.events e
                      WHERE ${VISIBLE} ORDER BY e.transaction_id DESC, e.global_position DESC LIMIT 1),
            held AS (SELECT EXISTS (SELECT 1 FROM ${this.ctx.s}.events e
                      WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint) AND NOT (${VISIBLE})) AS held_back)
       SELECT page.*, head.*, held.held_back FROM held LEFT JOIN head ON true LEFT JOIN page ON true
        ORDER BY page.order_commit, page.order_prepare`,
      params,
    );
    const events = rows.filter((r) => r.event_id !== null).map(toRecordedEvent);
    const head = rows[0];
    const heldBack = head?.held_back === true;
    if (events.length === maxCount || !head?.head_commit || !head.head_prepare) return { events, heldBack };
    return { events, heldBack, scannedTo: { commit: BigInt(head.head_commit), prepare: BigInt(head.head_prepare) } };
  }

  /** Whether an event after `cursor` exists that the fence still holds back. */
  async hasHeldBackEvents(cursor: Position): Promise<boolean> {
    const { rows } = await this.ctx.pool.query(
      `SELECT 1 FROM ${this.ctx.s}.events e
        WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint) AND NOT (${VISIBLE}) LIMIT 1`,
      [cursor.commit.toString(), cursor.prepare.toString()],
    );
    return rows.length > 0;
  }

  async streamRow(streamId: string): Promise<StreamRow | undefined> {
    const { rows } = await this.ctx.pool.query<{
      revision: string;
      last_hash: string;
      deleted: boolean;
      metadata: StreamMetadata;
      metadata_revision: string;
    }>(
      `SELECT revision, last_hash, deleted, metadata, metadata_revision FROM ${this.ctx.s}.streams WHERE stream_id = $1`,
      [streamId],
    );
    const row = rows[0];
    return row
      ? {
          revision: Number(row.revision),
          lastHash: row.last_hash,
          deleted: row.deleted,
          metadata: row.metadata,
          metadataRevision: Number(row.metadata_revision),
        }
      : undefined;
  }

  /** Position of the stream's newest event (deleted or not), fence or no fence. */
  async lastPositionOfStream(streamId: string): Promise<Position | undefined> {
    const { rows } = await this.ctx.pool.query<{ commit: string; prepare: string }>(
      `SELECT e.transaction_id::text AS commit, e.global_position::text AS prepare FROM ${this.ctx.s}.events e
        WHERE e.stream_id = $1 ORDER BY e.stream_revision DESC LIMIT 1`,
      [streamId],
    );
    return rows[0] ? { commit: BigInt(rows[0].commit), prepare: BigInt(rows[0].prepare) } : undefined;
  }

  private allPageQuery(after: Position, maxCount: number, filter?: AllFilter, extraColumns = '') {
    const params: unknown[] = [after.commit.toString(), after.prepare.toString(), maxCount];
    let where = '';
    if (filter?.streamPrefixes?.length) {
      params.push(filter.streamPrefixes.map((p) => `${p.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
      where += ` AND e.stream_id LIKE ANY ($${params.length}::text[])`;
    }
    if (filter?.eventTypes?.length) {
      params.push(filter.eventTypes);
      where += ` AND e.event_type = ANY ($${params.length}::text[])`;
    }
    const text = `SELECT ${EVENT_COLUMNS}${extraColumns} FROM ${this.ctx.s}.events e
        WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint) AND ${VISIBLE} ${where}
        ORDER BY e.transaction_id, e.global_position LIMIT $3`;
    return { text, params };
  }
}
