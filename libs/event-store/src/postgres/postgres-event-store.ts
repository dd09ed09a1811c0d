import type pg from 'pg';
import { CatchUpSubscription, type CatchUpPage, type CatchUpSource } from '../catch-up-subscription.js';
import { canonicalJson, toJsonValue } from '../canonical-json.js';
import type { EventData, Position, RecordedEvent } from '../event-envelope.js';
import type {
  AllFilter,
  AppendResult,
  EventHandler,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  StreamMetadata,
  StreamMetadataResult,
  SubscribeToAllOptions,
  SubscribeToStreamOptions,
  Subscription,
  VerifyResult,
} from '../event-store.port.js';
import { streamCategory, type EventStoreObserver } from '../event-store-observer.js';
import { DuplicateEventId, StreamNotFound, WrongExpectedVersion } from '../errors.js';
import { satisfies, type ExpectedRevision } from '../expected-revision.js';
import { linkHash, splitCanonical, type CanonicalParts } from '../hash-chain.js';
import { comparePositions, formatPosition, parsePosition, START_POSITION } from '../position.js';
import { AppendNotifier } from './append-notifier.js';
import { StreamHeadCache, type StreamHead } from './stream-head-cache.js';
import { HashChainVerifier } from './hash-chain-verifier.js';
import { migrate, quoteSchema } from './migrator.js';
import { eventStoreMigrations } from './migrations/index.js';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './event-row.js';

export interface PostgresEventStoreOptions {
  pool: pg.Pool;
  /** PostgreSQL schema holding the log; one per deployment (or per test file). Default `event_store`. */
  schema?: string;
  observer?: EventStoreObserver;
  /** Fallback poll for subscriptions when no notification arrives. Default 1000 ms. */
  pollIntervalMs?: number;
  /** Events per page while a subscription catches up. Default 1000. */
  batchSize?: number;
  /** Close the pool on `close()` (when the store created it). Default false. */
  ownsPool?: boolean;
}

interface AppendRow {
  outcome: string;
  last_revision: string;
  commit_position: string | null;
  prepare_position: string | null;
  last_hash: string | null;
}

const EXPECTED_CODES: Record<'any' | 'no_stream' | 'stream_exists', number> = {
  no_stream: -1,
  any: -2,
  stream_exists: -3,
};
const WRONG_EXPECTED_VERSION = 'LE001';
const UNIQUE_VIOLATION = '23505';
/** The xid fence: only rows of transactions older than every running one are safe to pass. */
const VISIBLE = 'e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())';

/** An answer PostgreSQL gives to a well-formed append the store refuses on purpose; the connection stays usable. */
function isExpectedRefusal(error: unknown): boolean {
  const { code, constraint } = error as { code?: string; constraint?: string };
  return code === WRONG_EXPECTED_VERSION || (code === UNIQUE_VIOLATION && constraint === 'events_event_id_unique');
}

/** The default event store: PostgreSQL, on `pg`. See docs/event-store.md for its guarantees. */
export class PostgresEventStore implements EventStore {
  private readonly s: string;
  private readonly notifier: AppendNotifier;
  private readonly subscriptions = new Set<Subscription>();
  private readonly heads = new StreamHeadCache();
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;

  private constructor(private readonly options: PostgresEventStoreOptions) {
    const schema = options.schema ?? 'event_store';
    this.s = quoteSchema(schema);
    this.notifier = new AppendNotifier(options.pool, `lead_events_${schema}`);
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.batchSize = options.batchSize ?? 1000;
  }

  /** Applies pending migrations, then returns a ready store. */
  static async create(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    await migrate(options.pool, options.schema ?? 'event_store', eventStoreMigrations, 'event-store');
    return new PostgresEventStore(options);
  }

