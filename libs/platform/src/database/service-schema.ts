import type pg from 'pg';
import { quoteSchema } from '@lead/event-store';

/** Injection token of the name of the schema holding this service's own tables. */
export const SERVICE_SCHEMA = Symbol('ServiceSchema');

/** Raised by a concurrent CREATE SCHEMA IF NOT EXISTS of the same name (two replicas starting). */
const ALREADY_CREATED = new Set(['23505', '42P06']);

/**
 * Each service keeps its tables in its own schema (no app reads another app's tables), created
 * here so later migrations of the service only ever create tables inside it.
 */
export async function ensureServiceSchema(pool: pg.Pool, schema: string): Promise<string> {
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteSchema(schema)}`);
  } catch (error) {
    if (!ALREADY_CREATED.has((error as { code?: string }).code ?? '')) throw error;
  }
  return schema;
}
