import type pg from 'pg';
import { canonicalJson } from '../canonical-json.js';
import type { EventData } from '../event-envelope.js';
import type { AppendResult } from '../event-store.port.js';
import { streamCategory } from '../event-store-observer.js';
import { DuplicateEventId, WrongExpectedVersion } from '../errors.js';
import type { ExpectedRevision } from '../expected-revision.js';
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

/** What every statement inserts, and what it answers per event row. */
const INSERT_COLUMNS =
  '(event_id, stream_id, stream_revision, event_type, schema_version, data, metadata, recorded_at, previous_hash, hash)';
const RETURNING_APPENDED = `RETURNING 'appended' AS outcome, e.stream_revision AS last_revision, e.transaction_id::text AS commit_position,
                       e.global_position::text AS prepare_position, e.hash AS last_hash`;

/**
 * Appends to one stream, in one statement and one round trip whichever way it goes.
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
    if (typeof expectedRevision === 'number' && (!Number.isSafeInteger(expectedRevision) || expectedRevision < 0)) {
      throw new RangeError(`Expected revision must be a non-negative integer, got ${expectedRevision}`);
    }
    const started = process.hrtime.bigint();
    const prepared = prepare(streamId, events);
    let rows: AppendRow[];
    try {
      rows = await this.write(streamId, expectedRevision, prepared);
    } catch (error) {
      this.ctx.heads.forget(streamId);
      throw translate(
        error,
        streamId,
        expectedRevision,
        events.map((e) => e.eventId),
      );
    }
    const last = rows[rows.length - 1];
    if (last.last_hash) this.ctx.heads.set(streamId, { revision: Number(last.last_revision), hash: last.last_hash });
    if (last.outcome === 'appended') this.ctx.notifier.appended();
    observe(() =>
      this.ctx.observer?.appendDuration?.(Number(process.hrtime.bigint() - started) / 1e9, streamCategory(streamId)),
    );
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

  /** The three statements, cheapest first (see the class comment); the last one always answers. */
  private async write(streamId: string, expected: ExpectedRevision, prepared: Prepared): Promise<AppendRow[]> {
    const count = prepared.parts.length;
    const known = this.knownHead(streamId, expected);
    if (known && count > 0) {
      const rows = await this.afterKnownHead(streamId, known, prepared);
      if (rows.length > 0) return rows;
    }
    if (count === 1 && typeof expected === 'number') {
      const rows = await this.oneAtRevision(streamId, expected, prepared.split[0]);
      if (rows.length > 0) return rows;
    }
    return this.general(streamId, expected, prepared);
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
  private afterKnownHead(streamId: string, known: StreamHead, { parts, split }: Prepared): Promise<AppendRow[]> {
    const hashes: string[] = [];
    let previous = known.hash;
    for (let i = 0; i < parts.length; i++) {
      previous = linkHash(previous, split[i].head, known.revision + i + 1, split[i].tail);
      hashes.push(previous);
    }
    const s = this.ctx.s;
    return this.query({
      name: `lead-append-known-head-${s}`,
      text: `WITH advanced AS (
               UPDATE ${s}.streams s SET revision = $2 + cardinality($4::uuid[]), last_hash = $10
                WHERE s.stream_id = $1 AND $2 >= 0 AND s.revision = $2 AND s.last_hash = $3 AND NOT s.deleted
               RETURNING 1),
             created AS (
               INSERT INTO ${s}.streams (stream_id, revision, last_hash)
               SELECT $1, cardinality($4::uuid[]) - 1, $10 WHERE $2 = -1
               ON CONFLICT DO NOTHING RETURNING 1)
             INSERT INTO ${s}.events AS e ${INSERT_COLUMNS}
             SELECT x.id, $1, $2 + x.n, x.type, x.version, x.data, x.metadata, $8::timestamptz,
                    CASE WHEN x.n = 1 THEN $3 ELSE ($9::text[])[x.n - 1] END, x.hash
               FROM ROWS FROM (unnest($4::uuid[], $5::text[], $6::integer[], $9::text[]),
                               jsonb_array_elements($7::jsonb), jsonb_array_elements($11::jsonb))
                    WITH ORDINALITY AS x(id, type, version, hash, data, metadata, n)
              WHERE EXISTS (SELECT 1 FROM advanced) OR EXISTS (SELECT 1 FROM created)
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
    });
  }

  /**
   * (2) The UPDATE takes the stream's row lock only if the revision matches, advances it and the
   * hash chain (parking the previous hash in `hash_before_append`, as RETURNING yields new values
   * only), and the INSERT writes the event. No row means wrong revision, new or deleted stream, or
   * a retry of an append already made.
   */
  private oneAtRevision(streamId: string, revision: number, { head, tail }: Prepared['split'][0]) {
    const s = this.ctx.s;
    return this.query({
      name: `lead-append-one-${s}`,
      text: `WITH advanced AS (
               UPDATE ${s}.streams s
                  SET hash_before_append = s.last_hash,
                      last_hash = encode(sha256(convert_to(s.last_hash || $2 || (s.revision + 1)::text || $3, 'UTF8')), 'hex'),
                      revision = s.revision + 1
                WHERE s.stream_id = $1 AND s.revision = $4 AND NOT s.deleted
               RETURNING s.revision, s.hash_before_append, s.last_hash)
             INSERT INTO ${s}.events AS e ${INSERT_COLUMNS}
             SELECT (d.doc->>'eventId')::uuid, $1, a.revision, d.doc->>'type', (d.doc->>'schemaVersion')::integer,
                    d.doc->'data', d.doc->'metadata', (d.doc->>'recordedAt')::timestamptz, a.hash_before_append, a.last_hash
               FROM advanced a CROSS JOIN LATERAL (SELECT ($2 || a.revision::text || $3)::jsonb AS doc) d
             ${RETURNING_APPENDED}`,
      values: [streamId, head, tail, revision],
    });
  }

  /** (3) The stored procedure: always answers, with rows or with the refusal. */
  private general(streamId: string, expected: ExpectedRevision, { parts, split }: Prepared): Promise<AppendRow[]> {
    const s = this.ctx.s;
    return this.query({
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
    });
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
      if (!isExpectedRefusal(error)) broken = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      client.release(broken);
    }
  }
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
