import pg from 'pg';
import type { Logger } from 'pino';
import type { ServiceConfig } from '../config/service-config.js';

/** Injection token of the service's `pg.Pool` (shared by the event store and the read models). */
export const DATABASE_POOL = Symbol('DatabasePool');

export function createDatabasePool(config: ServiceConfig, serviceName: string, logger: Logger): pg.Pool {
  const pool = new pg.Pool({
    connectionString: config.DATABASE_URL,
    application_name: serviceName,
    // Without it a connect to an unreachable host waits for the OS TCP timeout (minutes).
    connectionTimeoutMillis: 5000,
  });
  // An idle client whose server went away emits 'error' on the pool; unhandled, it kills the process.
  pool.on('error', (error) => logger.warn({ err: error }, 'idle database connection failed'));
  return pool;
}
