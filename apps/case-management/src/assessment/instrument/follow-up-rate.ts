import { isOwed, occasionWindow } from './assessment-schedule.js';
import { dayNumber } from './calendar-day.js';
import type { Occasion } from './instrument.js';

export interface FollowUpCase {
  intakeOn: string;
  /** The baseline assessment; a case without one owes no follow-up (there is nothing to follow up). */
  baselineOn?: string;
  reassessedOn?: string;
  exitedOn?: string;
}

export interface FollowUpRate {
  /** Cases whose follow-up is owed and settled: the window has closed, or the reassessment was taken in it. */
  eligible: number;
  /** Of those, the ones reassessed inside the window. */
  followedUp: number;
  /** `followedUp / eligible`; null while no case is eligible. */
  rate: number | null;
  meetsTarget: boolean;
  /** Fewer than 20 eligible cases: report the rate, flagged as unstable (DOMAIN.md, small cells). */
  unstable: boolean;
}

/** SAMHSA's grant target: at least 80% of intakes followed up. */
export const FOLLOW_UP_TARGET = 0.8;
const UNSTABLE_BELOW = 20;

/**
 * The share of intakes followed up, SAMHSA style, for one instrument's reassessment occasion (its window comes from
 * the configuration: 180 ± 30 days for `samhsa-suprt`). A case joins the denominator once its window has closed,
 * or earlier if it was already reassessed inside it; a reassessment outside the window does not count. A case that
 * exited before the window opened is left out unless the occasion `continuesAfterExit`.
 */
export function followUpRate(
  cases: readonly FollowUpCase[],
  today: string,
  reassessment: Occasion,
  target = FOLLOW_UP_TARGET,
): FollowUpRate {
  if (reassessment.anchor !== 'intake' || reassessment.repeat)
    throw new RangeError(
      `A follow-up rate needs a single reassessment counted from the intake, not "${reassessment.occasion}"`,
    );
  const todayDay = dayNumber(today, 'today');
  let eligible = 0;
  let followedUp = 0;
  // As of `today`: what is dated later had not happened yet, so a report rerun for a past date gives the same figures.
  const byToday = (date: string | undefined, what: string): number | undefined => {
    const day = date === undefined ? undefined : dayNumber(date, what);
    return day !== undefined && day <= todayDay ? day : undefined;
  };
  for (const c of cases) {
    if (byToday(c.baselineOn, 'baselineOn') === undefined) continue;
    const window = occasionWindow(reassessment, dayNumber(c.intakeOn, 'intakeOn') + reassessment.offsetDays);
    if (!isOwed(reassessment, window, byToday(c.exitedOn, 'exitedOn'))) continue;
    const reassessed = byToday(c.reassessedOn, 'reassessedOn');
    const inWindow = reassessed !== undefined && reassessed >= window.opens && reassessed <= window.closes;
    if (inWindow) {
      eligible += 1;
      followedUp += 1;
    } else if (todayDay > window.closes) eligible += 1;
  }
  const rate = eligible === 0 ? null : followedUp / eligible;
  return {
    eligible,
    followedUp,
    rate,
    meetsTarget: rate !== null && rate >= target,
    unstable: eligible < UNSTABLE_BELOW,
  };
}
