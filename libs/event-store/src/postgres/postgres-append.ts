import type pg from 'pg';
import { canonicalJson } from '../canonical-json.js';
import type { EventData } from '../event-envelope.js';
import type { AppendResult, StreamAppend } from '../event-store.port.js';
import { streamCategory } from '../event-store-observer.js';
import { DuplicateEventId, WrongExpectedVersion } from '../errors.js';
import type { ExpectedRevision } from '../expected-revision.js';
import { checkDistinctStreams } from '../stream-append.js';
import { linkHash, splitCanonical, type CanonicalParts } from '../hash-chain.js';
import { START_POSITION } from '../position.js';
import type { PostgresReader } from './postgres-read.js';
import type { StreamHead } from './stream-head-cache.js';
import { observe, type PostgresStoreContext } from './store-context.js';

interface AppendRow {
  outcome: string;
  last_revision: string;
  commit_position: string | null;
  prepare_position: string | null;
  last_hash: string | null;
}

/** An event as the statements take it: its canonical JSON, and that JSON split around the revision. */
interface Prepared {
  parts: CanonicalParts[];
  split: { head: string; tail: string }[];
}

const EXPECTED_CODES: Record<'any' | 'no_stream' | 'stream_exists', number> = {
  no_stream: -1,
  any: -2,
  stream_exists: -3,
};
const WRONG_EXPECTED_VERSION = 'LE001';
const UNIQUE_VIOLATION = '23505';

/**
 * What every statement inserts, and what it answers per event row. `transaction_id` is the read-order stamp,
 * GREATEST(this transaction's id, the stream's last stamp), read and advanced under the stream's row lock, so a
 * stream's events never sort out of revision order in `$all` (why the xid fence stays safe: migration 0002).
 */
const INSERT_COLUMNS =
  '(transaction_id, event_id, stream_id, stream_revision, event_type, schema_version, data, metadata, recorded_at, previous_hash, hash)';
const RETURNING_APPENDED = `RETURNING 'appended' AS outcome, e.stream_revision AS last_revision, e.transaction_id::text AS commit_position,
                       e.global_position::text AS prepare_position, e.hash AS last_hash`;

/** Runs one append statement and answers its rows: on a pooled connection of its own, or inside a transaction. */
type Run = (config: pg.QueryConfig) => Promise<AppendRow[]>;

/**
 * Appends to one stream, in one statement and one round trip whichever way it goes; or to several
 * streams in one transaction (`appendMany`), stream by stream with the same statements.
 *
 * Why three statements, not one: each is the cheapest correct way for its case, and merging
 * them would put the general case's cost on the common ones.
 *
 * 1. `afterKnownHead` — the writer knows the head it appends after (a new stream, or one this
 *    process just read or wrote): it hashes the chain itself, natively, for any batch size, and
 *    the database only checks that head. This is the path of load → decide → append.
 * 2. `oneAtRevision` — one event at an exact revision whose head this process has not seen
 *    (another instance wrote last, or the cache evicted it): plain SQL hashes the one link
 *    inside the UPDATE of the stream row. A batch would need a loop over the chain, which plain
 *    SQL has not got; that is what (3) is for.
 * 3. `append_events` (PL/pgSQL, see the migration) — everything else: `any` / `stream_exists`,
 *    deleted or metadata-only streams, retries of a batch already stored (idempotence), and the
 *    precise refusal (wrong expected version with the actual revision, duplicate event id).
 *
 * (1) and (2) never refuse: no row back means "not this case", and the next statement answers.
 */
export class PostgresAppender {
  constructor(
    private readonly ctx: PostgresStoreContext,
    private readonly reader: PostgresReader,
  ) {}

