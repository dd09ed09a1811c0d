import type { Finding, FindingKind } from '@lead/event-store';
import type pg from 'pg';

/** A finding as the table keeps it: when first and last found, by which check, and whether it was resolved. */
export interface StoredFinding extends Finding {
  key: string;
  foundBy: string;
  firstFoundAt: Date;
  lastFoundAt: Date;
}

/** What identifies one finding across checks: the same break found again is the same row. */
export function findingKey(finding: Finding): string {
  return [finding.kind, finding.streamId ?? '', finding.revision ?? '', finding.checkpointId ?? ''].join('|');
}

/**
 * The event store's chain findings, shared by every replica of every service on the store (`<schema>.chain_findings`
 * beside the events): the verifier writes what it finds, each service reads what is open to hold those streams and to
 * say `degraded`. A finding stays open until a full pass that began after it was last found no longer finds it (the
 * rows were restored from a backup, say); resolved rows are kept as the record.
 */
export class ChainFindingsTable {
  private constructor(
    private readonly pool: pg.Pool,
    private readonly table: string,
  ) {}

  static async create(pool: pg.Pool, schema: string): Promise<ChainFindingsTable> {
    const s = `"${schema}"`;
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      // Every service of the store creates it at start: one at a time, or CREATE … IF NOT EXISTS races.
      await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`lead-chain-findings:${schema}`]);
      // Another process's migrator may create it at the same moment (23505 on pg_namespace): then it exists.
      await client.query('SAVEPOINT schema');
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`).catch(async (error: { code?: string }) => {
        if (error.code !== '23505') throw error;
        await client.query('ROLLBACK TO SAVEPOINT schema');
      });
      await client.query(`CREATE TABLE IF NOT EXISTS ${s}.chain_findings (
        finding_key    text PRIMARY KEY,
        kind           text NOT NULL,
        stream_id      text,
        revision       bigint,
        to_revision    bigint,
        event_id       text,
        position       text,
        checkpoint_id  text,
        detail         text NOT NULL,
        found_by       text NOT NULL,
        first_found_at timestamptz NOT NULL DEFAULT now(),
        last_found_at  timestamptz NOT NULL DEFAULT now(),
        resolved_at    timestamptz)`);
      await client.query(
        `CREATE INDEX IF NOT EXISTS chain_findings_open ON ${s}.chain_findings (first_found_at) WHERE resolved_at IS NULL`,
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    return new ChainFindingsTable(pool, `${s}.chain_findings`);
  }

  /** Records findings (open again if they had been resolved); the keys of those not known before. */
  async record(findings: readonly Finding[], foundBy: string): Promise<string[]> {
    if (findings.length === 0) return [];
    const unique = new Map(findings.map((finding) => [findingKey(finding), finding]));
    const { rows } = await this.pool.query<{ finding_key: string; fresh: boolean }>(
      `INSERT INTO ${this.table} AS f (finding_key, kind, stream_id, revision, to_revision, event_id, position,
                                       checkpoint_id, detail, found_by)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::text[],
                            $8::text[], $9::text[], $10::text[])
       ON CONFLICT (finding_key) DO UPDATE
          SET last_found_at = now(), detail = EXCLUDED.detail, resolved_at = NULL,
              first_found_at = CASE WHEN f.resolved_at IS NULL THEN f.first_found_at ELSE now() END
       RETURNING finding_key, (xmax = 0 OR f.first_found_at = f.last_found_at) AS fresh`,
      [
        [...unique.keys()],
        [...unique.values()].map((f) => f.kind),
        [...unique.values()].map((f) => f.streamId ?? null),
        [...unique.values()].map((f) => f.revision ?? null),
        [...unique.values()].map((f) => f.toRevision ?? null),
        [...unique.values()].map((f) => f.eventId ?? null),
        [...unique.values()].map((f) => f.position ?? null),
        [...unique.values()].map((f) => f.checkpointId ?? null),
        [...unique.values()].map((f) => f.detail),
        [...unique.values()].map(() => foundBy),
      ],
    );
    return rows.filter((row) => row.fresh).map((row) => row.finding_key);
  }

  /** The database's now: passes are dated by one clock, whichever replica runs them. */
  async now(): Promise<Date> {
    const { rows } = await this.pool.query<{ now: Date }>('SELECT now() AS now');
    return rows[0].now;
  }

  /**
   * Resolves what a full pass begun at `passStartedAt` did not find again, among what it looked for: the chain walk's
   * findings always; a checkpoint's only when the pass measured that checkpoint; a refused directory or file only
   * when the pass could read the directory. A finding whose check did not run stays open: a checkpoint left out of
   * the newest few, or a directory unreadable for a moment, must not release what it found. How many.
   */
  async resolveNotFoundSince(
    passStartedAt: Date,
    looked: { checkpointIds: readonly string[]; checkpointDirectoryRead: boolean },
  ): Promise<number> {
    const { rowCount } = await this.pool.query(
      `UPDATE ${this.table} SET resolved_at = now()
        WHERE resolved_at IS NULL AND last_found_at < $1
          AND (checkpoint_id IS NULL OR checkpoint_id = ANY($2::text[]))
          AND (kind <> 'checkpoint-refused' OR checkpoint_id IS NOT NULL OR $3::boolean)`,
      [passStartedAt, [...looked.checkpointIds], looked.checkpointDirectoryRead],
    );
    return rowCount ?? 0;
  }

  /** The open findings, oldest first (at most `limit`). */
  async open(limit = 10_000): Promise<StoredFinding[]> {
    const { rows } = await this.pool.query<{
      finding_key: string;
      kind: FindingKind;
      stream_id: string | null;
      revision: string | null;
      to_revision: string | null;
      event_id: string | null;
      position: string | null;
      checkpoint_id: string | null;
      detail: string;
      found_by: string;
      first_found_at: Date;
      last_found_at: Date;
    }>(`SELECT * FROM ${this.table} WHERE resolved_at IS NULL ORDER BY first_found_at, finding_key LIMIT $1`, [limit]);
    return rows.map((row) => ({
      key: row.finding_key,
      kind: row.kind,
      ...(row.stream_id !== null ? { streamId: row.stream_id } : {}),
      ...(row.revision !== null ? { revision: Number(row.revision) } : {}),
      ...(row.to_revision !== null ? { toRevision: Number(row.to_revision) } : {}),
      ...(row.event_id !== null ? { eventId: row.event_id } : {}),
      ...(row.position !== null ? { position: row.position } : {}),
      ...(row.checkpoint_id !== null ? { checkpointId: row.checkpoint_id } : {}),
      detail: row.detail,
      foundBy: row.found_by,
      firstFoundAt: row.first_found_at,
      lastFoundAt: row.last_found_at,
    }));
  }
}
