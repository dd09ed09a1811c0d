/**
 * Where a timer's "now" comes from. Timers are compared against this clock, never against the database's `now()`,
 * so a test moves time with a `ManualClock` and the worker fires exactly what is due at that instant.
 */
export interface Clock {
  now(): Date;
  /**
   * For clocks that jump (a test's `ManualClock`): calls `listener` each time the clock moves, so a sleeping worker
   * looks again at once instead of at its next poll. Returns the unsubscribe. The system clock never jumps.
   */
  onMove?(listener: () => void): () => void;
}

export const systemClock: Clock = { now: () => new Date() };
