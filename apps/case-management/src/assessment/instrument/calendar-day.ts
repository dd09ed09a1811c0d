/**
 * Assessment schedules count calendar days, not hours: `YYYY-MM-DD` read as a UTC date, so that neither a
 * server's time zone nor a change to daylight saving time moves a due date.
 */
const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date; a caller passing anything else has a bug, not a late case. */
export function dayNumber(date: string, what = 'date'): number {
  const ms = ISO_DATE.test(date) ? Date.parse(`${date}T00:00:00Z`) : NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date)
    throw new RangeError(`${what} must be a calendar date YYYY-MM-DD, not ${JSON.stringify(date)}`);
  return ms / DAY_MS;
}

export function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
