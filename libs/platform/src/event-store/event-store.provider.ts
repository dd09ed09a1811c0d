import {
  EsdbEventStore,
  PostgresEventStore,
  withAppendCheck,
  type AppendCheck,
  type EventStore,
} from '@lead/event-store';
import type pg from 'pg';
import type { ServiceConfig } from '../config/service-config.js';
import { eventStoreObserver } from '../metrics/event-store-observer.js';
import type { PlatformMetrics } from '../metrics/platform-metrics.js';

/** Injection token of the service's `EventStore` (the port; the adapter is chosen by config). */
export const EVENT_STORE = Symbol('EventStore');

/**
 * The PostgreSQL store shares the service's pool and is migrated before the app takes traffic.
 * `EVENT_STORE=esdb` selects EventStoreDB at `ESDB_CONNECTION_STRING` (validated by the config);
 * the service's own tables (read models, inbox) stay in PostgreSQL either way. With an `appendCheck` (the service's
 * publication), every append passes it first.
 */
export async function createEventStore(
  config: ServiceConfig,
  pool: pg.Pool,
  metrics: PlatformMetrics,
  appendCheck?: AppendCheck,
): Promise<EventStore> {
  const store =
    config.EVENT_STORE === 'esdb'
      ? EsdbEventStore.fromConnectionString(config.ESDB_CONNECTION_STRING!, { observer: eventStoreObserver(metrics) })
      : await PostgresEventStore.create({
          pool,
          schema: config.EVENT_STORE_SCHEMA,
          observer: eventStoreObserver(metrics),
        });
  return appendCheck ? withAppendCheck(store, appendCheck) : store;
}
