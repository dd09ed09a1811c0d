import { eventually } from '@lead/testing';
import type { DueTimer, TimerHandler } from '../src/index.js';
import { SchedulingFixture } from './scheduling-fixture.js';

/**
 * Exactly once across restarts, a killed lease session and two replicas: the handler's effect is a row keyed by the
 * timer id (ON CONFLICT DO NOTHING), as the delivery guarantee asks of every handler.
 */
describe('TimerWorker: exactly once across restarts and replicas (real PostgreSQL, manual clock)', () => {
  const fixture = new SchedulingFixture();
  const runs = new Map<string, number>();

  beforeAll(async () => {
    await fixture.setUp();
    await fixture.pool.query(
      `CREATE TABLE "${fixture.schema}".effects (timer_id text PRIMARY KEY, ran_by text NOT NULL)`,
    );
  });
  afterAll(() => fixture.tearDown());
  afterEach(() => fixture.stopAll());

  /** The idempotent effect: one row per timer id, however many runs. */
  const effect = async (timer: DueTimer, by: string) => {
    runs.set(timer.timerId, (runs.get(timer.timerId) ?? 0) + 1);
    await fixture.pool.query(
      `INSERT INTO "${fixture.schema}".effects (timer_id, ran_by) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [timer.timerId, by],
    );
  };
  const effects = async (prefix: string) => {
    const { rows } = await fixture.pool.query<{ timer_id: string }>(
      `SELECT timer_id FROM "${fixture.schema}".effects WHERE timer_id LIKE $1 || '%'`,
      [prefix],
    );
    return rows.map((row) => row.timer_id);
  };

  it('fires a timer that came due while no worker ran once, on the next worker to start', async () => {
    const dueAt = new Date(fixture.clock.now().getTime() + 60_000);
    await fixture.schedule.schedule({ timerId: 'restart-1', kind: 'effect', dueAt });
    const first = fixture.worker({ effect: (timer) => effect(timer, 'first') });
    await fixture.active(first);
    await fixture.caughtUp();
    await first.stop();
    expect(runs.get('restart-1')).toBeUndefined();

    fixture.clock.advance(120_000);
    await fixture.active(fixture.worker({ effect: (timer) => effect(timer, 'second') }));
    expect(await fixture.settled('restart-1')).toMatchObject({ outcome: 'fired', attempts: 1 });
    await fixture.caughtUp();
    expect(runs.get('restart-1')).toBe(1);
    expect(await effects('restart-1')).toEqual(['restart-1']);
  });

  it('runs a handler again when its worker died between the effect and the mark; the effect lands once', async () => {
    const leaseName = `lead lease scheduler:${fixture.schema}`.slice(0, 63);
    const dying: TimerHandler = async (timer) => {
      await effect(timer, 'dying');
      if (runs.get(timer.timerId) === 1) {
        // The process "dies" after its effect: its lease session goes, so the fired mark cannot be written.
        const { rows } = await fixture.pool.query<{ terminated: boolean }>(
          `SELECT pg_terminate_backend(pid, 5000) AS terminated FROM pg_stat_activity WHERE application_name = $1`,
          [leaseName],
        );
        expect(rows).toEqual([{ terminated: true }]);
      }
    };
    const cycleFailures: unknown[] = [];
    const worker = fixture.worker({ effect: dying }, { onCycleFailure: (error) => cycleFailures.push(error) });
    await fixture.active(worker);
    await fixture.schedule.schedule({ timerId: 'killed-1', kind: 'effect', dueAt: fixture.clock.now() });

    expect(await fixture.settled('killed-1')).toMatchObject({ outcome: 'fired', attempts: 1 });
    expect(runs.get('killed-1')).toBe(2);
    expect(await effects('killed-1')).toEqual(['killed-1']);
    expect(cycleFailures).toHaveLength(1);
  });

  it('tries a handler that threw after its effect again after its backoff; the effect lands once', async () => {
    const failures: unknown[] = [];
    const seen: DueTimer[] = [];
    const worker = fixture.worker(
      {
        effect: async (timer) => {
          seen.push(timer);
          await effect(timer, 'throwing');
          if (timer.attempt === 1) throw new Error('the reply was lost after the write');
        },
      },
      { retry: { initialDelayMs: 2_000, maxDelayMs: 2_000 }, onFailure: (failure) => failures.push(failure) },
    );
    await fixture.active(worker);
    const instant = fixture.clock.now();
    await fixture.schedule.schedule({ timerId: 'threw-1', kind: 'effect', dueAt: instant });
    await eventually(
      () => failures.length,
      (count) => count === 1,
      'the first attempt to fail',
    );
    expect(await fixture.schedule.get('threw-1')).toMatchObject({
      attempts: 1,
      lastError: 'Error: the reply was lost after the write',
      firedAt: null,
    });
    // The same arming redelivered keeps its attempts and its backoff.
    expect(await fixture.schedule.schedule({ timerId: 'threw-1', kind: 'effect', dueAt: instant })).toBe(true);
    const retrying = await fixture.schedule.get('threw-1');
    expect(retrying).toMatchObject({ attempts: 1, instant, revision: 1 });
    expect(retrying!.dueAt.getTime()).toBeGreaterThan(instant.getTime());
    fixture.clock.advance(2_000);
    expect(await fixture.settled('threw-1')).toMatchObject({ outcome: 'fired', attempts: 2 });
    expect(runs.get('threw-1')).toBe(2);
    // The handler is told the instant it is for on every attempt; dueAt is the attempt's.
    expect(seen.map((timer) => [timer.attempt, timer.instant])).toEqual([
      [1, instant],
      [2, instant],
    ]);
    expect(seen[1].dueAt).toEqual(retrying!.dueAt);
    expect(await effects('threw-1')).toEqual(['threw-1']);
  });

  it('stops after the timer in hand: it is marked, the next one waits', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inHand = new Promise<void>((resolve) => (entered = resolve));
    const handled: string[] = [];
    const worker = fixture.worker({
      slow: async (timer) => {
        handled.push(timer.timerId);
        entered();
        await gate;
      },
    });
    await fixture.active(worker);
    const dueAt = fixture.clock.now();
    await fixture.schedule.schedule({ timerId: 'hand-1', kind: 'slow', dueAt });
    await fixture.schedule.schedule({ timerId: 'hand-2', kind: 'slow', dueAt: new Date(dueAt.getTime() + 1) });
    fixture.clock.advance(1);
    await inHand;
    const stopped = worker.stop();
    release();
    await stopped;
    expect(handled).toEqual(['hand-1']);
    expect(await fixture.schedule.get('hand-1')).toMatchObject({ outcome: 'fired' });
    expect(await fixture.schedule.get('hand-2')).toMatchObject({ outcome: null, attempts: 0 });
    await fixture.schedule.cancel('hand-2');
  });

  it('fires each of 200 due timers once between two replicas, the active one stopping midway', async () => {
    const byWorker = { a: 0, b: 0 };
    let stoppingA: Promise<void> | undefined;
    const a = fixture.worker({
      effect: async (timer) => {
        await effect(timer, 'a');
        // Replica a goes away after its 50th timer (stop() lets the one in hand be marked); b takes over.
        if (++byWorker.a === 50) stoppingA = a.stop();
      },
    });
    await fixture.active(a);
    const b = fixture.worker({
      effect: async (timer) => {
        await effect(timer, 'b');
        byWorker.b++;
      },
    });
    await eventually(
      () => b.state,
      (state) => state === 'standby',
      'b to stand by',
    );
    const dueAt = fixture.clock.now();
    const ids = Array.from({ length: 200 }, (_, i) => `replica-${String(i).padStart(3, '0')}`);
    await Promise.all(ids.map((timerId) => fixture.schedule.schedule({ timerId, kind: 'effect', dueAt })));
    await eventually(
      () => effects('replica-'),
      (done) => done.length === 200,
      'every timer’s effect',
    );
    await stoppingA;
    await fixture.caughtUp();
    expect(ids.filter((id) => runs.get(id) !== 1)).toEqual([]);
    expect(byWorker).toEqual({ a: 50, b: 150 });
    expect(await fixture.schedule.pending('effect')).toEqual([]);
  });
});
