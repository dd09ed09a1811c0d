import { quoteSchema } from '@lead/event-store';
import { backoffDelay, LeasedWorker, type PostgresLease, type RetryPolicy } from '@lead/platform/workers';
import type pg from 'pg';
import { onArmed } from './armed-timers.js';
import { systemClock, type Clock } from './clock.js';
import { dueTimerOf, timersTable, type DueTimer, type TimerRow } from './timer.js';
import { Wakeup } from './wakeup.js';

/**
 * Fires one timer: its effect must be idempotent by `timer.timerId` (see `TimerWorker`). Throwing fails this
 * attempt: the timer is tried again after a backoff, until `maxAttempts`. `signal` aborts when the worker stops or
 * loses its lease; a handler may finish its work or give up (a throw while stopping costs no attempt).
 */
export type TimerHandler = (timer: DueTimer, signal: AbortSignal) => Promise<void>;

/** A timer's attempt that failed. `final`: it has left the schedule with outcome `failed`. */
export interface TimerFailure {
  timer: DueTimer;
  error: unknown;
  final: boolean;
  /** When it is tried again (`undefined` when final). */
  retryAt?: Date;
}

export interface TimerWorkerOptions {
  pool: pg.Pool;
  /** The service's schema; names the lease `scheduler:<schema>`, one firing worker per schema on the cluster. */
  schema: string;
  /** By timer kind. A due timer of a kind without a handler fails at once (outcome `failed`). */
  handlers: Record<string, TimerHandler>;
  /** What is due is due by this clock. Default: the system clock. */
  clock?: Clock;
  /** Longest sleep between two looks at the table (real ms): how late a timer armed by another replica may fire. Default 1000. */
  pollMs?: number;
  /** Timers read per query. Default 100. */
  pageSize?: number;
  /** Attempts a timer gets (default 10) and the backoff between them (clock ms; default 1 s doubling to 15 min). */
  retry?: Partial<RetryPolicy>;
  /** Each failed attempt, the final one included. Default: the final ones to `console.error`, so none is silent. */
  onFailure?: (failure: TimerFailure) => void;
  /** The cycle failed (the database went away, the lease was lost); the worker backs off and takes the lease again. */
  onCycleFailure?: (error: unknown, failures: number) => void;
  /** How often a standby replica asks for the lease (real ms). Default 1000. */
  leaseRetryMs?: number;
}

export const DEFAULT_TIMER_RETRY: RetryPolicy = { maxAttempts: 10, initialDelayMs: 1000, maxDelayMs: 15 * 60_000 };

const MAX_ERROR_LENGTH = 4000;

/**
 * Real ms a page's handlers may run before the marks of those that returned are written: handlers that each take a
 * while (an append, a call out) then do not hold a whole page of marks, so a worker that dies re-runs a few.
 */
const MARK_EVERY_MS = 200;

/** A handler that returned, waiting for its fired mark: the arming it ran and when it returned (by the clock). */
interface FiredRun {
  timerId: string;
  revision: number;
  firedAt: Date;
}

/**
 * Fires the timers of a schema at their instant: a `LeasedWorker` (one holder among the replicas) whose cycle
 * takes the due timers a page at a time in due order, runs each one's handler, and marks the page's fired timers
 * together through the lease's own session, so a worker that lost its lease cannot mark a timer its successor now
 * owns. It stops after the timer in hand (marking what ran).
 *
 * Delivery: a timer's handler runs until the fired mark is written, so it runs more than once only when the worker
 * dies (its process, its host, its lease session) after the handler's effect and before the mark; the next holder
 * then runs it again. Handlers therefore derive their effect from `timerId` (an event id from
 * `deriveEventId(timerId, purpose)`, a row keyed by the timer id with ON CONFLICT DO NOTHING): the second run then
 * changes nothing, and the effect happens exactly once. A handler that is not idempotent gets at-least-once.
 */
export class TimerWorker {
  private worker: LeasedWorker | undefined;
  private readonly table: string;
  private readonly clock: Clock;
  private readonly policy: RetryPolicy;
  private readonly wakeup = new Wakeup();
  private unsubscribe: (() => void)[] = [];

  constructor(private readonly options: TimerWorkerOptions) {
    this.table = timersTable(quoteSchema(options.schema));
    this.clock = options.clock ?? systemClock;
    this.policy = { ...DEFAULT_TIMER_RETRY, ...options.retry };
  }

  get name(): string {
    return `scheduler:${this.options.schema}`;
  }

  /** `idle`, `standby` (another replica fires), `active` or `stopped`. */
  get state(): LeasedWorker['state'] {
    return this.worker?.state ?? 'idle';
  }

  /** Starts in the background (no-op when started). */
  start(): this {
    if (this.worker) return this;
    this.unsubscribe = [onArmed(this.options.schema, this.wakeup.ring)];
    if (this.clock.onMove) this.unsubscribe.push(this.clock.onMove(this.wakeup.ring));
    this.worker = new LeasedWorker({
      name: this.name,
      database: this.options.pool.options,
      leaseRetryMs: this.options.leaseRetryMs,
      cycle: (lease, signal) => this.cycle(lease, signal),
      onFailure: this.options.onCycleFailure,
    }).start();
    return this;
  }

  /** Lets the timer in hand finish and be marked, then releases the lease. */
  async stop(): Promise<void> {
    await this.worker?.stop();
    this.worker = undefined;
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
  }

