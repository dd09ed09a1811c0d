import pg from 'pg';
import type { Logger } from 'pino';
import type { ServiceConfig } from '../config/service-config.js';
import { connectionBoundOptions, type ConnectionBounds } from './connection-bounds.js';

/** Injection token of the service's `pg.Pool` (shared by the event store and the read models). */
export const DATABASE_POOL = Symbol('DatabasePool');

/** The service's bounds on its own sessions (DATABASE_IDLE_IN_TX_TIMEOUT_MS, …; see connection-bounds.ts). */
export function connectionBoundsOf(config: ServiceConfig): ConnectionBounds {
  return {
    idleInTransactionMs: config.DATABASE_IDLE_IN_TX_TIMEOUT_MS,
    statementMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    lockMs: config.DATABASE_LOCK_TIMEOUT_MS,
  };
}

/**
 * The service's pool. Every session it opens carries the service's connection bounds, and so does every
 * connection made from its `options` (a lease's session, the event store's LISTEN connection): a transaction of
 * this service left open is ended by the server instead of holding back every `$all` reader on the cluster.
 */
export function createDatabasePool(config: ServiceConfig, serviceName: string, logger: Logger): pg.Pool {
  const pool = new pg.Pool({
    connectionString: config.DATABASE_URL,
    application_name: serviceName,
    // Without it a connect to an unreachable host waits for the OS TCP timeout (minutes).
    connectionTimeoutMillis: 5000,
    ...connectionBoundOptions(connectionBoundsOf(config)),
  });
  // An idle client whose server went away emits 'error' on the pool; unhandled, it kills the process.
  pool.on('error', (error) => logger.warn({ err: error }, 'idle database connection failed'));
  // A checked-out client has no listener of the pool's: a session the server ends under its holder (idle in a
  // transaction past the bound, terminated by an operator) would throw from the socket and kill the process. It is
  // logged instead; the holder's next query fails and the client is discarded when released.
  const checkedOut = new WeakSet<pg.PoolClient>();
  pool.on('acquire', (client) => checkedOut.add(client));
  pool.on('release', (_error, client) => checkedOut.delete(client));
  pool.on('connect', (client) =>
    client.on('error', (error: Error & { code?: string }) => {
      // The pool's own listener reports idle clients; a failed session reports once (then "terminated unexpectedly").
      if (!checkedOut.has(client)) return;
      checkedOut.delete(client);
      const why =
        error.code === '25P03'
          ? 'database session ended by the server: idle in a transaction past DATABASE_IDLE_IN_TX_TIMEOUT_MS'
          : 'database session in use failed';
      logger.warn({ err: error }, why);
    }),
  );
  return pool;
}