  async appendToStream(
    streamId: string,
    events: EventData[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    if (typeof expectedRevision === 'number' && (!Number.isSafeInteger(expectedRevision) || expectedRevision < 0)) {
      throw new RangeError(`Expected revision must be a non-negative integer, got ${expectedRevision}`);
    }
    const started = process.hrtime.bigint();
    const recordedAt = new Date().toISOString();
    const parts: CanonicalParts[] = events.map((event) => ({
      eventId: event.eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      streamId,
      recordedAt,
      dataJson: canonicalJson(event.data),
      metadataJson: canonicalJson(event.metadata),
    }));
    const split = parts.map(splitCanonical);
    const ids = events.map((e) => e.eventId);
    let rows: AppendRow[] = [];
    try {
      const known = this.knownHead(streamId, expectedRevision);
      if (known && events.length > 0) rows = await this.appendAfterKnownHead(streamId, known, parts, split);
      if (rows.length === 0 && events.length === 1 && typeof expectedRevision === 'number') {
        rows = await this.appendOneAt(streamId, expectedRevision, split[0].head, split[0].tail);
      }
      if (rows.length === 0) {
        const expected = typeof expectedRevision === 'number' ? expectedRevision : EXPECTED_CODES[expectedRevision];
        rows = await this.appendQuery({
          name: `lead-append-events-${this.s}`,
          text: `SELECT outcome, last_revision, commit_position::text, prepare_position::text, last_hash
                   FROM ${this.s}.append_events($1, $2, $3::uuid[], $4::text[], $5::text[])`,
          values: [streamId, expected, ids, split.map((x) => x.head), split.map((x) => x.tail)],
        });
      }
    } catch (error) {
      this.heads.forget(streamId);
      throw this.translate(error, streamId, expectedRevision, ids);
    }
    const last = rows[rows.length - 1];
    if (last.last_hash) this.heads.set(streamId, { revision: Number(last.last_revision), hash: last.last_hash });
    if (last.outcome === 'appended') this.notifier.appended();
    this.observe(() =>
      this.options.observer?.appendDuration?.(
        Number(process.hrtime.bigint() - started) / 1e9,
        streamCategory(streamId),
      ),
    );
    const nextExpectedRevision = Number(last.last_revision);
    if (last.commit_position === null || last.prepare_position === null) {
      // An empty append: report the stream's head position, as EventStoreDB does.
      const head = await this.lastPositionOfStream(streamId);
      return { nextExpectedRevision, position: head ?? START_POSITION };
    }
    return {
      nextExpectedRevision,
      position: { commit: BigInt(last.commit_position), prepare: BigInt(last.prepare_position) },
    };
  }

  /** The head an append may build on without asking the database: a new stream's, or a recently seen one. */
  private knownHead(streamId: string, expected: ExpectedRevision): StreamHead | undefined {
    if (expected === 'no_stream') return { revision: -1, hash: '' };
    if (typeof expected !== 'number') return undefined;
    const head = this.heads.get(streamId);
    return head?.revision === expected ? head : undefined;
  }

  /**
   * When the writer knows the head it appends after, it computes the hash chain itself (natively,
   * not in PL/pgSQL) and the database only checks that head: the UPDATE matches the stream row only
   * at that revision and hash (taking its lock), or, for a new stream, the row is created. Either
   * way the events are one multi-row INSERT. No row back means the head was not as believed (or the
   * stream was deleted, or holds only metadata); the caller then takes the general path.
   */
  private async appendAfterKnownHead(
    streamId: string,
    known: StreamHead,
    parts: CanonicalParts[],
    split: { head: string; tail: string }[],
  ): Promise<AppendRow[]> {
    const hashes: string[] = [];
    let previous = known.hash;
    for (let i = 0; i < parts.length; i++) {
      previous = linkHash(previous, split[i].head, known.revision + i + 1, split[i].tail);
      hashes.push(previous);
    }
    return this.appendQuery({
      name: `lead-append-known-head-${this.s}`,
      text: `WITH advanced AS (
               UPDATE ${this.s}.streams s SET revision = $2 + cardinality($4::uuid[]), last_hash = $10
                WHERE s.stream_id = $1 AND $2 >= 0 AND s.revision = $2 AND s.last_hash = $3 AND NOT s.deleted
               RETURNING 1),
             created AS (
               INSERT INTO ${this.s}.streams (stream_id, revision, last_hash)
               SELECT $1, cardinality($4::uuid[]) - 1, $10 WHERE $2 = -1
               ON CONFLICT DO NOTHING RETURNING 1)
             INSERT INTO ${this.s}.events AS e (event_id, stream_id, stream_revision, event_type, schema_version, data, metadata, recorded_at, previous_hash, hash)
             SELECT x.id, $1, $2 + x.n, x.type, x.version, x.data, x.metadata, $8::timestamptz,
                    CASE WHEN x.n = 1 THEN $3 ELSE ($9::text[])[x.n - 1] END, x.hash
               FROM ROWS FROM (unnest($4::uuid[], $5::text[], $6::integer[], $9::text[]),
                               jsonb_array_elements($7::jsonb), jsonb_array_elements($11::jsonb))
                    WITH ORDINALITY AS x(id, type, version, hash, data, metadata, n)
              WHERE EXISTS (SELECT 1 FROM advanced) OR EXISTS (SELECT 1 FROM created)
              ORDER BY x.n
             RETURNING 'appended' AS outcome, e.stream_revision AS last_revision, e.transaction_id::text AS commit_position,
                       e.global_position::text AS prepare_position, e.hash AS last_hash`,
      values: [
        streamId,
        known.revision,
        known.hash,
        parts.map((p) => p.eventId),
        parts.map((p) => p.type),
        parts.map((p) => p.schemaVersion),
        // JSON arrays joined from the canonical texts: nothing to escape, one parse each.
        `[${parts.map((p) => p.dataJson).join(',')}]`,
        parts[0].recordedAt,
        hashes,
        hashes[hashes.length - 1],
        `[${parts.map((p) => p.metadataJson).join(',')}]`,
      ],
    });
  }

  /**
   * The common case, one event at an exact revision, as a single prepared statement: the UPDATE
   * takes the stream's row lock only if the revision matches, advances it and the hash chain, and
   * the INSERT writes the event. No row means "not that simple" (wrong revision, new or deleted
   * stream, or a retry of an append already made); the caller then goes through append_events,
   * which gives the precise answer.
   */
  private async appendOneAt(streamId: string, revision: number, head: string, tail: string): Promise<AppendRow[]> {
    return this.appendQuery({
      name: `lead-append-one-${this.s}`,
      text: `WITH advanced AS (
               UPDATE ${this.s}.streams s
                  SET hash_before_append = s.last_hash,
                      last_hash = encode(sha256(convert_to(s.last_hash || $2 || (s.revision + 1)::text || $3, 'UTF8')), 'hex'),
                      revision = s.revision + 1
                WHERE s.stream_id = $1 AND s.revision = $4 AND NOT s.deleted
               RETURNING s.revision, s.hash_before_append, s.last_hash)
             INSERT INTO ${this.s}.events AS e (event_id, stream_id, stream_revision, event_type, schema_version, data, metadata, recorded_at, previous_hash, hash)
             SELECT (d.doc->>'eventId')::uuid, $1, a.revision, d.doc->>'type', (d.doc->>'schemaVersion')::integer,
                    d.doc->'data', d.doc->'metadata', (d.doc->>'recordedAt')::timestamptz, a.hash_before_append, a.last_hash
               FROM advanced a CROSS JOIN LATERAL (SELECT ($2 || a.revision::text || $3)::jsonb AS doc) d
             RETURNING 'appended' AS outcome, e.stream_revision AS last_revision, e.transaction_id::text AS commit_position,
                       e.global_position::text AS prepare_position, e.hash AS last_hash`,
      values: [streamId, head, tail, revision],
    });
  }

  /**
   * Runs an append statement on a pooled connection. `pool.query` destroys the connection on any
   * error, but a refusal the store expects (wrong expected version, duplicate event id) leaves it
   * idle and usable: keeping it spares every optimistic-concurrency conflict a reconnect (a new
   * backend, cold caches, re-prepared statements), which under contention was most of the
   * database's work. Any other error still discards the connection, as `pool.query` would.
   */
  private async appendQuery(config: pg.QueryConfig): Promise<AppendRow[]> {
    const client = await this.options.pool.connect();
    let broken: Error | undefined;
    try {
      return (await client.query<AppendRow>(config)).rows;
    } catch (error) {
      if (!isExpectedRefusal(error)) broken = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const stream = await this.streamRow(streamId);
    if (!stream || stream.deleted || stream.revision < 0) throw new StreamNotFound(streamId);
    // Whoever reads a stream usually appends to it next (load, decide, append).
    this.heads.set(streamId, { revision: stream.revision, hash: stream.lastHash });
    const direction = options.direction ?? 'forwards';
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const visibleFrom = this.firstVisibleRevision(stream.revision, stream.metadata);
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
    const { rows } = await this.options.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ${this.s}.events e
        WHERE e.stream_id = $1 AND e.stream_revision >= $2 ${bound}
        ORDER BY e.stream_revision ${direction === 'forwards' ? 'ASC' : 'DESC'} LIMIT $3`,
      params,
    );
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after === undefined || options.after === 'start' ? START_POSITION : options.after;
    return this.readAllPage(after, options.maxCount ?? this.batchSize, options.filter);
  }

  async headPosition(): Promise<Position | undefined> {
    const { rows } = await this.options.pool.query<{ commit: string; prepare: string }>(
      `SELECT e.transaction_id::text AS commit, e.global_position::text AS prepare FROM ${this.s}.events e
        WHERE ${VISIBLE} ORDER BY e.transaction_id DESC, e.global_position DESC LIMIT 1`,
    );
    return rows[0] ? { commit: BigInt(rows[0].commit), prepare: BigInt(rows[0].prepare) } : undefined;
  }

  subscribeToAll(handler: EventHandler, options: SubscribeToAllOptions = {}): Subscription {
    const name = options.checkpointId ?? 'anonymous';
    const source: CatchUpSource<Position> = {
      readPage: (after, maxCount) => this.readAllPageWithHead(after, maxCount, options.filter),
      cursorOf: (event) => event.position,
      isAfter: (a, b) => comparePositions(a, b) > 0,
      ...this.wakeSource(),
      hasHeldBackEvents: async (cursor) => {
        const { rows } = await this.options.pool.query(
          `SELECT 1 FROM ${this.s}.events e
            WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint) AND NOT (${VISIBLE}) LIMIT 1`,
          [cursor.commit.toString(), cursor.prepare.toString()],
        );
        return rows.length > 0;
      },
      lag: async (cursor) => {
        const head = await this.headPosition();
        return head ? Math.max(0, Number(head.prepare - cursor.prepare)) : 0;
      },
      ...(options.checkpointId
        ? this.checkpointSource(`$all:${options.checkpointId}`, formatPosition, parsePosition)
        : {}),
    };
    const from = options.from ?? 'start';
    const start =
      from === 'start'
        ? START_POSITION
        : from === 'end'
          ? async () => (await this.headPosition()) ?? START_POSITION
          : from;
    return this.track(
      new CatchUpSubscription(source, start, handler, {
        batchSize: options.batchSize ?? this.batchSize,
        checkpointEvery: options.checkpointEvery ?? 1,
        pollIntervalMs: this.pollIntervalMs,
        onCaughtUp: options.onCaughtUp,
        onError: options.onError,
        onLag: (behind) => this.observe(() => this.options.observer?.subscriptionLag?.(name, behind)),
      }),
    );
  }

  subscribeToStream(streamId: string, handler: EventHandler, options: SubscribeToStreamOptions = {}): Subscription {
    const source: CatchUpSource<number> = {
      readPage: async (after, maxCount) => {
        try {
          return { events: await this.readStream(streamId, { fromRevision: after + 1, maxCount }) };
        } catch (error) {
          if (error instanceof StreamNotFound) return { events: [] };
          throw error;
        }
      },
      cursorOf: (event) => event.streamRevision,
      ...this.wakeSource(),
      ...(options.checkpointId ? this.checkpointSource(`stream:${options.checkpointId}`, String, Number) : {}),
    };
    const start = options.after === undefined || options.after === 'start' ? -1 : options.after;
    return this.track(
      new CatchUpSubscription(source, start, handler, {
        batchSize: this.batchSize,
        checkpointEvery: 1,
        pollIntervalMs: this.pollIntervalMs,
        onCaughtUp: options.onCaughtUp,
        onError: options.onError,
      }),
    );
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadataResult> {
    const row = await this.streamRow(streamId);
    if (!row || row.metadataRevision < 0)
      return { streamId, metadata: row?.metadata ?? {}, metadataRevision: 'no_stream' };
    return { streamId, metadata: row.metadata, metadataRevision: row.metadataRevision };
  }

  async setStreamMetadata(
    streamId: string,
    metadata: StreamMetadata,
    expected: ExpectedRevision = 'any',
  ): Promise<void> {
    await this.withStreamLock(streamId, async (client, row) => {
      const actual = row.metadataRevision < 0 ? 'no_stream' : row.metadataRevision;
      if (!satisfies(expected, actual)) throw new WrongExpectedVersion(`$$${streamId}`, expected, actual);
      await client.query(
        `UPDATE ${this.s}.streams SET metadata = $2, metadata_revision = metadata_revision + 1 WHERE stream_id = $1`,
        [streamId, toJsonValue(metadata)],
      );
    });
  }

  async deleteStream(streamId: string, expected: ExpectedRevision = 'any'): Promise<void> {
    this.heads.forget(streamId);
    await this.withStreamLock(streamId, async (client, row) => {
      const actual = row.deleted || row.revision < 0 ? 'no_stream' : row.revision;
      if (!satisfies(expected, actual)) throw new WrongExpectedVersion(streamId, expected, actual);
      if (actual === 'no_stream') throw new StreamNotFound(streamId);
      const metadata = { ...row.metadata, truncateBefore: row.revision + 1 };
      await client.query(
        `UPDATE ${this.s}.streams SET deleted = true, metadata = $2, metadata_revision = metadata_revision + 1 WHERE stream_id = $1`,
        [streamId, metadata],
      );
    });
  }

  verifyStream(streamId: string): Promise<VerifyResult> {
    return new HashChainVerifier(this.options.pool, this.s).verify(streamId);
  }

  verifyAll(): Promise<VerifyResult> {
    return new HashChainVerifier(this.options.pool, this.s).verify();
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.notifier.close();
    if (this.options.ownsPool) await this.options.pool.end();
  }

  private async readAllPage(after: Position, maxCount: number, filter?: AllFilter): Promise<RecordedEvent[]> {
    const { text, params } = this.allPageQuery(after, maxCount, filter);
    const { rows } = await this.options.pool.query<EventRow>(text, params);
    return rows.map(toRecordedEvent);
  }

  /**
   * The page and the visible head in one statement, so both come from one snapshot: when the page
   * is short, nothing else up to that head matched and a subscription may move its cursor there.
   */
  private async readAllPageWithHead(
    after: Position,
    maxCount: number,
    filter?: AllFilter,
  ): Promise<CatchUpPage<Position>> {
    const { text, params } = this.allPageQuery(
      after,
      maxCount,
      filter,
      ', e.transaction_id AS order_commit, e.global_position AS order_prepare',
    );
    const { rows } = await this.options.pool.query<
      EventRow & { head_commit: string | null; head_prepare: string | null }
    >(
      `WITH page AS (${text}),
            head AS (SELECT e.transaction_id::text AS head_commit, e.global_position::text AS head_prepare FROM ${this.s}.events e
                      WHERE ${VISIBLE} ORDER BY e.transaction_id DESC, e.global_position DESC LIMIT 1)
       SELECT page.*, head.* FROM head LEFT JOIN page ON true ORDER BY page.order_commit, page.order_prepare`,
      params,
    );
    const events = rows.filter((r) => r.event_id !== null).map(toRecordedEvent);
    const head = rows[0];
    if (events.length === maxCount || !head?.head_commit || !head.head_prepare) return { events };
    return { events, scannedTo: { commit: BigInt(head.head_commit), prepare: BigInt(head.head_prepare) } };
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
    const text = `SELECT ${EVENT_COLUMNS}${extraColumns} FROM ${this.s}.events e
        WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint) AND ${VISIBLE} ${where}
        ORDER BY e.transaction_id, e.global_position LIMIT $3`;
    return { text, params };
  }

  private wakeSource() {
    return {
      prepare: () => this.notifier.listen(),
      generation: () => this.notifier.generation(),
      waitForChange: (seen: number, ms: number, signal: AbortSignal) => this.notifier.waitForChange(seen, ms, signal),
    };
  }

  private checkpointSource<C>(id: string, format: (c: C) => string, parse: (text: string) => C) {
    return {
      loadCheckpoint: async (): Promise<C | undefined> => {
        const { rows } = await this.options.pool.query<{ position: string }>(
          `SELECT position FROM ${this.s}.checkpoints WHERE subscription_id = $1`,
          [id],
        );
        return rows[0] ? parse(rows[0].position) : undefined;
      },
      saveCheckpoint: async (cursor: C): Promise<void> => {
        await this.options.pool.query(
          `INSERT INTO ${this.s}.checkpoints (subscription_id, position) VALUES ($1, $2)
           ON CONFLICT (subscription_id) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
          [id, format(cursor)],
        );
      },
    };
  }

  private track(subscription: CatchUpSubscription<unknown>): Subscription {
    this.subscriptions.add(subscription);
    subscription.done.finally(() => this.subscriptions.delete(subscription)).catch(() => undefined);
    return subscription;
  }

  private firstVisibleRevision(lastRevision: number, metadata: StreamMetadata): number {
    let first = metadata.truncateBefore ?? 0;
    if (typeof metadata.maxCount === 'number') first = Math.max(first, lastRevision - metadata.maxCount + 1);
    return first;
  }

  private async streamRow(streamId: string) {
    const { rows } = await this.options.pool.query<{
      revision: string;
      last_hash: string;
      deleted: boolean;
      metadata: StreamMetadata;
      metadata_revision: string;
    }>(`SELECT revision, last_hash, deleted, metadata, metadata_revision FROM ${this.s}.streams WHERE stream_id = $1`, [
      streamId,
    ]);
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

  private async lastPositionOfStream(streamId: string): Promise<Position | undefined> {
    const { rows } = await this.options.pool.query<{ commit: string; prepare: string }>(
      `SELECT e.transaction_id::text AS commit, e.global_position::text AS prepare FROM ${this.s}.events e
        WHERE e.stream_id = $1 ORDER BY e.stream_revision DESC LIMIT 1`,
      [streamId],
    );
    return rows[0] ? { commit: BigInt(rows[0].commit), prepare: BigInt(rows[0].prepare) } : undefined;
  }

  private async withStreamLock(
    streamId: string,
    work: (
      client: pg.PoolClient,
      row: { revision: number; deleted: boolean; metadata: StreamMetadata; metadataRevision: number },
    ) => Promise<void>,
  ): Promise<void> {
    const client = await this.options.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO ${this.s}.streams (stream_id) VALUES ($1) ON CONFLICT DO NOTHING`, [streamId]);
      const { rows } = await client.query<{
        revision: string;
        deleted: boolean;
        metadata: StreamMetadata;
        metadata_revision: string;
      }>(
        `SELECT revision, deleted, metadata, metadata_revision FROM ${this.s}.streams WHERE stream_id = $1 FOR UPDATE`,
        [streamId],
      );
      const row = rows[0];
      await work(client, {
        revision: Number(row.revision),
        deleted: row.deleted,
        metadata: row.metadata,
        metadataRevision: Number(row.metadata_revision),
      });
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private translate(error: unknown, streamId: string, expected: ExpectedRevision, ids: string[]): unknown {
    const pgError = error as { code?: string; detail?: string; constraint?: string };
    if (pgError.code === WRONG_EXPECTED_VERSION) {
      const actual = pgError.detail === 'no_stream' ? 'no_stream' : Number(pgError.detail);
      return new WrongExpectedVersion(streamId, expected, actual);
    }
    if (pgError.code === UNIQUE_VIOLATION && pgError.constraint === 'events_event_id_unique') {
      const id = /\(event_id\)=\(([^)]+)\)/.exec(pgError.detail ?? '')?.[1] ?? ids[0];
      return new DuplicateEventId(id, streamId);
    }
    return error;
  }

  private observe(call: () => void): void {
    try {
      call();
    } catch {
      // Metrics must never fail a write or a read.
    }
  }
}
