import type { Pool } from 'pg';
import type { Migration } from './migrations/migration.js';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Quotes a schema name after checking it is a plain identifier (it is interpolated into SQL). */
export function quoteSchema(schema: string): string {
  if (!IDENTIFIER.test(schema))
    throw new Error(`Invalid schema name "${schema}": use lower-case letters, digits and _`);
  return `"${schema}"`;
}

/**
 * Applies pending migrations in version order, each in its own transaction, recording them in
 * `<schema>.schema_migrations` under `component`, so several components (the event store, the
 * idempotency keys, the inbox…) can keep numbered migrations in one schema. An advisory lock keyed
 * on the schema makes concurrent starters wait instead of racing.
 */
export async function migrate(
  pool: Pool,
  schema: string,
  migrations: readonly Migration[],
  component = 'main',
): Promise<number[]> {
  const s = quoteSchema(schema);
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`lead-migrations:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (
         component text NOT NULL DEFAULT 'main', version integer NOT NULL, name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (component, version))`,
    );
    const { rows } = await client.query<{ version: number }>(
      `SELECT version FROM ${s}.schema_migrations WHERE component = $1`,
      [component],
    );
    const done = new Set(rows.map((r) => r.version));
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        // A migration may rewrite a whole table (0002 backfills every stream's stamp): it runs once, under the
        // migration lock, so the bound the services set on their statements (DATABASE_STATEMENT_TIMEOUT_MS) is lifted
        // for its transaction only.
        await client.query('SET LOCAL statement_timeout = 0');
        await client.query(migration.sql(s));
        await client.query(`INSERT INTO ${s}.schema_migrations (component, version, name) VALUES ($1, $2, $3)`, [
          component,
          migration.version,
          migration.name,
        ]);
        await client.query('COMMIT');
        applied.push(migration.version);
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(
          `Migration ${component} ${migration.version} (${migration.name}) on schema ${schema} failed: ${(error as Error).message}`,
        );
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`lead-migrations:${schema}`]).catch(() => undefined);
    client.release();
  }
  return applied;
}
