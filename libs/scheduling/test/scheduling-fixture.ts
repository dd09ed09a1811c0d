import { eventually, isolatedSchema, type IsolatedSchema } from '@lead/testing';
import { randomBytes } from 'node:crypto';
import {
  ManualClock,
  migrateScheduling,
  TimerSchedule,
  TimerWorker,
  type StoredTimer,
  type TimerHandler,
  type TimerWorkerOptions,
} from '../src/index.js';

/**
 * A schema of its own with the timers table, a manual clock, a schedule, and workers that also answer "probe"
 * timers: `caughtUp()` proves the running worker has finished every look at the table up to the clock's now.
 */
export class SchedulingFixture {
  readonly clock = new ManualClock('2025-03-01T09:00:00.000Z');
  readonly workers: TimerWorker[] = [];
  schedule!: TimerSchedule;
  private database!: IsolatedSchema;

  get pool() {
    return this.database.pool;
  }

  get schema() {
    return this.database.schema;
  }

  async setUp(): Promise<void> {
    this.database = await isolatedSchema('sched');
    await migrateScheduling(this.pool, this.schema);
    this.schedule = new TimerSchedule({ pool: this.pool, schema: this.schema, clock: this.clock });
  }

  async tearDown(): Promise<void> {
    await this.stopAll();
    await this.database.drop();
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((worker) => worker.stop()));
  }

  /** A started worker on the fixture's schema and clock; fast lease hand-over and backoff for tests. */
  worker(handlers: Record<string, TimerHandler>, options: Partial<TimerWorkerOptions> = {}): TimerWorker {
    const worker = new TimerWorker({
      pool: this.pool,
      schema: this.schema,
      clock: this.clock,
      handlers: { probe: async () => undefined, ...handlers },
      leaseRetryMs: 20,
      pollMs: 200,
      onFailure: () => undefined,
      onCycleFailure: () => undefined,
      ...options,
    });
    this.workers.push(worker);
    return worker.start();
  }

  async active(worker: TimerWorker): Promise<void> {
    await eventually(
      () => worker.state,
      (state) => state === 'active',
      `${worker.name} to hold its lease`,
    );
  }

  /** Resolves when the timer has left the schedule. */
  async settled(timerId: string): Promise<StoredTimer> {
    const timer = await eventually(
      () => this.schedule.get(timerId),
      (stored) => stored?.firedAt != null,
      `timer ${timerId} to settle`,
    );
    return timer!;
  }

  /**
   * Two probes due now, one after the other have fired: the look that fired the first also took every timer due
   * up to now (in due order, after it), and the second comes from a later look, so every such timer is handled.
   */
  async caughtUp(): Promise<void> {
    for (let i = 0; i < 2; i++) {
      const timerId = `probe-${randomBytes(4).toString('hex')}`;
      await this.schedule.schedule({ timerId, kind: 'probe', dueAt: this.clock.now() });
      await this.settled(timerId);
    }
  }

  /** The instant `ms` after the clock's start. */
  at(ms: number): Date {
    return new Date(Date.parse('2025-03-01T09:00:00.000Z') + ms);
  }
}
