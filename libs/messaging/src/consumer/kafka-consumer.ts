import type pg from 'pg';
import { KafkaDeadLetterQueue } from '../dead-letters/kafka-dead-letter-queue.js';
import type { IntegrationEventValidator } from '../publication/integration-event-mapper.js';
import type { MessagingLogger } from '../observability/messaging-logger.js';
import type { MessagingObserver } from '../observability/messaging-observer.js';
import type { RetryPolicy } from '@lead/platform/workers';
import type { KafkaClient, KafkaGroupConsumer } from '../transport/kafka/kafka-client.port.js';
import type { BusConsumer } from './bus-consumer.js';
import type { ConsumerDefinition } from './consumer-definition.js';
import { Inbox } from './inbox.js';
import { MessageProcessor } from './message-processor.js';

export interface KafkaConsumerOptions {
  definition: ConsumerDefinition;
  client: KafkaClient;
  /** The service's database and schema (migrated with `migrateMessaging`): the inbox lives there. */
  pool: pg.Pool;
  schema: string;
  policy?: Partial<RetryPolicy>;
  /** Contract check of each received event; a failing one is dead-lettered at once. */
  validate?: IntegrationEventValidator;
  /** Partitions this member handles in parallel (order holds within each). Default 1. */
  partitionsConcurrently?: number;
  observer?: MessagingObserver;
  logger?: MessagingLogger;
}

/**
 * A consumer group on Kafka: each record goes through the `MessageProcessor` (inbox, retries, `<topic>.dlq`), and
 * its offset is committed only after that returned, so a crash redelivers and the inbox absorbs the repeat. While a
 * record is retried the member keeps heartbeating, so a long backoff does not cost it the partition.
 */
export class KafkaConsumer implements BusConsumer {
  private readonly abort = new AbortController();
  private member: KafkaGroupConsumer | undefined;

  constructor(private readonly options: KafkaConsumerOptions) {}

  get group(): string {
    return this.options.definition.group;
  }

  async start(): Promise<void> {
    const { definition, client, pool, schema, partitionsConcurrently } = this.options;
    const inbox = new Inbox(pool, schema);
    const processor = new MessageProcessor({
      definition,
      inbox,
      deadLetters: new KafkaDeadLetterQueue(client, inbox),
      policy: this.options.policy,
      validate: this.options.validate,
      observer: this.options.observer,
      logger: this.options.logger,
    });
    const signal = this.abort.signal;
    this.member = client.groupConsumer({
      groupId: definition.group,
      topics: definition.topics,
      partitionsConcurrently,
    });
    await this.member.start(async (record, partition) => {
      await processor.process(record, { signal, keepAlive: () => partition.heartbeat() });
    });
  }

  async stop(): Promise<void> {
    this.abort.abort(new Error('consumer stopped'));
    await this.member?.stop();
  }
}
