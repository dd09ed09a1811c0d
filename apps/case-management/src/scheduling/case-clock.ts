import { systemClock, type Clock } from '@lead/scheduling';

/**
 * The clock the case-management service reads (the server's "now" of every command, and the timers' "now"): the
 * system's, unless a test drives it with a `ManualClock` (`app.get(CaseClock).drive(clock)`) to move time across
 * day counts. Listeners of `onMove` follow whichever clock drives it.
 */
export class CaseClock implements Clock {
  private source: Clock = systemClock;
  private readonly listeners = new Set<() => void>();
  private unsubscribe: (() => void) | undefined;

  now(): Date {
    return this.source.now();
  }

  onMove(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads `clock` from now on (tests). */
  drive(clock: Clock): void {
    this.unsubscribe?.();
    this.source = clock;
    this.unsubscribe = clock.onMove?.(() => {
      for (const listener of this.listeners) listener();
    });
    for (const listener of this.listeners) listener();
  }
}
