import { deadLetterTopic } from '@lead/contracts';
import type pg from 'pg';
import {
  EmbeddedConsumer,
  EmbeddedTopicPublisher,
  KafkaConsumer,
  Relay,
  runDeadLetterCli,
  type BusConsumer,
  type ConsumeOutcome,
  type ConsumerDefinition,
  type DeadLetterEntry,
  type IntegrationEventMapper,
  type KafkaClient,
  type MessagePublisher,
  type MessagingObserver,
} from '../../src/index.js';
import { checkInMapper } from './check-in-domain.js';
import { createTestTopics, testKafkaClient, testPrefix } from './test-kafka.js';
import { messagingDatabaseUrl, testDatabase, type TestDatabase } from './test-database.js';

/** Few attempts and short waits: the tests check what happens, not how long it takes. */
export const TEST_POLICY = { maxAttempts: 3, initialDelayMs: 5, maxDelayMs: 50 };

/** Counts outcomes and retries per group, to see that duplicates really were delivered (and absorbed). */
export class OutcomeCounter implements MessagingObserver {
  private readonly counts = new Map<string, number>();
  consumed(group: string, outcome: ConsumeOutcome): void {
    this.bump(`${group}:${outcome}`);
  }
  consumerRetry(group: string, kind: 'transient' | 'permanent'): void {
    this.bump(`${group}:retry-${kind}`);
  }
  count(group: string, what: ConsumeOutcome | 'retry-transient' | 'retry-permanent'): number {
    return this.counts.get(`${group}:${what}`) ?? 0;
  }
  private bump(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
}

/**
 * One bus, as the scenarios see it: the same consumer definitions and assertions run on Kafka (relay + consumer
 * groups on the broker) and on the embedded bus (relay + consumers following the topic streams in the store).
 */
export interface BusUnderTest {
  readonly kind: 'kafka' | 'embedded';
  readonly db: TestDatabase;
  readonly topic: string;
  readonly mapper: IntegrationEventMapper;
  readonly outcomes: OutcomeCounter;
  /** Starts the relay: from the store to the broker, or to the embedded topic log. */
  startTransport(): Promise<void>;
  /** `pool` replaces the consumer's database connection (e.g. one through a proxy the test can cut). */
  startConsumer(definition: ConsumerDefinition, pool?: pg.Pool): Promise<BusConsumer>;
  /** Makes the bus deliver everything again to `definition`'s group, as after a crash before any checkpoint. */
  redeliverAll(definition: ConsumerDefinition): Promise<void>;
  /** `lead-dlq list --json`, through the command line tool's own code. */
  listDeadLetters(group: string): Promise<DeadLetterEntry[]>;
  /** `lead-dlq replay --id`. */
  replay(group: string, id: string): Promise<string[]>;
  close(): Promise<void>;
}

abstract class BaseBus {
  readonly outcomes = new OutcomeCounter();
  protected readonly consumers = new Map<string, BusConsumer>();
  protected relay: Relay | undefined;

  constructor(
    readonly db: TestDatabase,
    readonly topic: string,
    readonly mapper: IntegrationEventMapper,
  ) {}

  protected abstract cliEnv(): Record<string, string>;
  protected abstract cliKafka(): KafkaClient | undefined;
  protected abstract publisher(): MessagePublisher;

  async startTransport(): Promise<void> {
    this.relay = this.newRelay().start();
  }

  protected newRelay(): Relay {
    return new Relay({
      name: 'checkins',
      store: this.db.store,
      pool: this.db.pool,
      schema: this.db.serviceSchema,
      mapper: this.mapper,
      publisher: this.publisher(),
      batchSize: 200,
      leaseRetryMs: 50,
      lagSampleMs: 0,
      retry: TEST_POLICY,
    });
  }

  async listDeadLetters(group: string): Promise<DeadLetterEntry[]> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runDeadLetterCli(
      ['list', '--group', group, '--topic', this.topic, '--json'],
      this.cliEnv(),
      { out: (l) => out.push(l), err: (l) => err.push(l) },
      { kafka: this.cliKafka() },
    );
    if (code !== 0) throw new Error(`lead-dlq list failed (${code}): ${err.join('\n')}`);
    return JSON.parse(out.join('\n')) as DeadLetterEntry[];
  }

