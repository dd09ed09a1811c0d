import { EsdbEventStore, PostgresEventStore, type EventStore } from '@lead/event-store';
import type pg from 'pg';
import type { ServiceConfig } from '../config/service-config.js';
import { eventStoreObserver } from '../metrics/event-store-observer.js';
import type { PlatformMetrics } from '../metrics/platform-metrics.js';

/** Injection token of the service's `EventStore` (the port; the adapter is chosen by config). */
export const EVENT_STORE = Symbol('EventStore');

/**
 * The PostgreSQL store shares the service's pool and is migrated before the app takes traffic.
 * `EVENT_STORE=esdb` selects EventStoreDB at `ESDB_CONNECTION_STRING` (validated by the config);
 * the service's own tables (read models, inbox) stay in PostgreSQL either way.
 */
export async function createEventStore(
  config: ServiceConfig,
  pool: pg.Pool,
  metrics: PlatformMetrics,
): Promise<EventStore> {
  if (config.EVENT_STORE === 'esdb') {
    return EsdbEventStore.fromConnectionString(config.ESDB_CONNECTION_STRING!, {
      observer: eventStoreObserver(metrics),
    });
  }
  return PostgresEventStore.create({ pool, schema: config.EVENT_STORE_SCHEMA, observer: eventStoreObserver(metrics) });
}
