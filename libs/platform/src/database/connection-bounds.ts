import type pg from 'pg';

/**
 * Server-side bounds on every connection the project opens (sent at connect as the session's
 * `idle_in_transaction_session_timeout`, `statement_timeout` and `lock_timeout`). 0 sends nothing: the server's
 * (role's, database's) own setting applies.
 *
 * Why they matter beyond this service: the PostgreSQL event store's `$all` readers pass only rows of transactions
 * older than every transaction running anywhere in the cluster (the xid fence, docs/event-store.md). One transaction
 * left open — a connection checked out and forgotten, a statement that never ends — holds back every subscriber of
 * every service for as long as it stays open. These bounds make the server end such a transaction of ours.
 */
export interface ConnectionBounds {
  /** A session idle inside a transaction longer than this is terminated by the server. */
  idleInTransactionMs: number;
  /** A statement running longer than this is cancelled. */
  statementMs: number;
  /** A statement waiting longer than this for a lock is cancelled. */
  lockMs: number;
}

/**
 * The defaults. 10 s idle in a transaction: no transaction of the project waits on anything but statements (an
 * append is one statement; a read model's transaction runs its statements back to back; a consumer's inbox
 * transaction waits for its handler, whose appends go through the pool, each bounded in turn). 30 s per
 * statement: every statement of the project is paged or batched (reads, the hash-chain walk, retention deletes)
 * and migrations are small DDL; a migration that needs longer says so itself (`SET LOCAL statement_timeout = 0`
 * first in its SQL). No lock timeout: the statement timeout already bounds every lock wait, and a shorter one
 * would only fail waits that are legitimate (a peer instance's migration, two deliveries of one message).
 *
 * What they leave alone: a lease's session (a session-level advisory lock on an idle connection, not a
 * transaction: `pg_try_advisory_lock` never waits) and the event store's `LISTEN` connection (idle outside any
 * transaction). Both inherit these bounds through the pool's options and are not affected by them.
 */
export const DEFAULT_CONNECTION_BOUNDS: Readonly<ConnectionBounds> = Object.freeze({
  idleInTransactionMs: 10_000,
  statementMs: 30_000,
  lockMs: 0,
});

/** The environment variables, one per bound (the services read them through `ServiceConfig`). */
export const CONNECTION_BOUND_SETTINGS = {
  idleInTransactionMs: 'DATABASE_IDLE_IN_TX_TIMEOUT_MS',
  statementMs: 'DATABASE_STATEMENT_TIMEOUT_MS',
  lockMs: 'DATABASE_LOCK_TIMEOUT_MS',
} as const satisfies Record<keyof ConnectionBounds, string>;

/** Largest bound accepted: a day. */
export const MAX_CONNECTION_BOUND_MS = 86_400_000;

/** `pg` connection options carrying the bounds (for a `pg.Pool`, a `pg.Client`, or TypeORM's `extra`). */
export function connectionBoundOptions(
  bounds: ConnectionBounds,
): Pick<pg.ClientConfig, 'idle_in_transaction_session_timeout' | 'statement_timeout' | 'lock_timeout'> {
  // pg sends a bound only when it is truthy: 0 leaves the server's setting.
  return {
    idle_in_transaction_session_timeout: bounds.idleInTransactionMs,
    statement_timeout: bounds.statementMs,
    lock_timeout: bounds.lockMs,
  };
}

/**
 * The bounds from environment variables, for a tool that does not load `ServiceConfig` (a command line tool such
 * as `lead-dlq`): the defaults for unset variables; throws naming a variable that is not a whole number of
 * milliseconds between 0 and a day.
 */
export function connectionBoundsFromEnv(env: Record<string, string | undefined>): ConnectionBounds {
  const bounds = { ...DEFAULT_CONNECTION_BOUNDS };
  for (const key of Object.keys(CONNECTION_BOUND_SETTINGS) as (keyof ConnectionBounds)[]) {
    const name = CONNECTION_BOUND_SETTINGS[key];
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') continue;
    const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!(value >= 0 && value <= MAX_CONNECTION_BOUND_MS))
      throw new Error(`${name} must be an integer between 0 and ${MAX_CONNECTION_BOUND_MS} (ms; 0: the server's)`);
    bounds[key] = value;
  }
  return bounds;
}
