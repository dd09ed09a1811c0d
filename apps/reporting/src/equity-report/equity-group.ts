import { EQUITY_GROUPS as CONTRACT_EQUITY_GROUPS } from '@lead/contracts';

/**
 * The groups the equity report breaks decision points down by: HMIS 3.04 race and ethnicity as case management
 * records it at intake (one element, several answers allowed). One answer is its own group; two or more are
 * `multiple` (the justice-system import groups its rows the same way, so the front door compares like with like);
 * "doesn't know", "prefers not to answer" and "not collected" stay apart, since who declines to answer is itself worth
 * watching; `not_recorded` is a referral whose participant had no intake (yet), or whose answers were erased.
 */
export const EQUITY_GROUPS = [...CONTRACT_EQUITY_GROUPS, 'not_recorded'] as const;
export type EquityGroup = (typeof EQUITY_GROUPS)[number];

/** The group every other group's rate is compared with (OJJDP's relative rate index takes White as reference). */
export const REFERENCE_GROUP: EquityGroup = 'white';

export function equityGroupOf(raceEthnicity: readonly string[] | null): EquityGroup {
  if (raceEthnicity === null || raceEthnicity.length === 0) return 'not_recorded';
  if (raceEthnicity.length > 1) return 'multiple';
  const [answer] = raceEthnicity;
  return (EQUITY_GROUPS as readonly string[]).includes(answer) ? (answer as EquityGroup) : 'not_recorded';
}