  async replay(group: string, id: string): Promise<string[]> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runDeadLetterCli(
      ['replay', '--group', group, '--topic', this.topic, '--id', id],
      this.cliEnv(),
      { out: (l) => out.push(l), err: (l) => err.push(l) },
      { kafka: this.cliKafka() },
    );
    if (code !== 0) throw new Error(`lead-dlq replay failed (${code}): ${err.join('\n')}`);
    return out;
  }

  protected baseEnv(): Record<string, string> {
    return {
      DATABASE_URL: messagingDatabaseUrl(),
      DATABASE_SCHEMA: this.db.serviceSchema,
    };
  }

  async close(): Promise<void> {
    await this.relay?.stop();
    await Promise.all([...this.consumers.values()].map((consumer) => consumer.stop()));
    await this.db.close();
  }
}

export class KafkaBus extends BaseBus implements BusUnderTest {
  readonly kind = 'kafka' as const;

  private constructor(
    db: TestDatabase,
    topic: string,
    private readonly client: KafkaClient,
  ) {
    super(db, topic, checkInMapper(topic));
  }

  static async create(label: string): Promise<KafkaBus> {
    const topic = `${testPrefix(label)}.checkins.v1`;
    await createTestTopics([topic, deadLetterTopic(topic)]);
    return new KafkaBus(await testDatabase(label), topic, testKafkaClient());
  }

  get kafka(): KafkaClient {
    return this.client;
  }

  protected publisher(): MessagePublisher {
    return this.client.publisher();
  }

  async startConsumer(definition: ConsumerDefinition, pool = this.db.pool): Promise<BusConsumer> {
    const consumer = new KafkaConsumer({
      definition,
      client: this.client,
      pool,
      schema: this.db.serviceSchema,
      policy: TEST_POLICY,
      partitionsConcurrently: 3,
      observer: this.outcomes,
    });
    await consumer.start();
    this.consumers.set(definition.group, consumer);
    return consumer;
  }

  /** Forgets the relay's checkpoint: a new relay publishes the whole log again (duplicates on the topic). */
  async redeliverAll(): Promise<void> {
    await this.relay?.stop();
    await this.db.pool.query(`DELETE FROM "${this.db.serviceSchema}".relay_checkpoints`);
    this.relay = this.newRelay().start();
  }

  protected cliEnv(): Record<string, string> {
    return { ...this.baseEnv(), BUS: 'kafka' };
  }

  protected cliKafka(): KafkaClient {
    return this.client;
  }

  override async close(): Promise<void> {
    await this.relay?.stop();
    await Promise.all([...this.consumers.values()].map((consumer) => consumer.stop()));
    await this.client.close();
    await this.db.close();
  }
}

export class EmbeddedBus extends BaseBus implements BusUnderTest {
  readonly kind = 'embedded' as const;

  static async create(label: string): Promise<EmbeddedBus> {
    const topic = `${testPrefix(label)}.checkins.v1`;
    return new EmbeddedBus(await testDatabase(label), topic, checkInMapper(topic));
  }

  protected publisher(): MessagePublisher {
    return new EmbeddedTopicPublisher(this.db.store);
  }

  async startConsumer(definition: ConsumerDefinition, pool = this.db.pool): Promise<BusConsumer> {
    const consumer = new EmbeddedConsumer({
      definition,
      store: this.db.store,
      pool,
      schema: this.db.serviceSchema,
      policy: TEST_POLICY,
      leaseRetryMs: 50,
      replayPollMs: 50,
      observer: this.outcomes,
    });
    await consumer.start();
    this.consumers.set(definition.group, consumer);
    return consumer;
  }

  /** Forgets the consumer's checkpoint in the store: a new consumer reads the whole log again. */
  async redeliverAll(definition: ConsumerDefinition): Promise<void> {
    await this.consumers.get(definition.group)?.stop();
    await this.db.pool.query(`DELETE FROM "${this.db.eventStoreSchema}".checkpoints WHERE subscription_id LIKE $1`, [
      `%:${definition.group}`,
    ]);
    await this.startConsumer(definition);
  }

  protected cliEnv(): Record<string, string> {
    return { ...this.baseEnv(), BUS: 'embedded' };
  }

  protected cliKafka(): undefined {
    return undefined;
  }
}
