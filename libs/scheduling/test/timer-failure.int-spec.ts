import { jest } from '@jest/globals';
import { eventually } from '@lead/testing';
import type { TimerFailure } from '../src/index.js';
import { SchedulingFixture } from './scheduling-fixture.js';

describe('TimerWorker: failing handlers (real PostgreSQL, manual clock)', () => {
  const fixture = new SchedulingFixture();
  const failures: TimerFailure[] = [];

  beforeAll(() => fixture.setUp());
  afterAll(() => fixture.tearDown());
  beforeEach(() => void (failures.length = 0));
  afterEach(() => fixture.stopAll());

  const failuresReach = (count: number) =>
    eventually(
      () => failures.length,
      (length) => length >= count,
      `${count} failed attempt(s)`,
    );

  it('retries a failing handler after a growing backoff and fails it for good after maxAttempts', async () => {
    let runs = 0;
    const worker = fixture.worker(
      {
        flaky: async () => {
          runs++;
          throw new Error(`the court system is down (${runs})`);
        },
      },
      {
        retry: { maxAttempts: 3, initialDelayMs: 1_000, maxDelayMs: 60_000 },
        onFailure: (failure) => failures.push(failure),
      },
    );
    await fixture.active(worker);
    const start = fixture.clock.now();
    await fixture.schedule.schedule({ timerId: 'flaky-1', kind: 'flaky', dueAt: start });
    await failuresReach(1);

    // Equal jitter: the first retry lies 500–1000 ms out, the second 1000–2000 ms.
    const first = failures[0];
    expect(first).toMatchObject({ final: false, timer: { timerId: 'flaky-1', attempt: 1 } });
    const firstDelay = first.retryAt!.getTime() - start.getTime();
    expect(firstDelay).toBeGreaterThanOrEqual(500);
    expect(firstDelay).toBeLessThanOrEqual(1_000);
    expect(await fixture.schedule.get('flaky-1')).toMatchObject({
      attempts: 1,
      dueAt: first.retryAt,
      lastError: 'Error: the court system is down (1)',
      firedAt: null,
      outcome: null,
    });

    // Not before its backoff.
    fixture.clock.set(new Date(first.retryAt!.getTime() - 1));
    await fixture.caughtUp();
    expect(runs).toBe(1);

    fixture.clock.set(first.retryAt!);
    await failuresReach(2);
    const second = failures[1];
    const secondDelay = second.retryAt!.getTime() - first.retryAt!.getTime();
    expect(secondDelay).toBeGreaterThanOrEqual(1_000);
    expect(secondDelay).toBeLessThanOrEqual(2_000);

    fixture.clock.set(second.retryAt!);
    const failed = await fixture.settled('flaky-1');
    expect(failed).toMatchObject({
      outcome: 'failed',
      attempts: 3,
      lastError: 'Error: the court system is down (3)',
      firedAt: second.retryAt,
    });
    expect(failures.map((failure) => [failure.timer.attempt, failure.final])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);

    fixture.clock.advance(24 * 3600_000);
    await fixture.caughtUp();
    expect(runs).toBe(3);
  });

  it('fails a timer of a kind without a handler at once', async () => {
    await fixture.active(fixture.worker({}, { onFailure: (failure) => failures.push(failure) }));
    await fixture.schedule.schedule({ timerId: 'orphan-1', kind: 'nobody-handles-this', dueAt: fixture.clock.now() });
    expect(await fixture.settled('orphan-1')).toMatchObject({
      outcome: 'failed',
      attempts: 1,
      lastError: 'Error: no handler for timer kind "nobody-handles-this"',
    });
    expect(failures).toEqual([
      expect.objectContaining({ final: true, timer: expect.objectContaining({ timerId: 'orphan-1' }) }),
    ]);
  });

  it('reports a final failure on stderr when no callback is given', async () => {
    const errors: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    try {
      await fixture.active(fixture.worker({}, { onFailure: undefined }));
      await fixture.schedule.schedule({ timerId: 'loud-1', kind: 'unhandled', dueAt: fixture.clock.now() });
      await fixture.settled('loud-1');
      expect(errors).toEqual([expect.stringContaining('timer loud-1 (unhandled) failed for good after 1 attempt(s)')]);
    } finally {
      spy.mockRestore();
    }
  });
});
