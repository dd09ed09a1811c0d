import {
  assertValidIntegrationEvent,
  latestContract,
  type IntegrationEvent,
  type IntegrationEventType,
  type LatestEventData,
  type Topic,
} from '@lead/contracts';
import { newEventId, type EventStore } from '@lead/event-store';
import { EmbeddedTopicPublisher, encodeIntegrationEvent } from '@lead/messaging';

/** Whose message it is: the participant, jurisdiction and correlation a producer's relay would stamp on it. */
export interface MessageSubject {
  participantId: string;
  jurisdiction: string;
  correlationId: string;
}

/**
 * One integration event of another service on the embedded bus's `topic`, validated against its contract as that
 * service's relay would, recorded at `time` (default now): for the suites of the services that follow it (they
 * may import only the contracts, never the producer).
 */
export async function publishOnEmbeddedBus<T extends IntegrationEventType>(
  store: EventStore,
  topic: Topic,
  source: string,
  subject: MessageSubject,
  type: T,
  data: LatestEventData[T],
  time: string = new Date().toISOString(),
): Promise<IntegrationEvent> {
  const event: IntegrationEvent = {
    id: newEventId(),
    type,
    schemaVersion: latestContract(type)!.version,
    source,
    time,
    participantId: subject.participantId,
    jurisdiction: subject.jurisdiction,
    correlationId: subject.correlationId,
    causationId: null,
    data: data as unknown as Record<string, unknown>,
  };
  assertValidIntegrationEvent(event, topic);
  await new EmbeddedTopicPublisher(store).publish([{ topic, messages: [encodeIntegrationEvent(event)] }]);
  return event;
}
