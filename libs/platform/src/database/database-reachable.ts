import type { Pool } from 'pg';
import type { ReadinessCheck } from '../health/readiness-checks.js';

/** The cheapest round trip that proves the pool can hand out a working connection. */
export function databaseReachable(pool: Pool): ReadinessCheck {
  return async () => {
    await pool.query('SELECT 1');
  };
}
