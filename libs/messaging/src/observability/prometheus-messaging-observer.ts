import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { MessagingObserver } from './messaging-observer.js';
import type { ProgressWatch } from './progress-watch.js';

/**
 * The relay's and consumers' metrics on a Prometheus registry (the service's, from `PlatformMetrics`):
 * `lead_relay_lag_events` is the backpressure signal to alert on, the rest explain it.
 */
export function prometheusMessagingObserver(registry: Registry): MessagingObserver {
  const registers = [registry];
  const lag = new Gauge({
    name: 'lead_relay_lag_events',
    help: 'Events in the store after the relay checkpoint (not yet acknowledged by the broker)',
    labelNames: ['relay'],
    registers,
  });
  const leading = new Gauge({
    name: 'lead_relay_leading',
    help: '1 while this instance holds the relay lease, 0 while standing by',
    labelNames: ['relay'],
    registers,
  });
  const published = new Counter({
    name: 'lead_relay_published_messages_total',
    help: 'Messages the broker acknowledged',
    labelNames: ['relay', 'topic'],
    registers,
  });
  const publishSeconds = new Histogram({
    name: 'lead_relay_publish_duration_seconds',
    help: 'Time from sending a batch to its acknowledgement',
    labelNames: ['relay', 'topic'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  const relayFailures = new Counter({
    name: 'lead_relay_failures_total',
    help: 'Relay cycles that failed and restarted from the checkpoint',
    labelNames: ['relay'],
    registers,
  });
  const passedOver = new Counter({
    name: 'lead_relay_passed_over_total',
    help: 'Events a relay left out because they could not be published (the audit relay only; alert on any)',
    labelNames: ['relay'],
    registers,
  });
  const consumed = new Counter({
    name: 'lead_consumer_messages_total',
    help: 'Messages by consumer group and outcome',
    labelNames: ['group', 'outcome'],
    registers,
  });
  const handleSeconds = new Histogram({
    name: 'lead_consumer_message_duration_seconds',
    help: 'Time to handle a message, retries included',
    labelNames: ['group'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
    registers,
  });
  const retries = new Counter({
    name: 'lead_consumer_retries_total',
    help: 'Failed handler attempts that were retried, by kind',
    labelNames: ['group', 'kind'],
    registers,
  });
  return {
    relayLag: (relay, behind) => lag.set({ relay }, behind),
    relayLeading: (relay, isLeading) => leading.set({ relay }, isLeading ? 1 : 0),
    relayPublished: (relay, topic, messages, seconds) => {
      published.inc({ relay, topic }, messages);
      publishSeconds.observe({ relay, topic }, seconds);
    },
    relayFailed: (relay) => relayFailures.inc({ relay }),
    relayPassedOver: (relay) => passedOver.inc({ relay }),
    consumed: (group, outcome, seconds) => {
      consumed.inc({ group, outcome });
      handleSeconds.observe({ group }, seconds);
    },
    consumerRetry: (group, kind) => retries.inc({ group, kind }),
  };
}

/** `lead_messaging_stuck_seconds{worker}`: how long each relay or consumer has been failing without progress. */
export function registerStuckGauge(registry: Registry, watch: ProgressWatch): void {
  new Gauge({
    name: 'lead_messaging_stuck_seconds',
    help: 'Seconds a relay or consumer has been failing without progress (0 once it moves again)',
    labelNames: ['worker'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [worker, seconds] of watch.failingSeconds()) this.set({ worker }, seconds);
    },
  });
}
