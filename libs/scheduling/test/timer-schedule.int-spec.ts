import type { DueTimer } from '../src/index.js';
import { SchedulingFixture } from './scheduling-fixture.js';

describe('TimerSchedule and TimerWorker: a timer fires at its instant (real PostgreSQL, manual clock)', () => {
  const fixture = new SchedulingFixture();
  const fired: DueTimer[] = [];
  const record = async (timer: DueTimer) => void fired.push(timer);

  beforeAll(() => fixture.setUp());
  afterAll(() => fixture.tearDown());
  beforeEach(async () => {
    fired.length = 0;
    await fixture.active(fixture.worker({ reminder: record }));
  });
  afterEach(() => fixture.stopAll());

  const firedIds = () => fired.map((timer) => timer.timerId);

  it('fires at its instant and not a millisecond before, once', async () => {
    const dueAt = new Date(fixture.clock.now().getTime() + 60_000);
    expect(await fixture.schedule.schedule({ timerId: 'at-instant', kind: 'reminder', dueAt, payload: { n: 1 } })).toBe(
      true,
    );
    fixture.clock.advance(59_999);
    await fixture.caughtUp();
    expect(firedIds()).not.toContain('at-instant');

    fixture.clock.advance(1);
    const settled = await fixture.settled('at-instant');
    expect(settled).toMatchObject({ outcome: 'fired', attempts: 1, lastError: null });
    expect(settled.firedAt).toEqual(dueAt);
    await fixture.caughtUp();
    expect(fired.filter((timer) => timer.timerId === 'at-instant')).toEqual([
      expect.objectContaining({ kind: 'reminder', dueAt, payload: { n: 1 }, attempt: 1 }),
    ]);
  });

  it('moves a timer scheduled again before it fired, to its new instant and payload', async () => {
    const first = new Date(fixture.clock.now().getTime() + 10_000);
    const second = new Date(fixture.clock.now().getTime() + 20_000);
    await fixture.schedule.schedule({ timerId: 'moved', kind: 'reminder', dueAt: first, payload: { v: 1 } });
    expect(
      await fixture.schedule.schedule({ timerId: 'moved', kind: 'reminder', dueAt: second, payload: { v: 2 } }),
    ).toBe(true);
    expect(await fixture.schedule.get('moved')).toMatchObject({ dueAt: second, payload: { v: 2 }, revision: 2 });

    fixture.clock.set(first);
    await fixture.caughtUp();
    expect(firedIds()).not.toContain('moved');

    fixture.clock.set(second);
    await fixture.settled('moved');
    expect(fired.filter((timer) => timer.timerId === 'moved').map((timer) => timer.payload)).toEqual([{ v: 2 }]);
  });

  it('does not arm a fired timer again', async () => {
    const dueAt = fixture.clock.now();
    await fixture.schedule.schedule({ timerId: 'once', kind: 'reminder', dueAt });
    await fixture.settled('once');

    const later = new Date(dueAt.getTime() + 5_000);
    expect(await fixture.schedule.schedule({ timerId: 'once', kind: 'reminder', dueAt: later })).toBe(false);
    fixture.clock.set(later);
    await fixture.caughtUp();
    expect(firedIds().filter((id) => id === 'once')).toHaveLength(1);
    expect(await fixture.schedule.get('once')).toMatchObject({ outcome: 'fired', dueAt, revision: 1 });
    expect((await fixture.schedule.pending('reminder')).map((timer) => timer.timerId)).not.toContain('once');
  });

  it('keeps the same arming scheduled again (a redelivery) at its revision', async () => {
    const dueAt = new Date(fixture.clock.now().getTime() + 1_000);
    const timer = { timerId: 'redelivered', kind: 'reminder', dueAt, payload: { a: [1, 2] } };
    await fixture.schedule.schedule(timer);
    expect(await fixture.schedule.schedule(timer)).toBe(true);
    expect(await fixture.schedule.get('redelivered')).toMatchObject({ revision: 1 });
    await fixture.schedule.cancel('redelivered');
  });

  it('cancels an armed timer for good', async () => {
    const dueAt = new Date(fixture.clock.now().getTime() + 5_000);
    await fixture.schedule.schedule({ timerId: 'cancelled', kind: 'reminder', dueAt });
    expect((await fixture.schedule.pending()).map((timer) => timer.timerId)).toContain('cancelled');
    expect(await fixture.schedule.cancel('cancelled')).toBe(true);
    expect(await fixture.schedule.cancel('cancelled')).toBe(false);
    expect(await fixture.schedule.schedule({ timerId: 'cancelled', kind: 'reminder', dueAt })).toBe(false);

    fixture.clock.set(new Date(dueAt.getTime() + 1));
    await fixture.caughtUp();
    expect(firedIds()).not.toContain('cancelled');
    expect(await fixture.schedule.get('cancelled')).toMatchObject({ outcome: 'cancelled', attempts: 0 });
    expect(await fixture.schedule.cancel('never-scheduled')).toBe(false);
  });

  it('forgets settled timers past the retention, oldest first, and never an armed one', async () => {
    const now = fixture.clock.now();
    // What the tests before this one settled (probes among them), out of the way.
    await fixture.schedule.deleteSettled(now, 100_000);
    await fixture.schedule.schedule({ timerId: 'old-fired', kind: 'reminder', dueAt: now });
    await fixture.settled('old-fired');
    await fixture.schedule.schedule({
      timerId: 'old-cancelled',
      kind: 'reminder',
      dueAt: new Date(now.getTime() + 60_000),
    });
    await fixture.schedule.cancel('old-cancelled');
    await fixture.schedule.schedule({
      timerId: 'armed-far-off',
      kind: 'reminder',
      dueAt: new Date(now.getTime() + 86_400_000),
    });
    fixture.clock.set(new Date(now.getTime() + 10_000));
    await fixture.schedule.schedule({ timerId: 'recent-fired', kind: 'reminder', dueAt: fixture.clock.now() });
    await fixture.settled('recent-fired');

    const settledBefore = new Date(now.getTime() + 5_000);
    // A batch at a time: the first takes one row, the rest go in the next.
    const first = await fixture.schedule.deleteSettled(settledBefore, 1);
    const rest = await fixture.schedule.deleteSettled(settledBefore, 100_000);
    expect(first).toBe(1);
    expect(rest).toBeGreaterThanOrEqual(1);
    expect(await fixture.schedule.deleteSettled(settledBefore, 100_000)).toBe(0);
    expect(await fixture.schedule.get('old-fired')).toBeUndefined();
    expect(await fixture.schedule.get('old-cancelled')).toBeUndefined();
    expect(await fixture.schedule.get('recent-fired')).toMatchObject({ outcome: 'fired' });
    expect(await fixture.schedule.get('armed-far-off')).toMatchObject({ outcome: null });
    await fixture.schedule.cancel('armed-far-off');
  });

  it('arms inside the caller’s transaction: a rollback leaves no timer', async () => {
    const client = await fixture.pool.connect();
    const dueAt = fixture.clock.now();
    try {
      await client.query('BEGIN');
      await fixture.schedule.schedule({ timerId: 'rolled-back', kind: 'reminder', dueAt }, client);
      await client.query('ROLLBACK');
      await client.query('BEGIN');
      await fixture.schedule.schedule({ timerId: 'committed', kind: 'reminder', dueAt }, client);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    await fixture.settled('committed');
    expect(await fixture.schedule.get('rolled-back')).toBeUndefined();
  });

  it('fires timers sharing an instant across pages in timer id order, each once', async () => {
    await fixture.stopAll();
    await fixture.active(fixture.worker({ reminder: record }, { pageSize: 10 }));
    const dueAt = new Date(fixture.clock.now().getTime() + 1_000);
    const ids = Array.from({ length: 25 }, (_, i) => `same-instant-${String(i).padStart(2, '0')}`);
    for (const timerId of [...ids].reverse()) await fixture.schedule.schedule({ timerId, kind: 'reminder', dueAt });
    fixture.clock.set(dueAt);
    await fixture.settled(ids[24]);
    await fixture.caughtUp();
    expect(firedIds().filter((id) => id.startsWith('same-instant-'))).toEqual(ids);
    for (const timerId of ids) expect(await fixture.schedule.get(timerId)).toMatchObject({ outcome: 'fired' });
  });

  it('does not mark a run whose timer was moved before the page’s marks: it fires again at its new instant', async () => {
    await fixture.stopAll();
    const later = new Date(fixture.clock.now().getTime() + 10_000);
    const mover = async (timer: DueTimer) => {
      fired.push(timer);
      if (timer.revision === 1)
        await fixture.schedule.schedule({ timerId: timer.timerId, kind: 'mover', dueAt: later });
    };
    await fixture.active(fixture.worker({ reminder: record, mover }));
    const dueAt = fixture.clock.now();
    await fixture.schedule.schedule({ timerId: 'page-moved', kind: 'mover', dueAt });
    await fixture.schedule.schedule({ timerId: 'page-kept', kind: 'reminder', dueAt });
    await fixture.settled('page-kept');
    await fixture.caughtUp();
    expect(await fixture.schedule.get('page-moved')).toMatchObject({ outcome: null, dueAt: later, revision: 2 });

    fixture.clock.set(later);
    expect(await fixture.settled('page-moved')).toMatchObject({ outcome: 'fired', attempts: 1, revision: 2 });
    expect(fired.filter((timer) => timer.timerId === 'page-moved').map((timer) => timer.revision)).toEqual([1, 2]);
  });

  it('wakes at once when this process arms a timer sooner than its next look', async () => {
    // A poll far beyond the test's bounds: only the in-process ring can wake the worker.
    await fixture.stopAll();
    await fixture.active(fixture.worker({ reminder: record }, { pollMs: 10 * 60_000 }));
    await fixture.caughtUp();
    await fixture.schedule.schedule({ timerId: 'rung', kind: 'reminder', dueAt: fixture.clock.now() });
    await fixture.settled('rung');
  });
});
