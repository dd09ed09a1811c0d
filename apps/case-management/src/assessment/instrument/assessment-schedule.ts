import { dateOf, dayNumber } from './calendar-day.js';
import type { Occasion, Schedule } from './instrument.js';

export interface CaseAssessmentDates {
  /** `YYYY-MM-DD`, as every date here. */
  intakeOn: string;
  exitedOn?: string;
  /** Assessments already taken, any occasion, any order. */
  completed: ReadonlyArray<{ occasion: string; completedOn: string }>;
  today: string;
}

export type AssessmentDueStatus = 'upcoming' | 'open' | 'overdue';

export interface AssessmentDue {
  occasion: string;
  /** The first day an assessment counts for this occasion. */
  opensOn: string;
  /** The day the schedule aims at (anchor + offset). */
  targetOn: string;
  /** The last day of the window: due on it, overdue the day after. */
  dueOn: string;
  status: AssessmentDueStatus;
}

/** An occasion's window in day numbers, both edges included. */
export interface OccasionWindow {
  opens: number;
  target: number;
  closes: number;
}

export function occasionWindow(occasion: Occasion, target: number): OccasionWindow {
  return { opens: target - occasion.windowBeforeDays, target, closes: target + occasion.windowAfterDays };
}

/**
 * Whether a window is owed at all given the exit (a day number, if there is one): once care has ended, a window
 * that opens later is owed only by an occasion anchored on the exit or one that `continuesAfterExit`.
 */
export function isOwed(occasion: Occasion, window: OccasionWindow, exit: number | undefined): boolean {
  if (exit === undefined || occasion.anchor === 'exit' || occasion.continuesAfterExit) return true;
  return window.opens <= exit;
}

/**
 * The assessments a case still owes, as of `today`: every occasion of the schedule whose window is open or has
 * passed without an assessment in it, and the next one to come.
 *
 * - An assessment counts for an occasion only if it was taken inside the window, edges included. One taken too
 *   early does not count, and one taken too late leaves the occasion overdue: a funder's follow-up outside its
 *   window is not a follow-up.
 * - A repeating occasion (a reassessment every 90 days) lists only its current window and the next one: a missed
 *   window stops being listed once the next one opens, so a participant who was inactive for a year (they
 *   "cannot fail out") comes back to one reassessment, not four.
 * - After the exit, a window that opens later is not owed unless the occasion `continuesAfterExit`; an occasion
 *   anchored on the exit (the closeout) is not owed before there is one.
 * - An occasion anchored on `previous` counts from the day the occasion before it was taken in its window, or
 *   from that occasion's target while it has not been.
 */
export function assessmentsDue(schedule: Schedule, dates: CaseAssessmentDates): AssessmentDue[] {
  const intake = dayNumber(dates.intakeOn, 'intakeOn');
  const today = dayNumber(dates.today, 'today');
  // As of `today`: an exit or an assessment dated later has not happened yet, so asking about a past day gives the
  // answer that day would have given.
  const byToday = (day: number | undefined) => (day !== undefined && day <= today ? day : undefined);
  const exit = byToday(dates.exitedOn === undefined ? undefined : dayNumber(dates.exitedOn, 'exitedOn'));
  const taken = new Map<string, number[]>();
  for (const c of dates.completed) {
    const day = byToday(dayNumber(c.completedOn, 'completedOn'));
    if (day !== undefined) taken.set(c.occasion, [...(taken.get(c.occasion) ?? []), day]);
  }

  const due: Array<AssessmentDue & { order: number }> = [];
  let previous: number | undefined;
  schedule.occasions.forEach((occasion, order) => {
    const anchor = occasion.anchor === 'intake' ? intake : occasion.anchor === 'exit' ? exit : previous;
    previous = undefined;
    if (anchor === undefined) return;
    const days = taken.get(occasion.occasion) ?? [];
    let target = anchor + occasion.offsetDays;
    for (;;) {
      const window = occasionWindow(occasion, target);
      if (!isOwed(occasion, window, exit)) return;
      const takenOn = days.filter((d) => d >= window.opens && d <= window.closes).sort((a, b) => a - b)[0];
      previous = takenOn ?? target;
      const every = occasion.repeat?.everyDays;
      const next = every === undefined ? undefined : (occasion.anchor === 'previous' ? previous : target) + every;
      if (takenOn === undefined) {
        const status: AssessmentDueStatus =
          today < window.opens ? 'upcoming' : today <= window.closes ? 'open' : 'overdue';
        const superseded = next !== undefined && next - occasion.windowBeforeDays <= today;
        if (!superseded)
          due.push({
            occasion: occasion.occasion,
            opensOn: dateOf(window.opens),
            targetOn: dateOf(window.target),
            dueOn: dateOf(window.closes),
            status,
            order,
          });
        if (status === 'upcoming') return;
      }
      if (next === undefined) return;
      target = next;
    }
  });
  return due
    .sort((a, b) => a.opensOn.localeCompare(b.opensOn) || a.order - b.order)
    .map(({ order: _order, ...rest }) => rest);
}
