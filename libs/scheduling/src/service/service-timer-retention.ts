import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import {
  DATABASE_POOL,
  LOGGER,
  PlatformMetrics,
  RetentionSweep,
  SERVICE_SCHEMA,
  ShutdownRegistry,
} from '@lead/platform';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { CLOCK } from './service-clock.js';
import { ServiceTimers, TIMER_RETENTION_DAYS } from './service-timers.js';

/**
 * Forgets settled timers (fired, failed, cancelled) `TIMER_RETENTION_DAYS` after they settled: a `RetentionSweep`
 * (`sweep` label `scheduled_timers`), so they do not pile up for ever. A timer id armed again after its row is gone
 * fires again, and its handler appends nothing new (event ids derive from the timer id).
 */
@Injectable()
export class ServiceTimerRetention implements OnApplicationBootstrap {
  readonly sweep: RetentionSweep;

  constructor(
    @Inject(ServiceTimers) timers: ServiceTimers,
    @Inject(TIMER_RETENTION_DAYS) retentionDays: number,
    @Inject(DATABASE_POOL) pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) schema: string,
    @Inject(CLOCK) clock: Clock,
    @Inject(LOGGER) logger: Logger,
    @Inject(PlatformMetrics) metrics: PlatformMetrics,
    @Inject(ShutdownRegistry) private readonly shutdown: ShutdownRegistry,
  ) {
    const retentionMs = retentionDays * 86_400_000;
    this.sweep = new RetentionSweep({
      name: 'scheduled_timers',
      lockKey: `${schema}.scheduled_timers`,
      pool,
      deleteBatch: (db, limit) =>
        timers.schedule.deleteSettled(new Date(clock.now().getTime() - retentionMs), limit, db),
      logger: logger.child({ component: 'retention' }),
      metrics,
    });
  }

  onApplicationBootstrap(): void {
    this.shutdown.register(this.sweep);
    this.sweep.start();
  }
}
