import type pg from 'pg';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** How a timer left the schedule. */
export type TimerOutcome = 'fired' | 'failed' | 'cancelled';

/** A timer to arm: `timerId` names it for good (derive it from what it is for, e.g. `inactive/<participant>`). */
export interface TimerToSchedule {
  timerId: string;
  /** Selects the worker's handler. */
  kind: string;
  dueAt: Date;
  /** Handed to the handler as stored (JSON). Default `null`. */
  payload?: JsonValue;
}

/** A timer as stored, armed or settled. */
export interface StoredTimer {
  timerId: string;
  kind: string;
  /** The instant it is for, as scheduled. */
  instant: Date;
  /** When it is next tried: `instant`, until a failed attempt pushes it by the backoff. */
  dueAt: Date;
  payload: JsonValue;
  scheduledAt: Date;
  attempts: number;
  lastError: string | null;
  /** When it left the schedule (fired, failed for good or cancelled); `null` while it is armed. */
  firedAt: Date | null;
  outcome: TimerOutcome | null;
  /** Counts the armings and the cancel; the worker marks only the arming it ran. */
  revision: number;
}

/** What a handler receives: a timer that is due, and which run of it this is (1 on the first). */
export interface DueTimer {
  timerId: string;
  kind: string;
  /** The instant it is for, as scheduled: what a handler records as "when", whatever the attempt. */
  instant: Date;
  /** When this attempt was due (later than `instant` after a failed attempt). */
  dueAt: Date;
  payload: JsonValue;
  scheduledAt: Date;
  attempt: number;
  revision: number;
}

/** Where a statement runs: a pool, or a caller's client inside its own transaction. */
export interface Queryable {
  query<Row extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<Row>>;
}

export interface TimerRow {
  timer_id: string;
  kind: string;
  instant: Date;
  due_at: Date;
  payload: JsonValue;
  scheduled_at: Date;
  attempts: number;
  last_error: string | null;
  fired_at: Date | null;
  outcome: TimerOutcome | null;
  revision: number;
}

export function storedTimerOf(row: TimerRow): StoredTimer {
  return {
    timerId: row.timer_id,
    kind: row.kind,
    instant: row.instant,
    dueAt: row.due_at,
    payload: row.payload,
    scheduledAt: row.scheduled_at,
    attempts: row.attempts,
    lastError: row.last_error,
    firedAt: row.fired_at,
    outcome: row.outcome,
    revision: row.revision,
  };
}

export function dueTimerOf(row: TimerRow): DueTimer {
  return {
    timerId: row.timer_id,
    kind: row.kind,
    instant: row.instant,
    dueAt: row.due_at,
    payload: row.payload,
    scheduledAt: row.scheduled_at,
    attempt: row.attempts + 1,
    revision: row.revision,
  };
}

/** The table of `schema`, quoted (the schema name is checked by the caller with `quoteSchema`). */
export function timersTable(quotedSchema: string): string {
  return `${quotedSchema}.scheduled_timers`;
}
