/**
 * A sleeping worker's doorbell. A ring between `clear()` and `wait()` is not lost: `wait` then returns at once, so
 * the worker can clear, look at the table, and wait without missing a timer armed while it looked.
 */
export class Wakeup {
  private rung = false;
  private waiter: (() => void) | undefined;

  readonly ring = (): void => {
    this.rung = true;
    this.waiter?.();
  };

  clear(): void {
    this.rung = false;
  }

  /** Resolves after `ms`, on a ring (or at once if rung since `clear`), or when `signal` aborts. */
  wait(ms: number, signal: AbortSignal): Promise<void> {
    if (this.rung || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiter = undefined;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal.addEventListener('abort', done, { once: true });
      this.waiter = done;
    });
  }
}
