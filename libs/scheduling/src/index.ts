export { systemClock, type Clock } from './clock.js';
export { ManualClock } from './manual-clock.js';
export { migrateScheduling, schedulingMigrations } from './scheduling-migrations.js';
export type { DueTimer, JsonValue, Queryable, StoredTimer, TimerOutcome, TimerToSchedule } from './timer.js';
export { TimerSchedule, type TimerScheduleOptions } from './timer-schedule.js';
export {
  DEFAULT_TIMER_RETRY,
  TimerWorker,
  type TimerFailure,
  type TimerHandler,
  type TimerWorkerOptions,
} from './timer-worker.js';