  async append(streamId: string, events: EventData[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    checkExpectedRevision(expectedRevision);
    const started = process.hrtime.bigint();
    const prepared = prepare(streamId, events);
    let rows: AppendRow[];
    try {
      rows = await this.write((config) => this.query(config), streamId, expectedRevision, prepared);
    } catch (error) {
      this.ctx.heads.forget(streamId);
      throw translate(
        error,
        streamId,
        expectedRevision,
        events.map((e) => e.eventId),
      );
    }
    const result = await this.settle(streamId, rows);
    if (rows[rows.length - 1].outcome === 'appended') this.ctx.notifier.appended([streamId]);
    this.observeDuration(started, streamId);
    return result;
  }

  /**
   * Several streams in one transaction on one pooled connection: every stream's events or none. The
   * streams are locked in stream-id order, whatever order the caller gave, so two calls naming the same
   * streams cannot deadlock; each stream goes through the same statements as `append` (inside the
   * transaction, so a refusal rolls back the streams written before it). Heads are remembered only
   * after COMMIT and forgotten on any failure. One stream alone is `append`, with its one round trip.
   */
  async appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    checkDistinctStreams(appends);
    for (const a of appends) checkExpectedRevision(a.expectedRevision);
    if (appends.length === 0) return [];
    if (appends.length === 1)
      return [await this.append(appends[0].streamId, appends[0].events, appends[0].expectedRevision)];
    const started = process.hrtime.bigint();
    const planned = appends
      .map((a, index) => ({ ...a, index, prepared: prepare(a.streamId, a.events) }))
      .sort((x, y) => (x.streamId < y.streamId ? -1 : x.streamId > y.streamId ? 1 : 0));
    const rows: AppendRow[][] = new Array<AppendRow[]>(appends.length);
    const client = await this.ctx.pool.connect();
    let broken: Error | undefined;
    let writing: (typeof planned)[number] | undefined;
    let announced = false;
    try {
      await client.query('BEGIN');
      const run: Run = async (config) => (await client.query<AppendRow>(config)).rows;
      for (const a of planned) {
        writing = a;
        rows[a.index] = await this.write(run, a.streamId, a.expectedRevision, a.prepared);
      }
      writing = undefined;
      // When a NOTIFY is due anyway, it rides in this transaction instead of costing one of its own.
      const notify = this.ctx.notifier.claimNotify();
      if (notify) await client.query(notify);
      announced = notify !== undefined;
      await client.query('COMMIT');
    } catch (error) {
      for (const a of appends) this.ctx.heads.forget(a.streamId);
      if (!isExpectedRefusal(error)) broken = asError(error);
      await client.query('ROLLBACK').catch((rollbackError: unknown) => (broken ??= asError(rollbackError)));
      throw writing
        ? translate(
            error,
            writing.streamId,
            writing.expectedRevision,
            writing.events.map((e) => e.eventId),
          )
        : error;
    } finally {
      client.release(broken);
    }
    const results: AppendResult[] = [];
    for (let i = 0; i < appends.length; i++) results.push(await this.settle(appends[i].streamId, rows[i]));
    if (rows.some((r) => r[r.length - 1].outcome === 'appended'))
      this.ctx.notifier.appended(
        appends.map((append) => append.streamId),
        { announced },
      );
    this.observeDuration(started, appends[0].streamId);
    return results;
  }

  /** After the write (committed): remembers the stream's new head and answers the append's result. */
  private async settle(streamId: string, rows: AppendRow[]): Promise<AppendResult> {
    const last = rows[rows.length - 1];
    if (last.last_hash) this.ctx.heads.set(streamId, { revision: Number(last.last_revision), hash: last.last_hash });
    const nextExpectedRevision = Number(last.last_revision);
    if (last.commit_position === null || last.prepare_position === null) {
      // An empty append: report the stream's head position, as EventStoreDB does.
      const head = await this.reader.lastPositionOfStream(streamId);
      return { nextExpectedRevision, position: head ?? START_POSITION };
    }
    return {
      nextExpectedRevision,
      position: { commit: BigInt(last.commit_position), prepare: BigInt(last.prepare_position) },
    };
  }

  private observeDuration(started: bigint, streamId: string): void {
    observe(() =>
      this.ctx.observer?.appendDuration?.(Number(process.hrtime.bigint() - started) / 1e9, streamCategory(streamId)),
    );
  }

  /** The three statements, cheapest first (see the class comment); the last one always answers. */
  private async write(
    run: Run,
    streamId: string,
    expected: ExpectedRevision,
    prepared: Prepared,
  ): Promise<AppendRow[]> {
    const count = prepared.parts.length;
    const known = this.knownHead(streamId, expected);
    if (known && count > 0) {
      const rows = await run(this.afterKnownHead(streamId, known, prepared));
      if (rows.length > 0) return rows;
    }
    if (count === 1 && typeof expected === 'number') {
      const rows = await run(this.oneAtRevision(streamId, expected, prepared.split[0]));
      if (rows.length > 0) return rows;
    }
    return run(this.general(streamId, expected, prepared));
  }

  /** The head an append may build on without asking the database: a new stream's, or a recently seen one. */
  private knownHead(streamId: string, expected: ExpectedRevision): StreamHead | undefined {
    if (expected === 'no_stream') return { revision: -1, hash: '' };
    if (typeof expected !== 'number') return undefined;
    const head = this.ctx.heads.get(streamId);
    return head?.revision === expected ? head : undefined;
  }

