import { PostgresEventStore } from '@lead/event-store';
import { testDatabaseUrl } from '@lead/testing';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateMessaging } from '../../src/index.js';

/**
 * The PostgreSQL cluster the messaging tests write to: one of their own when `npm test` started it
 * (MESSAGING_DATABASE_URL; see infra/test.mjs for why), else the shared one.
 */
export function messagingDatabaseUrl(): string {
  return process.env.MESSAGING_DATABASE_URL ?? testDatabaseUrl();
}

export interface TestDatabase {
  pool: pg.Pool;
  /** The event store's schema (shared by services in production). */
  eventStoreSchema: string;
  /** The consuming / publishing service's own schema: inbox, checkpoints, dead letters, effects. */
  serviceSchema: string;
  store: PostgresEventStore;
  close(): Promise<void>;
}

/** An event store and a service schema of this test's own, migrated, on one pool. */
export async function testDatabase(label: string, poolSize = 20): Promise<TestDatabase> {
  const eventStoreSchema = `${label}_${randomBytes(5).toString('hex')}`;
  const serviceSchema = `${eventStoreSchema}_svc`;
  const pool = new pg.Pool({ connectionString: messagingDatabaseUrl(), max: poolSize });
  await pool.query(`CREATE SCHEMA "${eventStoreSchema}"`);
  await pool.query(`CREATE SCHEMA "${serviceSchema}"`);
  await migrateMessaging(pool, serviceSchema);
  const store = await PostgresEventStore.create({ pool, schema: eventStoreSchema, pollIntervalMs: 200 });
  return {
    pool,
    eventStoreSchema,
    serviceSchema,
    store,
    async close() {
      await store.close();
      await pool
        .query(`DROP SCHEMA IF EXISTS "${serviceSchema}", "${eventStoreSchema}" CASCADE`)
        .catch(() => undefined);
      await pool.end();
    },
  };
}
