import { migrate, type Migration } from '@lead/event-store';
import type pg from 'pg';

/**
 * The timers of a service, in the service's schema, shared by every replica: one row per timer id, armed until
 * `fired_at` is set. A settled row (fired, failed or cancelled) stays until the retention sweep deletes it
 * (`TimerSchedule.deleteSettled`), so within the retention a timer scheduled again does not arm a second time; past
 * it, it would, and the handler's effect (derived from the timer id) still lands once.
 */
export const schedulingMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'create the scheduled timers',
    sql: (s) => `
CREATE TABLE IF NOT EXISTS ${s}.scheduled_timers (
  timer_id     text        PRIMARY KEY,
  -- Which handler fires it.
  kind         text        NOT NULL,
  -- The instant it is for, as scheduled (a handler records this one: "inactive as of").
  instant      timestamptz NOT NULL,
  -- When it is next tried: the instant, until an attempt fails and the backoff pushes it.
  due_at       timestamptz NOT NULL,
  payload      jsonb       NOT NULL,
  -- When it was (last) armed, by the schedule's clock.
  scheduled_at timestamptz NOT NULL,
  -- Handler runs that ended (failed ones, and the one that fired it).
  attempts     integer     NOT NULL DEFAULT 0,
  last_error   text,
  -- When it left the schedule (fired, failed for good, or cancelled); NULL while armed.
  fired_at     timestamptz,
  outcome      text        CHECK (outcome IN ('fired', 'failed', 'cancelled')),
  -- Moves with every re-arming and cancel: a worker marks the arming it ran, never a newer one.
  revision     integer     NOT NULL DEFAULT 1,
  CHECK ((fired_at IS NULL) = (outcome IS NULL))
);
-- The worker's one question: what is due, in due order, among the armed timers.
CREATE INDEX IF NOT EXISTS scheduled_timers_due ON ${s}.scheduled_timers (due_at) WHERE fired_at IS NULL;
`,
  },
  {
    version: 2,
    name: 'index the settled timers for the retention sweep',
    sql: (s) => `
CREATE INDEX IF NOT EXISTS scheduled_timers_settled ON ${s}.scheduled_timers (fired_at) WHERE fired_at IS NOT NULL;
`,
  },
  {
    version: 3,
    name: 'index the armed timers in the order the worker takes them',
    // The worker pages through `ORDER BY due_at, timer_id`: on (due_at) alone, every page sorted all the timers
    // sharing an instant (a whole day's reminders due at midnight), thousands of rows per page of 100.
    sql: (s) => `
CREATE INDEX IF NOT EXISTS scheduled_timers_due_order ON ${s}.scheduled_timers (due_at, timer_id) WHERE fired_at IS NULL;
DROP INDEX IF EXISTS ${s}.scheduled_timers_due;
`,
  },
];

/** Creates (or finds) `<schema>.scheduled_timers`; safe to call from every replica at start-up. */
export async function migrateScheduling(pool: pg.Pool, schema: string): Promise<number[]> {
  return migrate(pool, schema, schedulingMigrations, 'scheduling');
}
