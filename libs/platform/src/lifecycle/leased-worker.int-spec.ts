import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { aborted, LeasedWorker, type LeasedWorkerState, type WorkerCycle } from './leased-worker.js';
import { LeaseLost } from './postgres-lease.js';

const database = { connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' };

async function until(probe: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A cycle that handles "items" until its signal aborts, finishing the item in hand first. */
function itemCycle(log: string[], label: string, itemMs = 30): WorkerCycle {
  return async (_lease, signal) => {
    while (!signal.aborted) {
      log.push(`${label}:start`);
      await new Promise((resolve) => setTimeout(resolve, itemMs));
      log.push(`${label}:done`);
    }
  };
}

describe('LeasedWorker (real PostgreSQL advisory locks)', () => {
  const workers: LeasedWorker[] = [];
  const name = () => `test-worker-${randomBytes(5).toString('hex')}`;
  const worker = (options: ConstructorParameters<typeof LeasedWorker>[0]) => {
    const w = new LeasedWorker({ leaseRetryMs: 20, retry: { initialDelayMs: 5, maxDelayMs: 20 }, ...options });
    workers.push(w);
    return w.start();
  };
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  });

  it('runs one holder at a time; the other stands by and takes over when the first stops', async () => {
    const log: string[] = [];
    const lease = name();
    const a = worker({ name: lease, database, cycle: itemCycle(log, 'a') });
    await until(() => a.state === 'active', 'a to hold the lease');
    const b = worker({ name: lease, database, cycle: itemCycle(log, 'b') });
    await until(() => b.state === 'standby', 'b to stand by');
    expect(log.some((line) => line.startsWith('b'))).toBe(false);
    await a.stop();
    // a finished the item in hand before it let go.
    expect(log.filter((line) => line.startsWith('a')).at(-1)).toBe('a:done');
    await until(() => b.state === 'active' && log.includes('b:start'), 'b to take over');
  });

  it('backs off after a failing cycle and tries again, reporting each failure in a row', async () => {
    const failures: number[] = [];
    let calls = 0;
    const w = worker({
      name: name(),
      database,
      cycle: async (_lease, signal) => {
        calls++;
        if (calls < 3) throw new Error('the store went away');
        await aborted(signal); // then runs until stopped
      },
      onFailure: (_error, inARow) => failures.push(inARow),
    });
    await until(() => calls === 3, 'a third cycle');
    expect(failures).toEqual([1, 2]);
    expect(w.state).toBe('active');
  });

  it('aborts the cycle with LeaseLost when the lease’s session is killed, and a standby takes over', async () => {
    const lease = name();
    const states: LeasedWorkerState[] = [];
    const reasons: unknown[] = [];
    const failures: unknown[] = [];
    const a = worker({
      name: lease,
      database,
      cycle: async (_l, signal) => {
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        reasons.push(signal.reason);
      },
      onStateChange: (state) => states.push(state),
      onFailure: (error) => failures.push(error),
    });
    await until(() => a.state === 'active', 'a to hold the lease');
    const admin = new pg.Client(database);
    await admin.connect();
    try {
      const { rowCount } = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`,
        [`lead lease ${lease}`.slice(0, 63)],
      );
      expect(rowCount).toBe(1);
    } finally {
      await admin.end();
    }
    await until(() => failures.length > 0, 'the lost lease to be reported');
    expect(reasons[0]).toBeInstanceOf(LeaseLost);
    expect(failures[0]).toBeInstanceOf(LeaseLost);
    await until(() => a.state === 'active' && states.filter((s) => s === 'active').length === 2, 'a new lease');
  });
});
