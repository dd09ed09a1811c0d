import type { ReceivedMessage } from '../../wire/wire-message.js';
import type { MessagePublisher } from '../message-publisher.port.js';

/** A record as a Kafka consumer received it. */
export interface KafkaRecord extends ReceivedMessage {
  partition: number;
  offset: string;
}

export interface PartitionContext {
  /** Tells the group coordinator this member is alive; call it while a record takes long (retry backoff). */
  heartbeat(): Promise<void>;
}

/**
 * Handles one record. Resolving marks its offset for commit; rejecting leaves it uncommitted, and the record is
 * delivered again (to this member or, after a rebalance, another). Records of a partition arrive one at a time.
 */
export type KafkaRecordHandler = (record: KafkaRecord, context: PartitionContext) => Promise<void>;

export interface GroupConsumerOptions {
  groupId: string;
  topics: string[];
  /** Partitions handled in parallel by this member; order is kept within each. Default 1. */
  partitionsConcurrently?: number;
}

export interface KafkaGroupConsumer {
  /** Joins the group (a new group starts at the earliest offset) and starts delivering records to `handler`. */
  start(handler: KafkaRecordHandler): Promise<void>;
  /** Finishes the records being handled, commits, leaves the group. */
  stop(): Promise<void>;
}

/**
 * The small surface of a Kafka client this library uses, so that kafkajs (today) and
 * `@confluentinc/kafka-javascript` (its maintained, KafkaJS-compatible successor) are interchangeable adapters:
 * nothing outside `transport/kafka/` imports a client library.
 */
export interface KafkaClient {
  /** A producer with acks=all, connected on first use; `publish` resolves after the acknowledgement. */
  publisher(): MessagePublisher;
  groupConsumer(options: GroupConsumerOptions): KafkaGroupConsumer;
  /** Every record of `topic` from its start to its end as of the call (dead-letter listing); commits nothing. */
  readTopic(topic: string): Promise<KafkaRecord[]>;
  /** Resolves when the cluster answers a metadata request (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
