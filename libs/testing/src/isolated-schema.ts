import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The database tests use: what `npm test` exported, else the machine's local server. */
export function testDatabaseUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

export interface IsolatedSchema {
  pool: pg.Pool;
  schema: string;
  /** Drops the schema and closes the pool. */
  drop(): Promise<void>;
}

/**
 * A fresh schema with a random name and its own pool, so test files can run in parallel against
 * one server and leave nothing behind.
 */
export async function isolatedSchema(prefix = 't', poolSize = 10): Promise<IsolatedSchema> {
  const schema = `${prefix}_${randomBytes(5).toString('hex')}`;
  const pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: poolSize });
  await pool.query(`CREATE SCHEMA "${schema}"`);
  return {
    pool,
    schema,
    async drop() {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await pool.end();
    },
  };
}
