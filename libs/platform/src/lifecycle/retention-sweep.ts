import type pg from 'pg';
import type { PlatformMetrics } from '../metrics/platform-metrics.js';
import type { Stoppable } from './shutdown-registry.js';

/** Where a sweep's batch runs: the sweep's own pooled connection. */
export type SweepConnection = Pick<pg.PoolClient, 'query'>;

/**
 * Deletes at most `limit` expired rows in one statement and returns how many it deleted. Lock only what it deletes,
 * skipping rows someone else holds (`… ORDER BY <indexed time> LIMIT $n FOR UPDATE SKIP LOCKED`): a batch then
 * never waits for a live transaction, and two sweeps at once delete disjoint rows.
 */
export type DeleteBatch = (db: SweepConnection, limit: number) => Promise<number>;

/** Calls `run` once after `delayMs`; returns what cancels that call. The default is an unref'd `setTimeout`. */
export type SweepScheduler = (run: () => Promise<void>, delayMs: number) => () => void;

/** The part of a pino logger the sweep uses (the platform's `LOGGER` and `MessagingLogger` satisfy it). */
export interface SweepLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

export interface RetentionSweepOptions {
  /** What is swept, e.g. `inbox`: the `sweep` label of the metrics and the name in logs. */
  name: string;
  /**
   * Names the advisory lock that keeps a second replica from sweeping the same table at the same time, e.g.
   * `<schema>.inbox` (two services sweeping their own `inbox` must not share it). Default: `name`.
   */
  lockKey?: string;
  pool: pg.Pool;
  deleteBatch: DeleteBatch;
  /** Most rows per statement. Default 1000. */
  batchSize?: number;
  /** Time from the end of one sweep to the start of the next. Default 10 minutes. */
  intervalMs?: number;
  /** Time from `start()` to the first sweep. Default 1 minute. */
  firstRunAfterMs?: number;
  logger: SweepLogger;
  /** The service's metrics: `lead_retention_deleted_rows_total{sweep}`, `lead_retention_sweep_failures_total{sweep}`. */
  metrics?: PlatformMetrics;
  /** Tests drive the runs themselves through this. */
  scheduler?: SweepScheduler;
}

export type SweepResult =
  | { outcome: 'swept'; removed: number; batches: number }
  /** Another instance held the lock: it is sweeping this table now. */
  | { outcome: 'skipped' }
  /** The run stopped on an error; `removed` rows were deleted before it. The next run tries again. */
  | { outcome: 'failed'; removed: number; error: unknown }
  /** The sweep was stopped before the run could start. */
  | { outcome: 'stopped' };

const DEFAULT_INTERVAL_MS = 10 * 60_000;
const DEFAULT_FIRST_RUN_AFTER_MS = 60_000;
const DEFAULT_BATCH_SIZE = 1000;

const timerScheduler: SweepScheduler = (run, delayMs) => {
  const timer = setTimeout(() => void run(), delayMs);
  timer.unref();
  return () => clearTimeout(timer);
};

/**
 * Deletes the expired rows of one table, periodically and in small batches: each batch is one short statement of
 * its own (no long transaction, no long lock), repeated while batches come back full. The first run comes shortly
 * after `start()`, the next `intervalMs` after the previous one ended (runs never overlap). A failure — the database
 * away, a statement that fails — is logged and counted, and the next run tries again: a sweep never stops the
 * service. Replicas take a PostgreSQL advisory lock per run, so one sweeps while the others skip; were two to sweep
 * anyway, their batches would delete disjoint rows. `stop()` (enrol it in the `ShutdownRegistry`) cancels the next
 * run and waits for the one in progress, which ends after its current batch.
 */
export class RetentionSweep implements Stoppable {
  private readonly abort = new AbortController();
  private readonly batchSize: number;
  private readonly intervalMs: number;
  private readonly firstRunAfterMs: number;
  private readonly scheduler: SweepScheduler;
  private cancelNext: (() => void) | undefined;
  private running: Promise<SweepResult> | undefined;
  private started = false;

  constructor(private readonly options: RetentionSweepOptions) {
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
    this.firstRunAfterMs = options.firstRunAfterMs ?? DEFAULT_FIRST_RUN_AFTER_MS;
    this.scheduler = options.scheduler ?? timerScheduler;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1)
      throw new Error('batchSize must be a positive integer');
    // The series exist from the start (at 0), so rate() and absent() work before the first deletion.
    options.metrics?.retentionDeletedRows.inc({ sweep: options.name }, 0);
    options.metrics?.retentionSweepFailures.inc({ sweep: options.name }, 0);
  }

  get name(): string {
    return this.options.name;
  }

  /** Schedules the first run (once; a stopped sweep does not start again). */
  start(): this {
    if (this.started || this.abort.signal.aborted) return this;
    this.started = true;
    this.scheduleNext(this.firstRunAfterMs);
    return this;
  }

  /** Cancels the next run and waits for the one in progress (it ends after its current batch). */
  async stop(): Promise<void> {
    this.abort.abort();
    this.cancelNext?.();
    this.cancelNext = undefined;
    await this.running;
  }

  /** Sweeps now (joining the run in progress, if any). Never rejects. */
  runOnce(): Promise<SweepResult> {
    if (this.abort.signal.aborted) return Promise.resolve({ outcome: 'stopped' });
    this.running ??= this.sweep().finally(() => (this.running = undefined));
    return this.running;
  }

  private scheduleNext(delayMs: number): void {
    if (this.abort.signal.aborted) return;
    this.cancelNext = this.scheduler(async () => {
      this.cancelNext = undefined;
      await this.runOnce();
      this.scheduleNext(this.intervalMs);
    }, delayMs);
  }

  private async sweep(): Promise<SweepResult> {
    const { name, pool, deleteBatch, logger, metrics } = this.options;
    const lockKey = `lead-retention:${this.options.lockKey ?? name}`;
    const started = Date.now();
    let removed = 0;
    let batches = 0;
    let client: pg.PoolClient | undefined;
    let broken: Error | undefined;
    try {
      client = await pool.connect();
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
        [lockKey],
      );
      if (!rows[0].locked) {
        logger.debug({ sweep: name }, 'retention sweep skipped: another instance is sweeping');
        return { outcome: 'skipped' };
      }
      try {
        let deleted: number;
        do {
          deleted = await deleteBatch(client, this.batchSize);
          batches++;
          removed += deleted;
          if (deleted > 0) metrics?.retentionDeletedRows.inc({ sweep: name }, deleted);
        } while (deleted >= this.batchSize && !this.abort.signal.aborted);
      } finally {
        // If the session cannot unlock, it is discarded below, and its end releases the lock.
        await client
          .query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey])
          .catch((error: Error) => (broken = error));
      }
      const ms = Date.now() - started;
      if (removed > 0) logger.info({ sweep: name, removed, batches, ms }, `retention sweep removed ${removed} rows`);
      else logger.debug({ sweep: name, removed, batches, ms }, 'retention sweep found nothing to remove');
      return { outcome: 'swept', removed, batches };
    } catch (error) {
      metrics?.retentionSweepFailures.inc({ sweep: name });
      logger.error(
        { sweep: name, err: error, removed },
        `retention sweep failed after removing ${removed} rows; the next run tries again`,
      );
      return { outcome: 'failed', removed, error };
    } finally {
      client?.release(broken);
    }
  }
}
