import { Inject, Injectable, Module, type DynamicModule, type OnApplicationBootstrap, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { EventStore } from '@lead/event-store';
import {
  checkpointStoreIdOf,
  DATABASE_POOL,
  EVENT_STORE,
  loadConfig,
  LOGGER,
  PlatformMetrics,
  ReadinessChecks,
  SERVICE_DEFINITION,
  SERVICE_SCHEMA,
  ServiceConfig,
  ShutdownRegistry,
  type ServiceDefinition,
} from '@lead/platform';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { ConsumerDefinition } from '../consumer/consumer-definition.js';
import type { IntegrationEventMapper, IntegrationEventValidator } from '../publication/integration-event-mapper.js';
import { combineObservers } from '../observability/messaging-observer.js';
import { ProgressWatch } from '../observability/progress-watch.js';
import { prometheusMessagingObserver, registerStuckGauge } from '../observability/prometheus-messaging-observer.js';
import type { KafkaClient } from '../transport/kafka/kafka-client.port.js';
import { parseBrokers } from '../transport/kafka/kafka-settings.js';
import { KafkajsClient } from '../transport/kafka/kafkajs-client.js';
import { MessagingConfig } from './messaging.config.js';
import { MessagingRuntime } from './messaging-runtime.js';

export interface MessagingModuleOptions {
  /**
   * What this service publishes: its relay carries the mapped events to Kafka or to the embedded topic log. Give the
   * service's `ServiceDefinition.appendCheck` the same mapper (`publishableAppendCheck`), so nothing is stored that
   * the relay could not publish.
   */
  publishes?: IntegrationEventMapper;
  /**
   * Contract check (e.g. libs/contracts' `assertValidIntegrationEvent`): the relay refuses to publish an event that
   * fails it (and retries, never skips), consumers dead-letter a received event that fails it.
   */
  validate?: IntegrationEventValidator;
  /** The service's consumer groups: classes it provides (resolved from its module) or plain objects. */
  consumers?: (Type<ConsumerDefinition> | ConsumerDefinition)[];
}

/** Injection token of the options given to `MessagingModule.forRoot`. */
export const MESSAGING_OPTIONS = Symbol('MessagingOptions');
/** Injection token of the service's Kafka client (absent with `BUS=embedded`). */
export const KAFKA_CLIENT = Symbol('KafkaClient');

@Injectable()
class MessagingStarter implements OnApplicationBootstrap {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    private readonly config: MessagingConfig,
    @Inject(KAFKA_CLIENT) private readonly kafka: KafkaClient | null,
    @Inject(SERVICE_DEFINITION) private readonly service: ServiceDefinition,
    @Inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: PlatformMetrics,
    private readonly readiness: ReadinessChecks,
    private readonly shutdown: ShutdownRegistry,
    private readonly moduleRef: ModuleRef,
    private readonly serviceConfig: ServiceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const consumers = (this.options.consumers ?? []).map((consumer) =>
      typeof consumer === 'function' ? this.moduleRef.get(consumer, { strict: false }) : consumer,
    );
    // A relay or consumer that keeps failing turns `/ready` degraded and shows in lead_messaging_stuck_seconds.
    const watch = new ProgressWatch(this.config.MESSAGING_STUCK_AFTER_MS);
    registerStuckGauge(this.metrics.registry, watch);
    this.readiness.registerDegradation('messaging', () => watch.stuck());
    const runtime = new MessagingRuntime({
      serviceName: this.service.serviceName,
      config: this.config,
      pool: this.pool,
      schema: this.schema,
      store: this.store,
      kafka: this.kafka ?? undefined,
      publishes: this.options.publishes,
      validate: this.options.validate,
      // Where checkpoints are kept (AUDIT_CHECKPOINT_DIR), the bus carries a copy of each (docs/audit.md).
      auditCheckpoints: this.serviceConfig.AUDIT_CHECKPOINT_DIR
        ? { storeId: checkpointStoreIdOf(this.serviceConfig), schema: this.serviceConfig.EVENT_STORE_SCHEMA }
        : undefined,
      consumers,
      observer: combineObservers(prometheusMessagingObserver(this.metrics.registry), watch),
      logger: this.logger.child({ component: 'messaging' }),
      metrics: this.metrics,
    });
    if (this.kafka) {
      const kafka = this.kafka;
      this.readiness.register('kafka', () => kafka.ping());
    }
    // Stopped with the other workers, before the event store and the pool close.
    this.shutdown.register(runtime);
    await runtime.start();
  }
}

/**
 * The bus for a service on the platform (`PlatformModule.forRoot` must be imported too): validates the messaging
 * settings, migrates the inbox / checkpoint / dead-letter tables in the service's schema, starts the relay and the
 * consumers for `BUS` and the inbox retention sweep, registers the `kafka` readiness check and stops everything on
 * shutdown.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions = {}): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: MessagingConfig,
          inject: [SERVICE_DEFINITION],
          useFactory: (service: ServiceDefinition) => loadConfig(MessagingConfig, process.env, service.serviceName),
        },
        {
          provide: KAFKA_CLIENT,
          inject: [MessagingConfig, SERVICE_DEFINITION, LOGGER],
          useFactory: (config: MessagingConfig, service: ServiceDefinition, logger: Logger): KafkaClient | null =>
            config.BUS === 'kafka'
              ? new KafkajsClient(
                  {
                    brokers: parseBrokers(config.KAFKA_BROKERS!),
                    clientId: service.serviceName,
                    fetchMaxWaitMs: config.KAFKA_FETCH_MAX_WAIT_MS,
                  },
                  logger.child({ component: 'kafka' }),
                )
              : null,
        },
        MessagingStarter,
      ],
      exports: [MessagingConfig, KAFKA_CLIENT],
    };
  }
}
