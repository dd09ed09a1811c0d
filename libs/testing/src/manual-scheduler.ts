import type { SweepScheduler } from '@lead/platform';

interface Scheduled {
  run: () => Promise<void>;
  delayMs: number;
  cancelled: boolean;
}

/** A `SweepScheduler` the test drives: nothing runs until `fire()`, so no assertion depends on time passing. */
export class ManualScheduler {
  private readonly scheduled: Scheduled[] = [];
  /** The delays asked for so far, in order (fired and cancelled ones included). */
  readonly delays: number[] = [];

  readonly schedule: SweepScheduler = (run, delayMs) => {
    const entry: Scheduled = { run, delayMs, cancelled: false };
    this.scheduled.push(entry);
    this.delays.push(delayMs);
    return () => void (entry.cancelled = true);
  };

  /** The run waiting to be fired, if any (not cancelled, not fired yet). */
  get pending(): Scheduled | undefined {
    return this.scheduled.find((entry) => !entry.cancelled);
  }

  /** Runs the pending run as its timer would, and waits for it (and the scheduling of the next) to finish. */
  async fire(): Promise<void> {
    const entry = this.pending;
    if (!entry) throw new Error('nothing is scheduled');
    this.scheduled.splice(this.scheduled.indexOf(entry), 1);
    await entry.run();
  }
}
