import { addDays, daysBetween } from '../outcome-report/justice-history.js';

/** A case's enrolment changes: opened, exited, re-enrolled, by local day in the order they happened. */
export interface CaseHistory {
  caseId: string;
  participantId: string;
  changes: Array<{ day: string; change: 'opened' | 'exited' | 'reenrolled' }>;
}

/**
 * Days a case was enrolled within [from, to) (local days, `to` excluded): from its opening or re-enrolment day up to
 * the day before its exit (the exit day is not a day of case management), and up to `to` while still open. Pure.
 */
export function enrolledDays(history: CaseHistory, from: string, to: string): number {
  let days = 0;
  let since: string | null = null;
  const overlap = (start: string, end: string) => {
    const a = start > from ? start : from;
    const b = end < to ? end : to;
    return a < b ? daysBetween(a, b) : 0;
  };
  for (const { day, change } of history.changes) {
    if (change === 'exited') {
      if (since !== null) days += overlap(since, day);
      since = null;
    } else since ??= day;
  }
  if (since !== null) days += overlap(since, to);
  return days;
}

/** The days after entry a follow-up covers, as a half-open range: day 1 … `followedDays` after `entryDay`. */
export function followUpRange(entryDay: string, followedDays: number): { from: string; to: string } {
  return { from: addDays(entryDay, 1), to: addDays(entryDay, followedDays + 1) };
}
