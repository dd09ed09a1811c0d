import { systemClock, type Clock } from '../clock.js';

/** The clock a service reads (`ServiceClock`), injected by this token where a use case needs "now". */
export const CLOCK = Symbol('CLOCK');

/**
 * The clock a service reads (the server's "now" of every command, and its timers' "now"): the system's, unless a
 * test drives it with a `ManualClock` (`app.get(ServiceClock).drive(clock)`) to move time across a deadline or a
 * day count. Listeners of `onMove` follow whichever clock drives it.
 */
export class ServiceClock implements Clock {
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

/** `ServiceClock`, and `CLOCK` naming it. */
export const clockProviders = [ServiceClock, { provide: CLOCK, useExisting: ServiceClock }];
