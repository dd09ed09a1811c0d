import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PlatformMetrics } from '../metrics/platform-metrics.js';
import { ManualScheduler, TEST_DATABASE_URL } from '@lead/testing';
import { RetentionSweep, type DeleteBatch, type RetentionSweepOptions, type SweepLogger } from './retention-sweep.js';
import { ShutdownRegistry } from './shutdown-registry.js';

interface Logged {
  level: 'debug' | 'info' | 'error';
  fields: Record<string, unknown>;
  message?: string;
}

function recordingLogger(): SweepLogger & { lines: Logged[] } {
  const lines: Logged[] = [];
  const at =
    (level: Logged['level']) =>
    (fields: object, message?: string): void =>
      void lines.push({ level, fields: fields as Record<string, unknown>, message });
  return { lines, debug: at('debug'), info: at('info'), error: at('error') };
}

async function counterValue(metrics: PlatformMetrics, name: string, sweep: string): Promise<number> {
  const metric = await metrics.registry.getSingleMetric(name)!.get();
  return metric.values.find((value) => value.labels.sweep === sweep)?.value ?? NaN;
}

/**
 * The sweep against a table of its own (`stamped_at` set in the past by SQL, never by waiting), with a scheduler the
 * test fires by hand.
 */
describe('RetentionSweep', () => {
  const schema = `sweep_${randomBytes(5).toString('hex')}`;
  const table = `"${schema}".rows`;
  let pool: pg.Pool;
  let sweepNo = 0;

  /** The batch statement the real sweeps use, on this table: rows stamped more than a day ago. */
  const deleteOlderThanADay: DeleteBatch = async (db, limit) =>
    (
      await db.query(
        `WITH expired AS (SELECT id FROM ${table} WHERE stamped_at < now() - interval '1 day'
                           ORDER BY stamped_at LIMIT $1 FOR UPDATE SKIP LOCKED)
         DELETE FROM ${table} r USING expired e WHERE r.id = e.id`,
        [limit],
      )
    ).rowCount ?? 0;

  const insert = (count: number, age: string) =>
    pool.query(`INSERT INTO ${table} (stamped_at) SELECT now() - $2::interval FROM generate_series(1, $1)`, [
      count,
      age,
    ]);
  const remaining = async () => (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;

  function sweep(overrides: Partial<RetentionSweepOptions> = {}) {
    const scheduler = new ManualScheduler();
    const logger = recordingLogger();
    const metrics = new PlatformMetrics('sweep-test');
    const batches: number[] = [];
    const counting: DeleteBatch = async (db, limit) => {
      const deleted = await (overrides.deleteBatch ?? deleteOlderThanADay)(db, limit);
      batches.push(deleted);
      return deleted;
    };
    const instance = new RetentionSweep({
      name: 'rows',
      lockKey: `${schema}.rows.${sweepNo++}`,
      pool,
      logger,
      metrics,
      scheduler: scheduler.schedule,
      intervalMs: 600_000,
      firstRunAfterMs: 5_000,
      ...overrides,
      deleteBatch: counting,
    });
    return { sweep: instance, scheduler, logger, metrics, batches };
  }

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 10 });
    await pool.query(`CREATE SCHEMA "${schema}"`);
    await pool.query(
      `CREATE TABLE ${table} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, stamped_at timestamptz NOT NULL)`,
    );
    await pool.query(`CREATE INDEX ON ${table} (stamped_at)`);
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });
  beforeEach(() => pool.query(`TRUNCATE ${table}`));

  it('removes the expired rows in batches until a batch comes back short, and keeps the recent ones', async () => {
    await insert(2500, '2 days');
    await insert(40, '1 hour');
    const { sweep: rows, logger, metrics, batches } = sweep({ batchSize: 1000 });

    expect(await rows.runOnce()).toEqual({ outcome: 'swept', removed: 2500, batches: 3 });
    expect(batches).toEqual([1000, 1000, 500]);
    expect(await remaining()).toBe(40);
    expect(await counterValue(metrics, 'lead_retention_deleted_rows_total', 'rows')).toBe(2500);
    expect(logger.lines).toContainEqual({
      level: 'info',
      fields: expect.objectContaining({ sweep: 'rows', removed: 2500, batches: 3 }),
      message: 'retention sweep removed 2500 rows',
    });
  });

  it('asks once more after a full last batch, and reports an empty run at debug level', async () => {
    await insert(20, '3 days');
    const { sweep: rows, logger, batches } = sweep({ batchSize: 10 });
    expect(await rows.runOnce()).toEqual({ outcome: 'swept', removed: 20, batches: 3 });
    expect(batches).toEqual([10, 10, 0]);

    expect(await rows.runOnce()).toEqual({ outcome: 'swept', removed: 0, batches: 1 });
    expect(logger.lines.at(-1)).toMatchObject({ level: 'debug', message: 'retention sweep found nothing to remove' });
  });

  it('runs first after firstRunAfterMs, then every intervalMs after the previous run ended', async () => {
    await insert(5, '2 days');
    const { sweep: rows, scheduler } = sweep({ firstRunAfterMs: 5_000, intervalMs: 600_000 });
    expect(scheduler.pending).toBeUndefined();
    rows.start();
    rows.start(); // starting twice schedules once
    expect(scheduler.delays).toEqual([5_000]);

    await scheduler.fire();
    expect(await remaining()).toBe(0);
    expect(scheduler.delays).toEqual([5_000, 600_000]);

    await insert(3, '2 days');
    await scheduler.fire();
    expect(await remaining()).toBe(0);
    expect(scheduler.delays).toEqual([5_000, 600_000, 600_000]);
    await rows.stop();
  });

  it('logs and counts a failed run, keeps its schedule, and the next run sweeps', async () => {
    await insert(7, '2 days');
    const { sweep: rows, scheduler, logger, metrics } = sweep();
    rows.start();
    await pool.query(`ALTER TABLE ${table} RENAME TO rows_away`);
    try {
      await scheduler.fire();
    } finally {
      await pool.query(`ALTER TABLE "${schema}".rows_away RENAME TO rows`);
    }
    expect(logger.lines.at(-1)).toMatchObject({
      level: 'error',
      fields: { sweep: 'rows', removed: 0, err: expect.objectContaining({ message: expect.stringMatching(/rows/) }) },
      message: 'retention sweep failed after removing 0 rows; the next run tries again',
    });
    expect(await counterValue(metrics, 'lead_retention_sweep_failures_total', 'rows')).toBe(1);
    expect(scheduler.pending?.delayMs).toBe(600_000);

    await scheduler.fire();
    expect(await remaining()).toBe(0);
    expect(await counterValue(metrics, 'lead_retention_deleted_rows_total', 'rows')).toBe(7);
    expect(await counterValue(metrics, 'lead_retention_sweep_failures_total', 'rows')).toBe(1);
    await rows.stop();
  });

  it('counts what a run removed before it failed', async () => {
    await insert(25, '2 days');
    let calls = 0;
    const { sweep: rows, metrics } = sweep({
      batchSize: 10,
      deleteBatch: async (db, limit) => {
        if (++calls === 3) throw new Error('connection reset');
        return deleteOlderThanADay(db, limit);
      },
    });
    expect(await rows.runOnce()).toMatchObject({ outcome: 'failed', removed: 20 });
    expect(await counterValue(metrics, 'lead_retention_deleted_rows_total', 'rows')).toBe(20);
    expect(await rows.runOnce()).toEqual({ outcome: 'swept', removed: 5, batches: 1 });
  });

  it('survives a database it cannot reach', async () => {
    const unreachable = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/none', max: 1 });
    try {
      const { sweep: rows, scheduler, metrics } = sweep({ pool: unreachable });
      rows.start();
      await scheduler.fire();
      expect(await counterValue(metrics, 'lead_retention_sweep_failures_total', 'rows')).toBe(1);
      expect(scheduler.pending?.delayMs).toBe(600_000);
      await rows.stop();
    } finally {
      await unreachable.end();
    }
  });

  it('lets one of two concurrent sweeps of a table work; together they remove each row once', async () => {
    await insert(3000, '2 days');
    const lockKey = `${schema}.rows.shared`;
    const first = sweep({ lockKey, batchSize: 100 });
    const second = sweep({ lockKey, batchSize: 100 });
    const results = await Promise.all([first.sweep.runOnce(), second.sweep.runOnce()]);
    const removed = results.reduce((sum, result) => sum + (result.outcome === 'swept' ? result.removed : 0), 0);
    expect(results.every((result) => result.outcome === 'swept' || result.outcome === 'skipped')).toBe(true);
    expect(removed).toBe(3000);
    expect(await remaining()).toBe(0);
  });

  it('deletes disjoint rows when two sweeps run their batches at the same time anyway', async () => {
    await insert(3000, '2 days');
    // No lock between them (different keys): SKIP LOCKED keeps their batches apart.
    const sweeps = [sweep({ batchSize: 100 }), sweep({ batchSize: 100 }), sweep({ batchSize: 100 })];
    const results = await Promise.all(sweeps.map(({ sweep: each }) => each.runOnce()));
    expect(results.map((result) => result.outcome)).toEqual(['swept', 'swept', 'swept']);
    // A batch that met the others' locks may come back short and end its run early: the next run finishes.
    const after = await sweeps[0].sweep.runOnce();
    const removed = [...results, after].reduce(
      (sum, result) => sum + (result.outcome === 'swept' ? result.removed : 0),
      0,
    );
    expect(removed).toBe(3000);
    expect(await remaining()).toBe(0);
  });

  it('joins the run in progress instead of starting a second one', async () => {
    await insert(10, '2 days');
    const { sweep: rows, batches } = sweep();
    const [a, b] = await Promise.all([rows.runOnce(), rows.runOnce()]);
    expect(a).toBe(b);
    expect(batches).toEqual([10]);
  });

  it('stops on shutdown: the next run is cancelled, a run in progress ends after its batch', async () => {
    await insert(50, '2 days');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inBatch = new Promise<void>((resolve) => (entered = resolve));
    const {
      sweep: rows,
      scheduler,
      batches,
    } = sweep({
      batchSize: 10,
      deleteBatch: async (db, limit) => {
        entered();
        await gate;
        return deleteOlderThanADay(db, limit);
      },
    });
    const registry = new ShutdownRegistry();
    registry.register(rows.start());

    const running = scheduler.fire();
    await inBatch;
    const stopping = registry.stopAll();
    release();
    await stopping;
    await running;

    expect(batches).toEqual([10]); // the batch in hand, then no more
    expect(await remaining()).toBe(40);
    expect(scheduler.pending).toBeUndefined(); // nothing scheduled after it
    expect(await rows.runOnce()).toEqual({ outcome: 'stopped' });
    rows.start();
    expect(scheduler.pending).toBeUndefined();
  });

  it('cancels the first run when stopped before it', async () => {
    const { sweep: rows, scheduler, batches } = sweep();
    rows.start();
    expect(scheduler.pending).toBeDefined();
    await rows.stop();
    expect(scheduler.pending).toBeUndefined();
    expect(batches).toEqual([]);
  });

  it('shows both counters at 0 for a sweep that has not run yet', async () => {
    const { metrics } = sweep();
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/lead_retention_deleted_rows_total\{sweep="rows"[^}]*\} 0/);
    expect(text).toMatch(/lead_retention_sweep_failures_total\{sweep="rows"[^}]*\} 0/);
  });
});
