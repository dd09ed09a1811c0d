import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Admin, type IHeaders, type LogEntry, type Producer } from 'kafkajs';
import { SILENT_LOGGER, type MessagingLogger } from '../../observability/messaging-logger.js';
import type { TopicMessages } from '../message-publisher.port.js';
import type {
  GroupConsumerOptions,
  KafkaClient,
  KafkaGroupConsumer,
  KafkaRecord,
  KafkaRecordHandler,
} from './kafka-client.port.js';
import type { KafkaSettings } from './kafka-settings.js';

/** How long `readTopic` may take before it gives up (a partition that never reaches its end offset). */
const READ_TOPIC_TIMEOUT_MS = 30_000;

/**
 * The Kafka adapter on kafkajs. Producer: plain (not idempotent), acks=all, one request in flight per broker so a
 * retried batch cannot overtake the next one, Java-compatible murmur2 partitioner (a participant's key lands on the
 * same partition whichever client produced it). Consumers: one per group, a new group starts at the earliest
 * offset, offsets are committed after the handler resolved.
 */
export class KafkajsClient implements KafkaClient {
  private readonly kafka: Kafka;
  private producer: Promise<Producer> | undefined;
  private adminClient: Promise<Admin> | undefined;
  private readonly consumers = new Set<KafkaGroupConsumer>();

  constructor(
    private readonly settings: KafkaSettings,
    private readonly logger: MessagingLogger = SILENT_LOGGER,
  ) {
    this.kafka = new Kafka({
      clientId: settings.clientId,
      brokers: settings.brokers,
      connectionTimeout: settings.connectionTimeoutMs ?? 5000,
      requestTimeout: settings.requestTimeoutMs ?? 30_000,
      // A few quick retries inside one call; the relay and consumers do the long-term retrying with their backoff.
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 2000 },
      logLevel: logLevel.WARN,
      logCreator: () => (entry: LogEntry) => this.log(entry),
    });
  }

  publisher() {
    return {
      publish: async (batches: TopicMessages[]) => {
        const producer = await this.connectedProducer();
        await producer.sendBatch({
          acks: -1,
          topicMessages: batches.map(({ topic, messages }) => ({
            topic,
            messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
          })),
        });
      },
    };
  }

  groupConsumer(options: GroupConsumerOptions): KafkaGroupConsumer {
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: this.settings.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: this.settings.heartbeatIntervalMs ?? 3000,
      maxWaitTimeInMs: this.settings.fetchMaxWaitMs ?? 1000,
      allowAutoTopicCreation: false,
    });
    const group: KafkaGroupConsumer = {
      start: async (handler: KafkaRecordHandler) => {
        this.consumers.add(group);
        await consumer.connect();
        await consumer.subscribe({ topics: options.topics, fromBeginning: true });
        await consumer.run({
          partitionsConsumedConcurrently: options.partitionsConcurrently ?? 1,
          eachMessage: async ({ topic, partition, message, heartbeat }) => {
            const record: KafkaRecord = {
              topic,
              partition,
              offset: message.offset,
              origin: `${partition}/${message.offset}`,
              key: message.key ? message.key.toString('utf8') : null,
              value: message.value ?? Buffer.alloc(0),
              headers: textHeaders(message.headers),
            };
            await handler(record, { heartbeat });
          },
        });
      },
      stop: async () => {
        this.consumers.delete(group);
        await consumer.disconnect();
      },
    };
    return group;
  }

  async readTopic(topic: string): Promise<KafkaRecord[]> {
    const admin = await this.connectedAdmin();
    const ends = new Map<number, bigint>();
    for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
      if (BigInt(high) > BigInt(low)) ends.set(partition, BigInt(high));
    }
    if (ends.size === 0) return [];
    // kafkajs has no manual partition assignment: a throwaway group that commits nothing reads from the start.
    const groupId = `lead-reader-${randomBytes(6).toString('hex')}`;
    const consumer = this.kafka.consumer({
      groupId,
      maxWaitTimeInMs: this.settings.fetchMaxWaitMs ?? 1000,
      allowAutoTopicCreation: false,
    });
    const records: KafkaRecord[] = [];
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`reading ${topic} did not reach its end within ${READ_TOPIC_TIMEOUT_MS} ms`)),
          READ_TOPIC_TIMEOUT_MS,
        );
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ partition, message }) => {
              const end = ends.get(partition);
              if (end === undefined || BigInt(message.offset) >= end) return;
              records.push({
                topic,
                partition,
                offset: message.offset,
                origin: `${partition}/${message.offset}`,
                key: message.key ? message.key.toString('utf8') : null,
                value: message.value ?? Buffer.alloc(0),
                headers: textHeaders(message.headers),
              });
              if (BigInt(message.offset) + 1n >= end) ends.delete(partition);
              if (ends.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect().catch(() => undefined);
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
    return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  }

  async ping(): Promise<void> {
    const admin = await this.connectedAdmin();
    await admin.describeCluster();
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((consumer) => consumer.stop().catch(() => undefined)));
    const [producer, admin] = [this.producer, this.adminClient];
    this.producer = undefined;
    this.adminClient = undefined;
    await (await producer?.catch(() => undefined))?.disconnect().catch(() => undefined);
    await (await admin?.catch(() => undefined))?.disconnect().catch(() => undefined);
  }

  private connectedProducer(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = this.kafka.producer({
        idempotent: false,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      return producer;
    })();
    // A failed connect is not cached: the next publish tries again.
    this.producer.catch(() => (this.producer = undefined));
    return this.producer;
  }

  private connectedAdmin(): Promise<Admin> {
    this.adminClient ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    this.adminClient.catch(() => (this.adminClient = undefined));
    return this.adminClient;
  }

  private log({ level, namespace, log }: LogEntry): void {
    const { message, ...fields } = log;
    const entry = { kafka: namespace, ...fields };
    if (level === logLevel.ERROR) this.logger.error(entry, message);
    else if (level === logLevel.WARN) this.logger.warn(entry, message);
    else this.logger.debug(entry, message);
  }
}

/** kafkajs hands headers over as Buffers (or arrays of them for repeated keys: the last one wins here). */
function textHeaders(headers: IHeaders | undefined): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) text[name] = Buffer.isBuffer(last) ? last.toString('utf8') : String(last);
  }
  return text;
}
