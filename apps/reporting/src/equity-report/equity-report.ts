import type { Rate } from '@lead/disclosure-control';
import type { Count } from '../program-report/figure-table.js';
import type { ReportedPeriod } from '../program-report/program-report.js';
import type { EquityGroup } from './equity-group.js';

/** A group's relative rate index against the reference group, with its 95% interval (Katz log method). */
export interface ReleasedRelativeRate {
  index: number;
  lower: number;
  upper: number;
  unstable: boolean;
}

export interface EquityCell {
  group: EquityGroup;
  /** People of the group at this decision point. */
  count: Count;
  /** People of the group at the point before (the rate's denominator). */
  base: Count;
  rate: Rate;
  /** Null for the reference group itself, when a count is 0 or withheld, or the reference has no rate. */
  relativeRate: ReleasedRelativeRate | null;
}

export interface EquityDecisionPoint {
  point: string;
  /** The point whose people are this one's denominator; null for the first (the referral's share of all). */
  after: string | null;
  whole: { count: Count; base: Count; rate: Rate };
  groups: EquityCell[];
}

/**
 * Race and ethnicity at every decision point of one jurisdiction's period: each group's count, its rate from the
 * point before beside the whole jurisdiction's, and its relative rate index against the reference group. The cohort
 * is the referrals made in the period, as far as each had gone by `asOf`.
 */
export interface EquityReport {
  jurisdiction: string;
  period: ReportedPeriod;
  asOf: string;
  suppressedBelow: number | null;
  referenceGroup: EquityGroup;
  decisionPoints: EquityDecisionPoint[];
  /**
   * The front door: arrest-diversion referrals per arrest of the same group in the same districts and months, where
   * the justice-system import counted arrests of people outside LEAD (its comparison cohort). Null without such a feed.
   */
  frontDoor: {
    districts: string[];
    groups: Array<{
      group: EquityGroup;
      referrals: Count;
      arrests: Count;
      rate: Rate;
      relativeRate: ReleasedRelativeRate | null;
    }>;
  } | null;
  exitsByReason: Array<{ group: EquityGroup; byReason: Record<string, Count> }>;
}
