import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DATABASE_POOL, LOGGER, SERVICE_SCHEMA, ShutdownRegistry, type Stoppable } from '@lead/platform';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { TimerWorker, type TimerHandler } from '../timer-worker.js';
import { CLOCK } from './service-clock.js';
import { TIMER_HANDLERS } from './service-timers.js';

/**
 * Fires the service's timers: one leased worker among the replicas, started after the application has bootstrapped,
 * stopped after the timer in hand at shutdown. A handler may run twice if the process dies between its effect and
 * the fired mark, so every handler derives its effect from the timer id (event ids derived from it): the effect is
 * exactly once.
 */
@Injectable()
export class ServiceTimerWorker implements OnApplicationBootstrap, Stoppable {
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
