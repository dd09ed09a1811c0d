import { PostgresEventStore } from '@lead/event-store';
import { isolatedSchema } from '@lead/testing';
import type pg from 'pg';
import { migrateMessaging } from '../../src/index.js';

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
  const db = await isolatedSchema(label, poolSize);
  const serviceSchema = `${db.schema}_svc`;
  await db.pool.query(`CREATE SCHEMA "${serviceSchema}"`);
  await migrateMessaging(db.pool, serviceSchema);
  const store = await PostgresEventStore.create({ pool: db.pool, schema: db.schema, pollIntervalMs: 200 });
  return {
    pool: db.pool,
    eventStoreSchema: db.schema,
    serviceSchema,
    store,
    async close() {
      await store.close();
      await db.pool.query(`DROP SCHEMA IF EXISTS "${serviceSchema}" CASCADE`).catch(() => undefined);
      await db.drop();
    },
  };
}
