import { AUDIT_TOPIC } from '@lead/contracts';
import type { EventStore } from '@lead/event-store';
import { RetentionSweep, type PlatformMetrics, type RetentionSweepOptions } from '@lead/platform';
import type pg from 'pg';
import type { BusConsumer } from '../consumer/bus-consumer.js';
import type { ConsumerDefinition } from '../consumer/consumer-definition.js';
import { EmbeddedConsumer } from '../consumer/embedded-consumer.js';
import { Inbox } from '../consumer/inbox.js';
import { KafkaConsumer } from '../consumer/kafka-consumer.js';
import type { IntegrationEventMapper, IntegrationEventValidator } from '../publication/integration-event-mapper.js';
import type { MessagingLogger } from '../observability/messaging-logger.js';
import type { MessagingObserver } from '../observability/messaging-observer.js';
import { migrateAuditRelay, migrateMessaging } from '../postgres/messaging-migrations.js';
import { auditCheckpointPublication } from '../publication/audit-checkpoint-publication.js';
import { Relay } from '../relay/relay.js';
import { EmbeddedTopicPublisher } from '../transport/embedded/embedded-topic-log.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, sleep } from '@lead/platform/workers';
import type { KafkaClient } from '../transport/kafka/kafka-client.port.js';
import type { MessagingConfig } from './messaging.config.js';

/** The embedded bus's relay is `<service>.embedded` (lease, checkpoint, metrics), the Kafka relay `<service>`. */
export const EMBEDDED_RELAY_SUFFIX = '.embedded';
/**
 * The relay of the store's checkpoints: `<name>:<storeId>` on Kafka, `<name>:<storeId>.embedded` on the embedded bus
 * (services that disagree on the store id do not share one position over different streams).
 */
export const AUDIT_CHECKPOINT_RELAY = 'audit-checkpoints';

export interface MessagingRuntimeOptions {
  serviceName: string;
  config: MessagingConfig;
  pool: pg.Pool;
  schema: string;
  store: EventStore;
  /** Present with BUS=kafka. */
  kafka?: KafkaClient;
  publishes?: IntegrationEventMapper;
  /** Contract check: of each event before the relay publishes it, and of each event a consumer receives. */
  validate?: IntegrationEventValidator;
  /**
   * Relay the store's signed checkpoints to lead.audit.v1. Every service on a store may run it: its lease and
   * checkpoint live in `schema` (the event store's), so one instance among all of them publishes each checkpoint.
   */
  auditCheckpoints?: { storeId: string; schema: string };
  consumers: ConsumerDefinition[];
  observer?: MessagingObserver;
  logger: MessagingLogger;
  /** The service's metrics, for the inbox retention sweep's counters. */
  metrics?: PlatformMetrics;
  /** Timing of the inbox retention sweep (tests); production keeps `RetentionSweep`'s defaults. */
  inboxRetention?: Pick<RetentionSweepOptions, 'intervalMs' | 'firstRunAfterMs' | 'batchSize' | 'scheduler'>;
}

/**
 * The messaging workers of one service, chosen by `BUS`: the relay (if the service publishes) to Kafka or to the
 * embedded topic log in the event store, and a Kafka or an embedded consumer per definition. Handlers are the same
 * objects either way, and both buses carry only published integration events. On either bus, a `RetentionSweep` (`sweep="inbox"`)
 * deletes inbox rows handled more than `INBOX_RETENTION_DAYS` ago.
 */
export class MessagingRuntime {
  private readonly abort = new AbortController();
  private relay: Relay | undefined;
  private auditRelay: Relay | undefined;
  private sweep: RetentionSweep | undefined;
  private readonly consumers: BusConsumer[] = [];
  private readonly starting: Promise<void>[] = [];

  constructor(private readonly options: MessagingRuntimeOptions) {}

  get relayState() {
    return this.relay?.state;
  }

  /** The inbox retention sweep, once started. */
  get inboxRetention(): RetentionSweep | undefined {
    return this.sweep;
  }

