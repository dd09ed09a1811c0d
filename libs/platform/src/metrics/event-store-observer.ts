import type { EventStoreObserver } from '@lead/event-store';
import type { PlatformMetrics } from './platform-metrics.js';

/** Feeds the event store's timings into the service's Prometheus metrics. */
export function eventStoreObserver(metrics: PlatformMetrics): EventStoreObserver {
  return {
    appendDuration: (seconds, streamCategory) =>
      metrics.eventStoreAppendDuration.observe({ stream_category: streamCategory }, seconds),
    subscriptionLag: (subscription, eventsBehind) => metrics.subscriptionLag.set({ subscription }, eventsBehind),
  };
}
