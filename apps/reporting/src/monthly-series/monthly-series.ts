import type { Rate } from '@lead/disclosure-control';
import type { Count } from '../program-report/figure-table.js';
import type { CountsBy, ReportedPeriod } from '../program-report/program-report.js';

/** An indicator's count among the same people at their baseline and in this month. */
export interface AgainstBaseline {
  baseline: Count;
  now: Count;
  baselineShare: Rate;
  nowShare: Rate;
}

export interface SeriesMonth {
  /** 1 … 18: the calendar month this many months after the entry month. */
  monthAfterEntry: number;
  /** Participants for whom that month had ended by `asOf`. */
  reached: Count;
  /** Of them, those with a snapshot of the month. */
  persons: Count;
  /** HMIS living-situation group at the month's end. */
  housing: CountsBy;
  employment: CountsBy;
  /** Answered yes. */
  income: Count;
  nonCashBenefits: Count;
  healthInsurance: Count;
  /** The people of this month who have a baseline, at their baseline and now. */
  againstBaseline: {
    persons: Count;
    permanentHousing: AgainstBaseline;
    homeless: AgainstBaseline;
    employed: AgainstBaseline;
    income: AgainstBaseline;
    nonCashBenefits: AgainstBaseline;
    healthInsurance: AgainstBaseline;
  };
}

/**
 * Housing, employment, income and benefits of the participants who entered in the period, month by month for 18
 * months after entry (UW's design), each against the person's baseline: the snapshot of the month before referral
 * when case management has one, else their first snapshot within two months after entry (labelled: it is already
 * in the program, so it understates change).
 */
export interface MonthlySeries {
  jurisdiction: string;
  period: ReportedPeriod;
  asOf: string;
  suppressedBelow: number | null;
  participants: Count;
  baseline: { monthBeforeReferral: Count; firstSnapshot: Count; none: Count };
  months: SeriesMonth[];
}