  async start(): Promise<void> {
    const { config, pool, schema, store, kafka, publishes, consumers, observer, logger, serviceName } = this.options;
    await migrateMessaging(pool, schema);
    const inbox = new Inbox(pool, schema);
    const retentionDays = config.INBOX_RETENTION_DAYS;
    this.sweep = new RetentionSweep({
      name: 'inbox',
      lockKey: `${schema}.inbox`,
      pool,
      deleteBatch: (db, limit) => inbox.deleteExpired(retentionDays, limit, db),
      logger,
      metrics: this.options.metrics,
      ...this.options.inboxRetention,
    }).start();
    const policy = { maxAttempts: config.MESSAGING_MAX_ATTEMPTS };
    const validate = this.options.validate;
    const relayOptions = { store, pool, schema, batchSize: config.RELAY_BATCH_SIZE, observer, logger };
    const audit = this.options.auditCheckpoints;
    if (audit) await migrateAuditRelay(pool, audit.schema);
    // One bad record must not hold back every later checkpoint: keepers verify each message's signature anyway.
    const auditRelayOptions = audit && { ...relayOptions, schema: audit.schema, passOverUnpublishable: true };
    if (config.BUS === 'kafka') {
      if (!kafka) throw new Error('BUS=kafka needs a Kafka client');
      const prefix = config.KAFKA_TOPIC_PREFIX;
      if (audit && auditRelayOptions) {
        this.auditRelay = new Relay({
          ...auditRelayOptions,
          name: `${AUDIT_CHECKPOINT_RELAY}:${audit.storeId}`,
          mapper: auditCheckpointPublication(audit.storeId, `${prefix}${AUDIT_TOPIC}`),
          publisher: kafka.publisher(),
        }).start();
      }
      // Contracts name the unprefixed topics.
      const validateKafka = validate && prefix ? unprefixedValidator(validate, prefix) : validate;
      if (publishes) {
        this.relay = new Relay({
          ...relayOptions,
          name: serviceName,
          mapper: withTopicPrefix(publishes, prefix),
          publisher: kafka.publisher(),
          validate: validateKafka,
        }).start();
      }
      for (const definition of consumers) {
        const partitionsConcurrently = config.KAFKA_PARTITIONS_CONCURRENTLY;
        this.starting.push(
          this.startWithRetry(
            () =>
              new KafkaConsumer({
                definition: withGroupPrefix(definition, prefix),
                client: kafka,
                pool,
                schema,
                policy,
                validate: validateKafka,
                partitionsConcurrently,
                observer,
                logger,
              }),
          ),
        );
      }
    } else {
      if (audit && auditRelayOptions) {
        this.auditRelay = new Relay({
          ...auditRelayOptions,
          name: `${AUDIT_CHECKPOINT_RELAY}:${audit.storeId}${EMBEDDED_RELAY_SUFFIX}`,
          mapper: auditCheckpointPublication(audit.storeId),
          publisher: new EmbeddedTopicPublisher(store),
        }).start();
      }
      if (publishes) {
        // Its own name: a checkpoint on one bus says nothing about what the other has carried.
        this.relay = new Relay({
          ...relayOptions,
          name: `${serviceName}${EMBEDDED_RELAY_SUFFIX}`,
          mapper: publishes,
          publisher: new EmbeddedTopicPublisher(store),
          validate,
        }).start();
      }
      for (const definition of consumers) {
        const consumer = new EmbeddedConsumer({ definition, store, pool, schema, policy, validate, observer, logger });
        this.consumers.push(consumer);
        await consumer.start();
      }
    }
  }

  /** Stops the relay, consumers (each after its message in hand) and inbox sweep, then closes the Kafka client. */
  async stop(): Promise<void> {
    this.abort.abort(new Error('messaging stopped'));
    await Promise.allSettled(this.starting);
    await Promise.all([
      this.relay?.stop(),
      this.auditRelay?.stop(),
      this.sweep?.stop(),
      ...this.consumers.map((consumer) => consumer.stop()),
    ]);
    await this.options.kafka?.close();
  }

  /** A broker that is down at start-up must not stop the service: the consumer joins its group when it can. */
  private async startWithRetry(create: () => BusConsumer): Promise<void> {
    for (let failures = 1; !this.abort.signal.aborted; failures++) {
      const consumer = create();
      this.consumers.push(consumer);
      try {
        await consumer.start();
        return;
      } catch (error) {
        const delay = backoffDelay(DEFAULT_RETRY_POLICY, failures);
        this.options.logger.warn(
          { group: consumer.group, err: error, retryInMs: delay },
          'consumer could not join its group; retrying',
        );
        this.consumers.splice(this.consumers.indexOf(consumer), 1);
        await consumer.stop().catch(() => undefined);
        await sleep(delay, this.abort.signal);
      }
    }
  }
}

/** The mapper publishing to `<prefix><topic>`. */
function withTopicPrefix(mapper: IntegrationEventMapper, prefix: string): IntegrationEventMapper {
  if (!prefix) return mapper;
  return { topic: `${prefix}${mapper.topic}`, filter: mapper.filter, map: (event) => mapper.map(event) };
}

/** The consumer group `<prefix><group>` on the topics `<prefix><topic>`; the same handler. */
function withGroupPrefix(definition: ConsumerDefinition, prefix: string): ConsumerDefinition {
  if (!prefix) return definition;
  return {
    group: `${prefix}${definition.group}`,
    topics: definition.topics.map((topic) => `${prefix}${topic}`),
    ...(definition.eventTypes ? { eventTypes: definition.eventTypes } : {}),
    handle: (event, context) => definition.handle(event, context),
  };
}

function unprefixedValidator(validate: IntegrationEventValidator, prefix: string): IntegrationEventValidator {
  return (event, topic) => validate(event, topic.startsWith(prefix) ? topic.slice(prefix.length) : topic);
}
