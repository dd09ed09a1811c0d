/*
 * Days as the jurisdiction's clocks show them. A deadline of "30 days" ends at the end of a local calendar day, so
 * an intake at 23:30 in Denver on the last day is in time though it is already the next day in UTC, and a change to
 * daylight saving time inside the window neither adds nor removes an hour. Pure: Intl's time-zone data only.
 */

const DAY_MS = 86_400_000;
const formats = new Map<string, Intl.DateTimeFormat>();

function formatIn(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** The wall-clock reading of `instant` in `timeZone`, as milliseconds of a UTC calendar (the zone's offset added). */
function wallClock(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatIn(timeZone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
}

/** The local calendar day (YYYY-MM-DD) of an instant in `timeZone`. */
export function localDayOf(instant: string | Date, timeZone: string): string {
  return new Date(wallClock(new Date(instant).getTime(), timeZone)).toISOString().slice(0, 10);
}

/** A calendar day plus whole days (calendar arithmetic: no zone, no hours). */
export function addCalendarDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The instant local midnight begins `day` in `timeZone`. The offset is read at the guess and read again at the
 * corrected guess, which settles it on either side of a daylight-saving change (US changes happen at 02:00, never
 * at midnight, so midnight always exists once).
 */
export function startOfLocalDay(day: string, timeZone: string): Date {
  const midnight = Date.parse(`${day}T00:00:00.000Z`);
  let instant = midnight;
  for (let i = 0; i < 3; i++) instant = midnight - (wallClock(instant, timeZone) - instant);
  return new Date(instant);
}

/** The first instant after `day` ends in `timeZone`: where a deadline "by the end of `day`" runs out. */
export function endOfLocalDay(day: string, timeZone: string): Date {
  return startOfLocalDay(addCalendarDays(day, 1), timeZone);
}
