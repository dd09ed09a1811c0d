import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DATABASE_POOL, SERVICE_SCHEMA } from '@lead/platform';
import type pg from 'pg';
import type { Clock } from '../clock.js';
import { migrateScheduling } from '../scheduling-migrations.js';
import { TimerSchedule } from '../timer-schedule.js';
import { CLOCK } from './service-clock.js';

/** The service's timer handlers, by kind (`Record<string, TimerHandler>`); each use case with a timer adds one. */
export const TIMER_HANDLERS = Symbol('TIMER_HANDLERS');

/** Days a settled timer (fired, failed, cancelled) is kept before `ServiceTimerRetention` deletes it (a number). */
export const TIMER_RETENTION_DAYS = Symbol('TIMER_RETENTION_DAYS');

/** The service's durable timers, stored in `<schema>.scheduled_timers`: use cases arm them here. */
@Injectable()
export class ServiceTimers implements OnModuleInit {
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
