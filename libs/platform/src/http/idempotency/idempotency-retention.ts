import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type pg from 'pg';
import type { Logger } from 'pino';
import { ServiceConfig } from '../../config/service-config.js';
import { DATABASE_POOL } from '../../database/database-pool.js';
import { SERVICE_SCHEMA } from '../../database/service-schema.js';
import { RetentionSweep } from '../../lifecycle/retention-sweep.js';
import { ShutdownRegistry } from '../../lifecycle/shutdown-registry.js';
import { LOGGER } from '../../logging/logger.tokens.js';
import { PlatformMetrics } from '../../metrics/platform-metrics.js';
import { IdempotencyStore } from './idempotency-store.js';

/**
 * Forgets idempotency keys once a client can no longer be retrying with them: a `RetentionSweep` (`sweep` label
 * `idempotency_keys`) that deletes keys reserved more than `IDEMPOTENCY_KEY_RETENTION_HOURS` ago. Starts when the
 * application has bootstrapped, stops with the other workers on shutdown.
 */
@Injectable()
export class IdempotencyKeyRetention implements OnApplicationBootstrap {
  readonly sweep: RetentionSweep;

  constructor(
    @Inject(IdempotencyStore) store: IdempotencyStore,
    @Inject(ServiceConfig) config: ServiceConfig,
    @Inject(DATABASE_POOL) pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) schema: string,
    @Inject(LOGGER) logger: Logger,
    @Inject(PlatformMetrics) metrics: PlatformMetrics,
    @Inject(ShutdownRegistry) private readonly shutdown: ShutdownRegistry,
  ) {
    const retentionHours = config.IDEMPOTENCY_KEY_RETENTION_HOURS;
    this.sweep = new RetentionSweep({
      name: 'idempotency_keys',
      lockKey: `${schema}.idempotency_keys`,
      pool,
      deleteBatch: (db, limit) => store.deleteExpired(retentionHours, limit, db),
      logger: logger.child({ component: 'retention' }),
      metrics,
    });
  }

  onApplicationBootstrap(): void {
    this.shutdown.register(this.sweep);
    this.sweep.start();
  }
}