  private async cycle(lease: PostgresLease, signal: AbortSignal): Promise<void> {
    const pageSize = this.options.pageSize ?? 100;
    while (!signal.aborted) {
      // Cleared before the look: a timer armed (or the clock moved) while looking rings a wait that returns at once.
      this.wakeup.clear();
      const { rows } = await lease.query<TimerRow>(
        `SELECT * FROM ${this.table} WHERE fired_at IS NULL AND due_at <= $1 ORDER BY due_at, timer_id LIMIT $2`,
        [this.clock.now(), pageSize],
      );
      await this.firePage(lease, rows, signal);
      if (signal.aborted) return;
      if (rows.length === pageSize) continue;
      await this.wakeup.wait(await this.untilNextDue(lease), signal);
    }
  }

  /**
   * Runs the page's handlers in due order and writes their fired marks together, in one statement on the lease,
   * after the last one (or the one in hand when stopping) returned, and sooner when the handlers run long
   * (`MARK_EVERY_MS`): one commit per page instead of one per timer. Each mark is still written after its handler
   * returned, so a handler runs again only when the worker dies before the mark (a few more timers at once).
   */
  private async firePage(lease: PostgresLease, rows: TimerRow[], signal: AbortSignal): Promise<void> {
    const ran: FiredRun[] = [];
    let since = performance.now();
    try {
      for (const row of rows) {
        if (signal.aborted) return;
        const run = await this.fire(lease, row, signal);
        if (run) ran.push(run);
        if (ran.length > 0 && performance.now() - since >= MARK_EVERY_MS) {
          await this.markFired(lease, ran.splice(0));
          since = performance.now();
        }
      }
    } finally {
      // Also when a handler's failure mark threw (the lease went): the marks then fail too, the cycle reports it.
      if (ran.length > 0) await this.markFired(lease, ran);
    }
  }

  /** Real ms to sleep: until the earliest armed timer by the clock, at most `pollMs`. */
  private async untilNextDue(lease: PostgresLease): Promise<number> {
    const pollMs = this.options.pollMs ?? 1000;
    const { rows } = await lease.query<{ next: Date | null }>(
      `SELECT min(due_at) AS next FROM ${this.table} WHERE fired_at IS NULL`,
    );
    const next = rows[0]?.next;
    if (!next) return pollMs;
    return Math.min(pollMs, Math.max(0, next.getTime() - this.clock.now().getTime()));
  }

  /** Runs one timer's handler; returns the run to mark fired, or nothing when the attempt failed (marked already). */
  private async fire(lease: PostgresLease, row: TimerRow, signal: AbortSignal): Promise<FiredRun | undefined> {
    const timer = dueTimerOf(row);
    const handler = Object.hasOwn(this.options.handlers, timer.kind) ? this.options.handlers[timer.kind] : undefined;
    if (!handler) {
      await this.settleFailed(lease, timer, new Error(`no handler for timer kind "${timer.kind}"`));
      return undefined;
    }
    try {
      await handler(timer, signal);
    } catch (error) {
      // Stopping or lease lost: the next holder runs it again; this run is not the timer's fault.
      if (signal.aborted) return undefined;
      if (timer.attempt >= this.policy.maxAttempts) await this.settleFailed(lease, timer, error);
      else await this.retryLater(lease, timer, error);
      return undefined;
    }
    return { timerId: timer.timerId, revision: timer.revision, firedAt: this.clock.now() };
  }

  /**
   * The arming each run ran, only: one moved or cancelled meanwhile is left as it is now. The rows are found by
   * their ids (the primary key): `outcome IS NULL` says armed as `fired_at IS NULL` does (the table's CHECK) without
   * offering the planner the armed timers' index, which, on a table without statistics yet, it would read whole.
   */
  private async markFired(lease: PostgresLease, runs: FiredRun[]): Promise<void> {
    await lease.query(
      `UPDATE ${this.table} AS t
          SET fired_at = ($3::timestamptz[])[array_position($1::text[], t.timer_id)], outcome = 'fired',
              attempts = t.attempts + 1
        WHERE t.timer_id = ANY ($1::text[]) AND t.outcome IS NULL
          AND t.revision = ($2::integer[])[array_position($1::text[], t.timer_id)]`,
      [runs.map((run) => run.timerId), runs.map((run) => run.revision), runs.map((run) => run.firedAt)],
    );
  }

  private async retryLater(lease: PostgresLease, timer: DueTimer, error: unknown): Promise<void> {
    const retryAt = new Date(this.clock.now().getTime() + backoffDelay(this.policy, timer.attempt));
    const { rowCount } = await lease.query(
      `UPDATE ${this.table} SET attempts = attempts + 1, last_error = $3, due_at = $4
        WHERE timer_id = $1 AND revision = $2 AND fired_at IS NULL`,
      [timer.timerId, timer.revision, describe(error), retryAt],
    );
    if (rowCount === 1) this.report({ timer, error, final: false, retryAt });
  }

  private async settleFailed(lease: PostgresLease, timer: DueTimer, error: unknown): Promise<void> {
    const { rowCount } = await lease.query(
      `UPDATE ${this.table} SET attempts = attempts + 1, last_error = $3, fired_at = $4, outcome = 'failed'
        WHERE timer_id = $1 AND revision = $2 AND fired_at IS NULL`,
      [timer.timerId, timer.revision, describe(error), this.clock.now()],
    );
    if (rowCount === 1) this.report({ timer, error, final: true });
  }

  private report(failure: TimerFailure): void {
    if (this.options.onFailure) {
      this.options.onFailure(failure);
      return;
    }
    if (failure.final)
      console.error(
        `${this.name}: timer ${failure.timer.timerId} (${failure.timer.kind}) failed for good after ` +
          `${failure.timer.attempt} attempt(s): ${describe(failure.error)}`,
      );
  }
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}
