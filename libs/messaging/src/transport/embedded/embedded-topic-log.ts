import {
  deriveEventId,
  DuplicateEventId,
  formatPosition,
  type AllFilter,
  type EventData,
  type EventStore,
  type RecordedEvent,
} from '@lead/event-store';
import { CE } from '../../wire/cloud-events-headers.js';
import { MalformedMessage } from '../../wire/malformed-message.js';
import type { ReceivedMessage, WireMessage } from '../../wire/wire-message.js';
import type { MessagePublisher, TopicMessages } from '../message-publisher.port.js';

/**
 * The embedded bus's topics (`BUS=embedded`): each topic is one stream of the event store, `topic-<topic>`, holding
 * the wire messages a producer's relay published to it, exactly as Kafka would carry them (key, value, headers).
 * Consumers follow these streams through `$all`, so they receive the producer's published integration events and
 * never its private domain events, and the store's gap-free ordering and wake-ups apply. One stream per topic gives
 * a single order per topic, stricter than Kafka's order per key.
 */
export const TOPIC_STREAM_PREFIX = 'topic-';

export const topicStream = (topic: string): string => `${TOPIC_STREAM_PREFIX}${topic}`;

/** The `$all` filter of the given topics' streams. */
export function topicFilter(topics: readonly string[]): AllFilter {
  return { streamPrefixes: topics.map(topicStream) };
}

/** What a topic stream's event holds: the wire message, the value as the JSON text the producer encoded. */
interface StoredWireMessage {
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

/** The message type stored for every message: consumers filter by stream, not by type. */
const MESSAGE_EVENT_TYPE = 'WireMessage';

/**
 * Publishes by appending to the topic's stream; resolves once the store committed (the broker's ack). A message's
 * stored event id is derived from its `ce_id` and topic, so publishing it again after a crash between the append
 * and the relay's checkpoint stores nothing new: a batch is appended whole when none of it is there yet, and message
 * by message (each idempotent) when a part of it already is.
 */
export class EmbeddedTopicPublisher implements MessagePublisher {
  constructor(private readonly store: EventStore) {}

  async publish(batches: TopicMessages[]): Promise<void> {
    for (const { topic, messages } of batches) {
      if (messages.length === 0) continue;
      const events = messages.map((message) => storedMessage(topic, message));
      try {
        await this.store.appendToStream(topicStream(topic), events, 'any');
      } catch (error) {
        if (!(error instanceof DuplicateEventId)) throw error;
        for (const event of events) await this.appendOnce(topic, event);
      }
    }
  }

  private async appendOnce(topic: string, event: EventData<StoredWireMessage>): Promise<void> {
    try {
      await this.store.appendToStream(topicStream(topic), [event], 'any');
    } catch (error) {
      // Stored by the earlier attempt; with `any` the store answers a lone repeat as a no-op or, here, as this.
      if (!(error instanceof DuplicateEventId)) throw error;
    }
  }
}

function storedMessage(topic: string, message: WireMessage): EventData<StoredWireMessage> {
  const id = message.headers[CE.id];
  if (!id) throw new MalformedMessage(`a message for ${topic} has no ${CE.id} header`);
  return {
    eventId: deriveEventId(id, `topic:${topic}`),
    type: MESSAGE_EVENT_TYPE,
    schemaVersion: 1,
    data: { key: message.key, value: message.value.toString('utf8'), headers: message.headers },
    metadata: {
      correlationId: message.headers[CE.correlationid] ?? id,
      causationId: id,
      jurisdiction: message.headers[CE.jurisdiction] ?? null,
      participantId: message.key,
    },
  };
}

/**
 * The wire message a topic stream's event holds, as a consumer receives it. Never throws: an event that is not a
 * wire message comes out without headers, which the consumer's decoding refuses, so it is dead-lettered like any
 * unreadable Kafka record and the group moves on.
 */
export function receivedMessage(event: RecordedEvent): ReceivedMessage {
  const topic = event.streamId.startsWith(TOPIC_STREAM_PREFIX)
    ? event.streamId.slice(TOPIC_STREAM_PREFIX.length)
    : event.streamId;
  const origin = formatPosition(event.position);
  const stored = event.data as Partial<StoredWireMessage> | null;
  if (!stored || typeof stored.value !== 'string' || typeof stored.headers !== 'object' || stored.headers === null) {
    return { key: null, value: Buffer.from(JSON.stringify(event.data ?? null)), headers: {}, topic, origin };
  }
  return { key: stored.key ?? null, value: Buffer.from(stored.value, 'utf8'), headers: stored.headers, topic, origin };
}
