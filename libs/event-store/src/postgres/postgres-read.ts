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

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const stream = await this.streamRow(streamId);
    if (!stream || stream.deleted || stream.revision < 0) throw new StreamNotFound(streamId);
    // Whoever reads a stream usually appends to it next (load, decide, append).
    this.ctx.heads.set(streamId, { revision: stream.revision, hash: stream.lastHash });
    const direction = options.direction ?? 'forwards';
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const visibleFrom = firstVisibleRevision(stream.revision, stream.metadata);
    const from = options.fromRevision;
    const params: unknown[] = [streamId, visibleFrom, Math.min(maxCount, 2 ** 31 - 1)];
    let bound = '';
    if (typeof from === 'number') {
      params.push(from);
      bound = direction === 'forwards' ? 'AND e.stream_revision >= $4' : 'AND e.stream_revision <= $4';
    }
    const maxAge = stream.metadata.maxAge;
    if (typeof maxAge === 'number') {
      params.push(maxAge);
      bound += ` AND e.recorded_at >= now() - make_interval(secs => $${params.length})`;
    }
    const { rows } = await this.ctx.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ${this.ctx.s}.events e
        WHERE e.stream_id = $1 AND e.stream_revision >= $2 ${bound}
        ORDER BY e.stream_revision ${direction === 'forwards' ? 'ASC' : 'DESC'} LIMIT $3`,
      params,
    );
    return rows.map(toRecordedEvent);
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

function firstVisibleRevision(lastRevision: number, metadata: StreamMetadata): number {
  let first = metadata.truncateBefore ?? 0;
  if (typeof metadata.maxCount === 'number') first = Math.max(first, lastRevision - metadata.maxCount + 1);
  return first;
}