  /**
   * (1) The UPDATE matches the stream row only at the known revision and hash (taking its lock),
   * or, for a new stream, the row is created; either way the events are one multi-row INSERT. No
   * row back means the head was not as believed (or the stream was deleted, or holds only metadata).
   */
  private afterKnownHead(streamId: string, known: StreamHead, { parts, split }: Prepared): pg.QueryConfig {
    const hashes: string[] = [];
    let previous = known.hash;
    for (let i = 0; i < parts.length; i++) {
      previous = linkHash(previous, split[i].head, known.revision + i + 1, split[i].tail);
      hashes.push(previous);
    }
    const s = this.ctx.s;
    return {
      name: `lead-append-known-head-${s}`,
      text: `WITH advanced AS (
               UPDATE ${s}.streams s SET revision = $2 + cardinality($4::uuid[]), last_hash = $10,
                      last_stamp = GREATEST(pg_current_xact_id(), s.last_stamp)
                WHERE s.stream_id = $1 AND $2 >= 0 AND s.revision = $2 AND s.last_hash = $3 AND NOT s.deleted
               RETURNING s.last_stamp AS stamp),
             created AS (
               INSERT INTO ${s}.streams (stream_id, revision, last_hash, last_stamp)
               SELECT $1, cardinality($4::uuid[]) - 1, $10, pg_current_xact_id() WHERE $2 = -1
               ON CONFLICT DO NOTHING RETURNING last_stamp AS stamp),
             stamped AS (SELECT stamp FROM advanced UNION ALL SELECT stamp FROM created)
             INSERT INTO ${s}.events AS e ${INSERT_COLUMNS}
             SELECT st.stamp, x.id, $1, $2 + x.n, x.type, x.version, x.data, x.metadata, $8::timestamptz,
                    CASE WHEN x.n = 1 THEN $3 ELSE ($9::text[])[x.n - 1] END, x.hash
               FROM stamped st CROSS JOIN
                    ROWS FROM (unnest($4::uuid[], $5::text[], $6::integer[], $9::text[]),
                               jsonb_array_elements($7::jsonb), jsonb_array_elements($11::jsonb))
                    WITH ORDINALITY AS x(id, type, version, hash, data, metadata, n)
              ORDER BY x.n
             ${RETURNING_APPENDED}`,
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
    };
  }

  /**
   * (2) The UPDATE takes the stream's row lock only if the revision matches, advances it and the
   * hash chain (parking the previous hash in `hash_before_append`, as RETURNING yields new values
   * only), and the INSERT writes the event. No row means wrong revision, new or deleted stream, or
   * a retry of an append already made.
   */
  private oneAtRevision(streamId: string, revision: number, { head, tail }: Prepared['split'][0]): pg.QueryConfig {
    const s = this.ctx.s;
    return {
      name: `lead-append-one-${s}`,
      text: `WITH advanced AS (
               UPDATE ${s}.streams s
                  SET hash_before_append = s.last_hash,
                      last_hash = encode(sha256(convert_to(s.last_hash || $2 || (s.revision + 1)::text || $3, 'UTF8')), 'hex'),
                      revision = s.revision + 1,
                      last_stamp = GREATEST(pg_current_xact_id(), s.last_stamp)
                WHERE s.stream_id = $1 AND s.revision = $4 AND NOT s.deleted
               RETURNING s.revision, s.hash_before_append, s.last_hash, s.last_stamp)
             INSERT INTO ${s}.events AS e ${INSERT_COLUMNS}
             SELECT a.last_stamp, (d.doc->>'eventId')::uuid, $1, a.revision, d.doc->>'type', (d.doc->>'schemaVersion')::integer,
                    d.doc->'data', d.doc->'metadata', (d.doc->>'recordedAt')::timestamptz, a.hash_before_append, a.last_hash
               FROM advanced a CROSS JOIN LATERAL (SELECT ($2 || a.revision::text || $3)::jsonb AS doc) d
             ${RETURNING_APPENDED}`,
      values: [streamId, head, tail, revision],
    };
  }

  /** (3) The stored procedure: always answers, with rows or with the refusal. */
  private general(streamId: string, expected: ExpectedRevision, { parts, split }: Prepared): pg.QueryConfig {
    const s = this.ctx.s;
    return {
      name: `lead-append-events-${s}`,
      text: `SELECT outcome, last_revision, commit_position::text, prepare_position::text, last_hash
               FROM ${s}.append_events($1, $2, $3::uuid[], $4::text[], $5::text[])`,
      values: [
        streamId,
        typeof expected === 'number' ? expected : EXPECTED_CODES[expected],
        parts.map((p) => p.eventId),
        split.map((x) => x.head),
        split.map((x) => x.tail),
      ],
    };
  }

  /**
   * Runs an append statement on a pooled connection. `pool.query` destroys the connection on any
   * error, but a refusal the store expects (wrong expected version, duplicate event id) leaves it
   * idle and usable: keeping it spares every optimistic-concurrency conflict a reconnect (a new
   * backend, cold caches, re-prepared statements), which under contention was most of the
   * database's work. Any other error still discards the connection, as `pool.query` would.
   */
  private async query(config: pg.QueryConfig): Promise<AppendRow[]> {
    const client = await this.ctx.pool.connect();
    let broken: Error | undefined;
    try {
      return (await client.query<AppendRow>(config)).rows;
    } catch (error) {
      if (!isExpectedRefusal(error)) broken = asError(error);
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

function checkExpectedRevision(expected: ExpectedRevision): void {
  if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < 0)) {
    throw new RangeError(`Expected revision must be a non-negative integer, got ${expected}`);
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function prepare(streamId: string, events: EventData[]): Prepared {
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
  return { parts, split: parts.map(splitCanonical) };
}

/** An answer PostgreSQL gives to a well-formed append the store refuses on purpose; the connection stays usable. */
function isExpectedRefusal(error: unknown): boolean {
  const { code, constraint } = error as { code?: string; constraint?: string };
  return code === WRONG_EXPECTED_VERSION || (code === UNIQUE_VIOLATION && constraint === 'events_event_id_unique');
}

function translate(error: unknown, streamId: string, expected: ExpectedRevision, ids: string[]): unknown {
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
