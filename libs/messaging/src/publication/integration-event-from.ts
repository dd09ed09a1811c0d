import {
  latestContract,
  type IntegrationEvent,
  type IntegrationEventType,
  type LatestEventData,
} from '@lead/contracts';
import type { RecordedEvent } from '@lead/event-store';

/**
 * The integration event for one stored domain event, at the latest published version of `type`. Everything in
 * the envelope comes from the stored event (its id, recorded time and metadata), so mapping the same event again
 * gives the same message, which is what lets consumers' inboxes recognise a redelivery.
 */
export function integrationEventFrom<T extends IntegrationEventType>(
  event: RecordedEvent,
  source: string,
  type: T,
  participantId: string,
  data: LatestEventData[T],
): IntegrationEvent<LatestEventData[T]> {
  const contract = latestContract(type);
  if (!contract) throw new Error(`No published contract for ${type}`);
  const jurisdiction = event.metadata.jurisdiction;
  if (!jurisdiction) throw new UnpublishableEvent(event, 'its metadata names no jurisdiction');
  return {
    id: event.eventId,
    type,
    schemaVersion: contract.version,
    source,
    time: event.recordedAt.toISOString(),
    participantId,
    jurisdiction,
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId ?? null,
    data,
  };
}

/**
 * A stored event that cannot become the integration event it should: a producer bug. The relay stops at it and
 * retries (it never skips an event); the fix is in the producer, never a dropped message.
 */
export class UnpublishableEvent extends Error {
  override readonly name = 'UnpublishableEvent';
  constructor(event: RecordedEvent, why: string) {
    super(`${event.type} ${event.eventId} on ${event.streamId} cannot be published: ${why}`);
  }
}

/** The id after a stream's category prefix: `referral-<id>` → `<id>`. */
export function streamEntityId(event: RecordedEvent, prefix: string): string {
  if (!event.streamId.startsWith(prefix)) throw new UnpublishableEvent(event, `its stream is not a ${prefix} stream`);
  return event.streamId.slice(prefix.length);
}
