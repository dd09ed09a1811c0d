import type { IntegrationEvent } from '@lead/contracts';
import type { AllFilter, RecordedEvent } from '@lead/event-store';

/**
 * What a service publishes: which of the store's events are its own (`filter`, so the relay never reads other
 * services' streams), and how each becomes an integration event on `topic`. One per producing service, written
 * beside its `*.events.ts` and used only by that service: its relay publishes the mapped events to Kafka or to the
 * embedded topic log, and its event store checks every append against it (`publishableAppendCheck`). Consumers
 * never see it: they receive the published integration events, typed by libs/contracts alone.
 */
export interface IntegrationEventMapper {
  /** The topic this service's integration events go to, e.g. `TOPICS.referrals`. */
  readonly topic: string;
  /** The service's own streams (and, optionally, event types) in `$all`. */
  readonly filter: AllFilter;
  /**
   * The integration event published for `event`, or null when the event is internal to the service. Must be a
   * pure function of the event: a re-published event must be the same message. Its `id` should be the domain
   * event's id, which is what consumers' inboxes recognise a redelivery by.
   */
  map(event: RecordedEvent): IntegrationEvent | null;
}

/**
 * Checks an integration event against its published contract (e.g. the JSON Schema validation of libs/contracts):
 * before the append that produces it commits, again before the relay publishes it, and when a consumer receives
 * it. Throwing refuses the append; in the relay it stops the relay at that event (it retries, never skips it).
 */
export type IntegrationEventValidator = (event: IntegrationEvent, topic: string) => void;

/** Whether `event` passes an `$all` filter, as the store applies it (both parts must match when both are given). */
export function matchesFilter(event: RecordedEvent, filter: AllFilter): boolean {
  if (filter.streamPrefixes?.length && !filter.streamPrefixes.some((prefix) => event.streamId.startsWith(prefix)))
    return false;
  if (filter.eventTypes?.length && !filter.eventTypes.includes(event.type)) return false;
  return true;
}
