import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The Prometheus metrics every service exposes at `/metrics`. Each service instance owns its
 * registry (not prom-client's global one) so that several apps in one test process never
 * collide on metric names.
 */
export class PlatformMetrics {
  readonly registry = new Registry();

  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  readonly eventStoreAppendDuration: Histogram<'stream_category'>;
  readonly subscriptionLag: Gauge<'subscription'>;
  readonly retentionDeletedRows: Counter<'sweep'>;
  readonly retentionSweepFailures: Counter<'sweep'>;

  constructor(serviceName: string) {
    this.registry.setDefaultLabels({ service: serviceName });
    collectDefaultMetrics({ register: this.registry });
    this.httpRequestDuration = new Histogram({
      name: 'lead_http_request_duration_seconds',
      help: 'HTTP request duration by method, route template and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.eventStoreAppendDuration = new Histogram({
      name: 'lead_event_store_append_duration_seconds',
      help: 'Duration of event store appends by stream category',
      labelNames: ['stream_category'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    this.subscriptionLag = new Gauge({
      name: 'lead_subscription_lag_events',
      help: 'Events between a subscription and the head of the log it follows',
      labelNames: ['subscription'],
      registers: [this.registry],
    });
    this.retentionDeletedRows = new Counter({
      name: 'lead_retention_deleted_rows_total',
      help: 'Expired rows deleted by retention sweeps (idempotency keys, inbox), by sweep',
      labelNames: ['sweep'],
      registers: [this.registry],
    });
    this.retentionSweepFailures = new Counter({
      name: 'lead_retention_sweep_failures_total',
      help: 'Retention sweeps that stopped on an error (retried at the next run), by sweep',
      labelNames: ['sweep'],
      registers: [this.registry],
    });
  }
}
