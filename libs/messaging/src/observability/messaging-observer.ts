/** What happened to one consumed message. */
export type ConsumeOutcome = 'handled' | 'duplicate' | 'dead_lettered' | 'skipped';

/**
 * Hooks the relay and consumers call so the host can export metrics without this library depending on a metrics
 * registry (the platform's Prometheus registry is plugged in by `prometheusMessagingObserver`). Every member is
 * optional; a throwing observer never disturbs the work it reports on.
 */
export interface MessagingObserver {
  /** Events in the store after the relay's acknowledged checkpoint. */
  relayLag?(relay: string, eventsBehind: number): void;
  /** 1 while this instance holds the relay's lease, 0 while it waits as a standby. */
  relayLeading?(relay: string, leading: boolean): void;
  /** A batch the broker acknowledged. */
  relayPublished?(relay: string, topic: string, messages: number, seconds: number): void;
  relayFailed?(relay: string): void;
  consumed?(group: string, outcome: ConsumeOutcome, seconds: number): void;
  /** A failed attempt that will be retried: `transient` ones never count towards the dead-letter limit. */
  consumerRetry?(group: string, kind: 'transient' | 'permanent'): void;
}

/** Calls an observer hook, swallowing its errors: metrics must never fail a publish or a handler. */
export function observe(call: () => void): void {
  try {
    call();
  } catch {
    // deliberately ignored, see above
  }
}
