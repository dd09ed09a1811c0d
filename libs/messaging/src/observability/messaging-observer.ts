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
  /** A leading cycle failed; the relay restarts from its checkpoint. */
  relayFailed?(relay: string, error?: unknown): void;
  /** A publish failed and the same batch will be sent again. */
  relayRetried?(relay: string, error: unknown): void;
  /** The relay's checkpoint moved forward. */
  relayProgressed?(relay: string): void;
  /** A relay that passes over what it cannot publish (`passOverUnpublishable`) left out this event. */
  relayPassedOver?(relay: string, error: unknown): void;
  consumed?(group: string, outcome: ConsumeOutcome, seconds: number): void;
  /** A failed attempt that will be retried: `transient` ones never count towards the dead-letter limit. */
  consumerRetry?(group: string, kind: 'transient' | 'permanent', error?: unknown): void;
  /** A consumer's cycle failed (its subscription or lease); it resumes from its checkpoint. */
  consumerFailed?(group: string, error: unknown): void;
}

/** One observer that tells each of `observers` everything. */
export function combineObservers(...observers: (MessagingObserver | undefined)[]): MessagingObserver {
  const present = observers.filter((observer): observer is MessagingObserver => observer !== undefined);
  const hooks: (keyof MessagingObserver)[] = [
    'relayLag',
    'relayLeading',
    'relayPublished',
    'relayFailed',
    'relayRetried',
    'relayProgressed',
    'relayPassedOver',
    'consumed',
    'consumerRetry',
    'consumerFailed',
  ];
  const combined: MessagingObserver = {};
  for (const hook of hooks) {
    (combined as Record<string, (...args: unknown[]) => void>)[hook] = (...args: unknown[]) => {
      for (const observer of present) {
        const call = observer[hook] as ((...args: unknown[]) => void) | undefined;
        if (call) observe(() => call.apply(observer, args));
      }
    };
  }
  return combined;
}

/** Calls an observer hook, swallowing its errors: metrics must never fail a publish or a handler. */
export function observe(call: () => void): void {
  try {
    call();
  } catch {
    // deliberately ignored, see above
  }
}
