import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { withChainCheck, type EventStore } from '@lead/event-store';
import type pg from 'pg';
import { pino, type DestinationStream, type Logger } from 'pino';
import { SERVICE_DEFINITION, type ServiceDefinition } from './bootstrap/service-definition.js';
import { loadConfig } from './config/load-config.js';
import { ServiceConfig } from './config/service-config.js';
import { createDatabasePool, DATABASE_POOL } from './database/database-pool.js';
import { databaseReachable } from './database/database-reachable.js';
import { ensureServiceSchema, SERVICE_SCHEMA } from './database/service-schema.js';
import { createEventStore, EVENT_STORE } from './event-store/event-store.provider.js';
import { fenceMonitorProvider } from './event-store/fence-monitor.js';
import {
  CHAIN_INTEGRITY,
  CHAIN_VERIFIER,
  CHECKPOINT_SCHEDULE,
  chainIntegrityProvider,
  chainVerifierProviders,
  UNCHECKED_EVENT_STORE,
} from './event-store/chain-integrity/chain-integrity.providers.js';
import type { ChainIntegrity } from './event-store/chain-integrity/chain-integrity.js';
import { HealthController } from './health/health.controller.js';
import { ReadinessChecks } from './health/readiness-checks.js';
import { ProblemDetailsFilter } from './http/problem-details.filter.js';
import { createValidationPipe } from './http/request-validation.js';
import { IdempotencyInterceptor } from './http/idempotency/idempotency.interceptor.js';
import { IdempotencyKeyRetention } from './http/idempotency/idempotency-retention.js';
import { IdempotencyStore } from './http/idempotency/idempotency-store.js';
import { GracefulShutdown } from './lifecycle/graceful-shutdown.js';
import { ShutdownRegistry } from './lifecycle/shutdown-registry.js';
import { createLogger } from './logging/create-logger.js';
import { LOG_DESTINATION, LOGGER } from './logging/logger.tokens.js';
import { PinoNestLogger } from './logging/pino-nest-logger.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { PlatformMetrics } from './metrics/platform-metrics.js';

/**
 * Everything a service needs before it has any domain: validated config, logger, metrics,
 * database pool and its own schema, the event store, health and metrics endpoints, CQRS buses,
 * request validation and problem+json errors. Global, so feature modules inject these directly.
 */
@Module({})
export class PlatformModule {
  static forRoot<Config extends ServiceConfig>(definition: ServiceDefinition<Config>): DynamicModule {
    // Lets the service inject its own settings class, with its extra settings, besides ServiceConfig.
    const hasOwnConfig = (definition.config as unknown) !== ServiceConfig;
    const ownConfig: Provider[] = hasOwnConfig ? [{ provide: definition.config, useExisting: ServiceConfig }] : [];
    const providers: Provider[] = [
      ...ownConfig,
      { provide: SERVICE_DEFINITION, useValue: definition },
      { provide: ServiceConfig, useFactory: () => loadConfig(definition.config, process.env, definition.serviceName) },
      { provide: LOG_DESTINATION, useFactory: (): DestinationStream => pino.destination({ dest: 1, sync: true }) },
      {
        provide: LOGGER,
        inject: [ServiceConfig, LOG_DESTINATION],
        useFactory: (config: ServiceConfig, destination: DestinationStream) =>
          createLogger({ serviceName: definition.serviceName, level: config.LOG_LEVEL, destination }),
      },
      { provide: PinoNestLogger, inject: [LOGGER], useFactory: (logger: Logger) => new PinoNestLogger(logger) },
      { provide: PlatformMetrics, useFactory: () => new PlatformMetrics(definition.serviceName) },
      {
        provide: DATABASE_POOL,
        inject: [ServiceConfig, LOGGER],
        useFactory: (config: ServiceConfig, logger: Logger) =>
          createDatabasePool(config, definition.serviceName, logger),
      },
      {
        provide: SERVICE_SCHEMA,
        inject: [DATABASE_POOL, ServiceConfig],
        useFactory: (pool: pg.Pool, config: ServiceConfig) =>
          ensureServiceSchema(pool, config.DATABASE_SCHEMA ?? definition.schema),
      },
      {
        provide: UNCHECKED_EVENT_STORE,
        inject: [ServiceConfig, DATABASE_POOL, PlatformMetrics],
        useFactory: (config: ServiceConfig, pool: pg.Pool, metrics: PlatformMetrics) =>
          createEventStore(config, pool, metrics, definition.appendCheck),
      },
      // What handlers get: a stream with an open chain finding is neither read nor written (docs/audit.md).
      {
        provide: EVENT_STORE,
        inject: [UNCHECKED_EVENT_STORE, CHAIN_INTEGRITY],
        useFactory: (store: EventStore, integrity: ChainIntegrity) => withChainCheck(store, integrity),
      },
      chainIntegrityProvider,
      ...chainVerifierProviders,
      {
        provide: ReadinessChecks,
        inject: [DATABASE_POOL],
        useFactory: (pool: pg.Pool) => {
          const checks = new ReadinessChecks();
          checks.register('database', databaseReachable(pool));
          return checks;
        },
      },
      { provide: ShutdownRegistry, useFactory: () => new ShutdownRegistry() },
      // How long an open transaction anywhere in the cluster has held back $all: a gauge and `/ready` degraded.
      fenceMonitorProvider,
      GracefulShutdown,
      { provide: APP_PIPE, useFactory: createValidationPipe },
      { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      {
        provide: IdempotencyStore,
        inject: [DATABASE_POOL, SERVICE_SCHEMA],
        useFactory: (pool: pg.Pool, schema: string) => IdempotencyStore.create(pool, schema),
      },
      { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      IdempotencyKeyRetention,
    ];
    return {
      module: PlatformModule,
      global: true,
      // Terminus would log each failed probe in its own format; the readiness controller logs it.
      imports: [TerminusModule.forRoot({ logger: false }), CqrsModule.forRoot()],
      controllers: [HealthController, MetricsController],
      providers,
      exports: [
        ServiceConfig,
        ...(hasOwnConfig ? [definition.config] : []),
        SERVICE_DEFINITION,
        LOGGER,
        PinoNestLogger,
        PlatformMetrics,
        DATABASE_POOL,
        SERVICE_SCHEMA,
        EVENT_STORE,
        UNCHECKED_EVENT_STORE,
        CHAIN_INTEGRITY,
        CHAIN_VERIFIER,
        CHECKPOINT_SCHEDULE,
        ReadinessChecks,
        ShutdownRegistry,
        CqrsModule,
      ],
    };
  }
}
