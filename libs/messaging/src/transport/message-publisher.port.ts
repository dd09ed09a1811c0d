import type { WireMessage } from '../wire/wire-message.js';

export interface TopicMessages {
  topic: string;
  messages: WireMessage[];
}

/**
 * The relay's (and the dead-letter queue's) view of a broker: publish, and resolve only once the broker has
 * acknowledged every message (Kafka: acks=all). Messages of one topic and key keep their order. A rejection means
 * "not known to be stored": the caller publishes the same messages again (at-least-once).
 */
export interface MessagePublisher {
  publish(batches: TopicMessages[]): Promise<void>;
}
