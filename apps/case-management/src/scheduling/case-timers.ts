import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import {
  DATABASE_POOL,
  LOGGER,
  PlatformMetrics,
  RetentionSweep,
  SERVICE_SCHEMA,
  ShutdownRegistry,
  type Stoppable,
} from '@lead/platform';
import { migrateScheduling, TimerSchedule, TimerWorker, type Clock, type TimerHandler } from '@lead/scheduling';
import type pg from 'pg';
import { CaseManagementConfig } from '../case-management.config.js';
import { CaseClock } from './case-clock.js';
import type { Logger } from 'pino';

/** The clock the case-management service reads (`CaseClock`). */
export const CLOCK = Symbol('CLOCK');
export const clockProviders = [CaseClock, { provide: CLOCK, useExisting: CaseClock }];

/** The timer handlers of the service, by kind; each use case that needs a timer registers one here. */
export const TIMER_HANDLERS = Symbol('TIMER_HANDLERS');

/**
 * The service's durable timers (libs/scheduling), stored in `<schema>.scheduled_timers`: use cases arm them here.
 */
@Injectable()
export class CaseTimers implements OnModuleInit {
  readonly schedule: TimerSchedule;

  constructor(
    @Inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schemaName: string,
    @Inject(CLOCK) clock: Clock,
  ) {
    this.schedule = new TimerSchedule({ pool, schema: schemaName, clock });
  }

  async onModuleInit(): Promise<void> {
    await migrateScheduling(this.pool, this.schemaName);
  }
}

/**
 * Fires the service's timers: one leased worker among the replicas, started after the application has bootstrapped,
 * stopped after the timer in hand at shutdown. A handler may run twice if the process dies between its effect and
 * the fired mark, so every handler derives its effect from the timer id (event ids derived from it): the effect is
 * exactly once.
 */
@Injectable()
export class CaseTimerWorker implements OnApplicationBootstrap, Stoppable {
  private worker: TimerWorker | undefined;

  constructor(
    @Inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schemaName: string,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(TIMER_HANDLERS) private readonly handlers: Record<string, TimerHandler>,
    @Inject(ShutdownRegistry) private readonly shutdown: ShutdownRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.shutdown.register(this);
    this.worker = new TimerWorker({
      pool: this.pool,
      schema: this.schemaName,
      clock: this.clock,
      handlers: this.handlers,
      onFailure: ({ timer, error, final, retryAt }) =>
        this.logger[final ? 'error' : 'warn'](
          { err: error, timerId: timer.timerId, kind: timer.kind, attempt: timer.attempt, retryAt },
          final ? 'timer failed for good' : 'timer failed; retrying',
        ),
      onCycleFailure: (error, failures) =>
        this.logger.error({ err: error, failures }, 'timer worker failed; restarting'),
    }).start();
  }

  async stop(): Promise<void> {
    await this.worker?.stop();
    this.worker = undefined;
  }
}

/**
 * Forgets settled timers (fired, failed, cancelled) `TIMER_RETENTION_DAYS` after they settled: a `RetentionSweep`
 * (`sweep` label `scheduled_timers`), so every contact's timers do not pile up for ever. A timer id armed again after
 * its row is gone fires again, and its review appends nothing new (event ids derive from the timer id).
 */
@Injectable()
export class CaseTimerRetention implements OnApplicationBootstrap {
  readonly sweep: RetentionSweep;

  constructor(
    @Inject(CaseTimers) timers: CaseTimers,
    @Inject(CaseManagementConfig) config: CaseManagementConfig,
    @Inject(DATABASE_POOL) pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) schema: string,
    @Inject(CLOCK) clock: Clock,
    @Inject(LOGGER) logger: Logger,
    @Inject(PlatformMetrics) metrics: PlatformMetrics,
    @Inject(ShutdownRegistry) private readonly shutdown: ShutdownRegistry,
  ) {
    const retentionMs = config.TIMER_RETENTION_DAYS * 86_400_000;
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
