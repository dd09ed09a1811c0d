import type { Clock } from './clock.js';

/**
 * A clock a test moves by hand. Each move tells the waiters (a `TimerWorker` sleeping until the next due timer),
 * so a timer due at the new instant fires without waiting for the worker's poll, and no assertion depends on real
 * time passing.
 */
export class ManualClock implements Clock {
  private current: number;
  private readonly listeners = new Set<() => void>();

  constructor(start: Date | string = '2025-01-01T00:00:00.000Z') {
    this.current = ManualClock.instant(new Date(start));
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves to `date` (backwards too: a test of a clock that was wrong). */
  set(date: Date | string): Date {
    this.current = ManualClock.instant(new Date(date));
    this.moved();
    return this.now();
  }

  /** Moves forward by `ms` and returns the new instant. */
  advance(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance takes a non-negative duration, got ${ms}`);
    this.current += ms;
    this.moved();
    return this.now();
  }

  onMove(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private moved(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private static instant(date: Date): number {
    const ms = date.getTime();
    if (Number.isNaN(ms)) throw new RangeError('ManualClock takes a valid date');
    return ms;
  }
}
