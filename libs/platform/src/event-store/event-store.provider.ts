import { PostgresEventStore, type EventStore } from '@lead/event-store';
import type pg from 'pg';
import type { ServiceConfig } from '../config/service-config.js';
import { eventStoreObserver } from '../metrics/event-store-observer.js';
import type { PlatformMetrics } from '../metrics/platform-metrics.js';

/** Injection token of the service's `EventStore` (the port; the adapter is chosen by config). */
export const EVENT_STORE = Symbol('EventStore');

/**
 * The PostgreSQL store shares the service's pool and is migrated before the app takes traffic.
 * EventStoreDB is selected by `EVENT_STORE=esdb`; until its adapter is exported by
 * `@lead/event-store`, choosing it stops the service with a message saying so.
 */
export async function createEventStore(
  config: ServiceConfig,
  pool: pg.Pool,
  metrics: PlatformMetrics,
): Promise<EventStore> {
  if (config.EVENT_STORE === 'esdb') {
    throw new Error(
      'EVENT_STORE=esdb: the EventStoreDB adapter is not available in this build; use EVENT_STORE=postgres',
    );
  }
  return PostgresEventStore.create({ pool, schema: config.EVENT_STORE_SCHEMA, observer: eventStoreObserver(metrics) });
}
