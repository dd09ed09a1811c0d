import { isolatedSchema } from '@lead/testing';
import { PostgresEventStore } from '../src/index.js';
import { describeEventStoreContract } from './event-store.contract.js';

describeEventStoreContract('PostgreSQL', async () => {
  const db = await isolatedSchema('es');
  const store = await PostgresEventStore.create({ pool: db.pool, schema: db.schema, pollIntervalMs: 200 });
  return {
    store,
    dispose: async () => {
      await store.close();
      await db.drop();
    },
  };
});
