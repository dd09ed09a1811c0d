/**
 * The one spelling of an instant in a referral's events and state: UTC with milliseconds (`Date#toISOString`), the
 * form the contracts publish. The HTTP edge sends instants so already (`IsInstant`); the decider spells every time it
 * stores so itself, whoever sent it (the prosecutor's decision comes over the bus), so that what is stored never
 * depends on the caller.
 *
 * Events stored before then may carry a time as it was sent, with an offset (`2026-12-02T00:01+23:59`). They are
 * read in the same spelling, so that a time copied from one event into another (the call into the arrival) is
 * canonical, and times compare as instants, never as text. A stored time that names no instant at all is kept as it
 * is: folding history must never fail, and a comparison with it refuses nothing.
 */
export function storedInstant(at: string): string {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? at : new Date(ms).toISOString();
}

/** A step's time as the decider stores it; a time that names no instant is a caller's bug, not a rule broken. */
export function stepInstant(at: string): string {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) throw new RangeError(`A step's time must be an instant, not ${JSON.stringify(at)}.`);
  return new Date(ms).toISOString();
}

/** Whether `at` is before `earlier`, as instants (false when either names none). */
export function isBefore(at: string, earlier: string): boolean {
  return Date.parse(at) < Date.parse(earlier);
}
