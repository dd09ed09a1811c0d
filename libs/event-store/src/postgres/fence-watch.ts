import type pg from 'pg';

/**
 * The transaction at the xid fence: the running transaction with the oldest transaction id in the cluster, in any
 * database. What identifies it, never what it runs (its query text stays out: it may hold personal data).
 */
export interface FenceHolder {
  /** The backend's process id (`pg_terminate_backend(pid)` ends it); null for a prepared transaction. */
  pid: number | null;
  /** The database it is connected to: any database of the cluster holds the fence, not only the event store's. */
  database: string | null;
  /**
   * `pg_stat_activity.state` (`idle in transaction`, `active`, …), `prepared` for a prepared transaction, or null
   * when the watching role may not see it (it needs `pg_read_all_stats` for other roles' sessions).
   */
  state: string | null;
  /**
   * Seconds since its transaction began (since `PREPARE TRANSACTION` for a prepared one); null when the watching
   * role may not see it. PostgreSQL does not record when a transaction took its id, so a transaction that read for
   * a while before its first write counts from its start.
   */
  seconds: number | null;
}

export interface FenceSample {
  /**
   * How long `$all` readers have been held back, in seconds: the age of the transaction at the fence, or, when its
   * age cannot be seen, how long this watch has seen the fence stay at one transaction id with a later transaction
   * committed behind it (a lower bound). 0 when no transaction holds an id.
   */
  heldSeconds: number;
  /** The transaction at the fence; undefined when there is none or this role cannot see which backend it is. */
  holder?: FenceHolder;
  /** True when a later transaction has committed behind the fence: its events are stored but not yet readable. */
  behind: boolean;
}

/**
 * One statement: the fence as `$all` readers compute it (`pg_snapshot_xmin(pg_current_snapshot())`, the oldest
 * transaction id still running in the cluster) and the backend or prepared transaction holding that id. Cheap:
 * pg_stat_activity is an in-memory view of the cluster's backends, pg_prepared_xacts is usually empty. It takes no
 * transaction id itself (read only), so it never holds the fence it measures.
 */
const SAMPLE_SQL = `
  WITH fence AS (
    SELECT pg_snapshot_xmin(snap) AS xmin, pg_snapshot_xmax(snap) AS xmax FROM pg_current_snapshot() AS snap
  ), holders AS (
    SELECT a.pid, a.datname::text AS database, a.state, a.backend_xid AS xid, a.xact_start AS since
      FROM pg_stat_activity a WHERE a.backend_xid IS NOT NULL
    UNION ALL
    SELECT NULL, p.database::text, 'prepared', p.transaction, p.prepared FROM pg_prepared_xacts p
  )
  SELECT f.xmin::text AS xmin, f.xmax::text AS xmax, h.xid IS NOT NULL AS found, h.pid, h.database, h.state,
         extract(epoch FROM clock_timestamp() - h.since)::float8 AS seconds
    FROM fence f LEFT JOIN holders h ON h.xid = f.xmin::xid
   LIMIT 1`;

interface SampleRow {
  xmin: string;
  xmax: string;
  found: boolean;
  pid: number | null;
  database: string | null;
  state: string | null;
  seconds: number | null;
}

/**
 * Measures how long the PostgreSQL store's xid fence (`VISIBLE` in store-context.ts) has been held back. `$all`
 * readers and subscriptions pass only events of transactions older than every running transaction of the cluster,
 * so one transaction left open anywhere — another database, a row lock only, one that will roll back — holds back
 * every reader until it ends: nothing is skipped, everything waits. This names the transaction doing it.
 *
 * Call `sample()` every few seconds (the services do; see libs/platform's fence monitor). The watch remembers the
 * fence between samples, which bounds the stall from below when the holder's backend is hidden from its role.
 */
export class FenceWatch {
  private stuck: { xmin: string; since: number } | undefined;

  constructor(
    private readonly pool: Pick<pg.Pool, 'query'>,
    private readonly now: () => number = Date.now,
  ) {}

  async sample(): Promise<FenceSample> {
    const { rows } = await this.pool.query<SampleRow>(SAMPLE_SQL);
    const row = rows[0];
    const now = this.now();
    // xmin < xmax: some transaction newer than the fence has completed; its events (if any) wait behind it.
    const behind = BigInt(row.xmin) < BigInt(row.xmax);
    if (!behind) this.stuck = undefined;
    else if (this.stuck?.xmin !== row.xmin) this.stuck = { xmin: row.xmin, since: now };
    const seen = this.stuck ? (now - this.stuck.since) / 1000 : 0;
    if (!row.found) return { heldSeconds: seen, behind };
    const seconds = row.seconds === null ? null : Math.max(0, row.seconds);
    return {
      heldSeconds: Math.max(seen, seconds ?? 0),
      holder: { pid: row.pid, database: row.database, state: row.state, seconds },
      behind,
    };
  }
}
