import { quoteSchema } from '@lead/event-store';
import type pg from 'pg';
import { ringArmed } from './armed-timers.js';
import { systemClock, type Clock } from './clock.js';
import {
  storedTimerOf,
  timersTable,
  type Queryable,
  type StoredTimer,
  type TimerRow,
  type TimerToSchedule,
} from './timer.js';

export interface TimerScheduleOptions {
  pool: pg.Pool;
  /** The service's schema (its tables from `migrateScheduling`). */
  schema: string;
  /** Stamps `scheduled_at` and the cancel; the worker's clock decides what is due. Default: the system clock. */
  clock?: Clock;
}

/**
 * Arms, moves and cancels timers: rows in `<schema>.scheduled_timers` that a `TimerWorker` fires at their instant.
 * A timer id is armed at most until it settles: scheduling an armed id again moves its due time and payload, and
 * scheduling a fired, failed or cancelled id does nothing, so a redelivered command or event that schedules the
 * timer it already scheduled (and the worker already fired) cannot fire it twice. To arm again, use a new id.
 */
export class TimerSchedule {
  private readonly table: string;
  private readonly clock: Clock;

  constructor(private readonly options: TimerScheduleOptions) {
    this.table = timersTable(quoteSchema(options.schema));
    this.clock = options.clock ?? systemClock;
  }

  /**
   * Arms `timer` for `timer.dueAt`, or moves it when its id is armed already. Returns whether it is armed now (`false`: the id has
   * settled and stays so). Pass `queryable` (a client inside your transaction) to arm it with your own writes.
   */
  async schedule(timer: TimerToSchedule, queryable: Queryable = this.options.pool): Promise<boolean> {
    if (!timer.timerId) throw new TypeError('a timer needs a timerId');
    if (!timer.kind) throw new TypeError(`timer ${timer.timerId} needs a kind`);
    if (!(timer.dueAt instanceof Date) || Number.isNaN(timer.dueAt.getTime()))
      throw new TypeError(`timer ${timer.timerId} needs a valid dueAt`);
    const payload = JSON.stringify(timer.payload ?? null);
    // The same arming again (a redelivered command or event) changes nothing: its revision (a run of it in hand
    // still counts), its attempts and its backoff stay. A different one re-arms: attempts start again.
    const same =
      '(t.kind, t.instant, t.payload) IS NOT DISTINCT FROM (EXCLUDED.kind, EXCLUDED.instant, EXCLUDED.payload)';
    const { rowCount } = await queryable.query(
      `INSERT INTO ${this.table} AS t (timer_id, kind, instant, due_at, payload, scheduled_at)
       VALUES ($1, $2, $3, $3, $4::jsonb, $5)
       ON CONFLICT (timer_id) DO UPDATE
         SET kind = EXCLUDED.kind, instant = EXCLUDED.instant, payload = EXCLUDED.payload,
             due_at = CASE WHEN ${same} THEN t.due_at ELSE EXCLUDED.due_at END,
             scheduled_at = CASE WHEN ${same} THEN t.scheduled_at ELSE EXCLUDED.scheduled_at END,
             attempts = CASE WHEN ${same} THEN t.attempts ELSE 0 END,
             last_error = CASE WHEN ${same} THEN t.last_error END,
             revision = CASE WHEN ${same} THEN t.revision ELSE t.revision + 1 END
       WHERE t.fired_at IS NULL`,
      [timer.timerId, timer.kind, timer.dueAt, payload, this.clock.now()],
    );
    const armed = rowCount === 1;
    if (armed) ringArmed(this.options.schema);
    return armed;
  }

  /** Takes an armed timer off the schedule for good (outcome `cancelled`). A run already in hand still finishes. */
  async cancel(timerId: string, queryable: Queryable = this.options.pool): Promise<boolean> {
    const { rowCount } = await queryable.query(
      `UPDATE ${this.table} SET fired_at = $2, outcome = 'cancelled', revision = revision + 1
        WHERE timer_id = $1 AND fired_at IS NULL`,
      [timerId, this.clock.now()],
    );
    return rowCount === 1;
  }

  async get(timerId: string): Promise<StoredTimer | undefined> {
    const { rows } = await this.options.pool.query<TimerRow>(`SELECT * FROM ${this.table} WHERE timer_id = $1`, [
      timerId,
    ]);
    return rows[0] ? storedTimerOf(rows[0]) : undefined;
  }

  /**
   * One retention batch: deletes at most `limit` timers settled (fired, failed or cancelled) before `settledBefore`,
   * oldest first, skipping rows another transaction holds. Returns how many it deleted. Armed timers are never
   * deleted.
   */
  async deleteSettled(settledBefore: Date, limit: number, db: Queryable = this.options.pool): Promise<number> {
    const deleted = await db.query(
      `WITH settled AS (
         SELECT timer_id FROM ${this.table}
          WHERE fired_at IS NOT NULL AND fired_at < $1
          ORDER BY fired_at
          LIMIT $2
          FOR UPDATE SKIP LOCKED)
       DELETE FROM ${this.table} t USING settled WHERE t.timer_id = settled.timer_id`,
      [settledBefore, limit],
    );
    return deleted.rowCount ?? 0;
  }

  /** The armed timers (of `kind`, when given), soonest first. */
  async pending(kind?: string): Promise<StoredTimer[]> {
    const { rows } = await this.options.pool.query<TimerRow>(
      `SELECT * FROM ${this.table} WHERE fired_at IS NULL AND ($1::text IS NULL OR kind = $1)
        ORDER BY due_at, timer_id`,
      [kind ?? null],
    );
    return rows.map(storedTimerOf);
  }
}
