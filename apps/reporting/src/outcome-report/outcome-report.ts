import type { Rate } from '@lead/disclosure-control';
import type { LogRankTest } from '../measures/statistics/kaplan-meier.js';
import type { OddsRatio } from '../measures/statistics/odds-ratio.js';
import type { Count } from '../program-report/figure-table.js';
import type { ReportedPeriod } from '../program-report/program-report.js';

/**
 * A count per person before and after entry over same-length windows, with the paired 95% t interval of the mean
 * difference (after − before). Totals and means are withheld for evaluators where a total is a small cell; every
 * paired figure with either of them (the difference would give the other back).
 */
export interface PrePostFigure {
  totalBefore: Count;
  totalAfter: Count;
  meanBefore: number | null;
  meanAfter: number | null;
  meanDifference: number | null;
  lower: number | null;
  upper: number | null;
  pValue: number | null;
  /** Fewer than 20 persons (or withheld): shown, but not to be compared or read as a trend. */
  unstable: boolean;
}

/** Events per person-year of follow-up, before and after entry (same person-years each side). */
export interface PersonYearRate {
  before: Count;
  after: Count;
  beforePerPersonYear: number | null;
  afterPerPersonYear: number | null;
  /** Fewer than 20 events on either side (or withheld): a rate that one person's stay can move. */
  unstable: boolean;
}

export interface CurveStep {
  day: number;
  atRisk: number;
  /** Withheld for evaluators (a step's events and censorings are single people). */
  events: Count;
  censored: Count;
  survival: number;
  lower: number;
  upper: number;
}

/** A Kaplan–Meier curve of time to first re-arrest. */
export interface SurvivalCurve {
  persons: Count;
  rearrested: Count;
  /** First day Ŝ ≤ 0.5; null when not reached (or, for evaluators, where fewer than 11 were at risk). */
  medianDays: number | null;
  steps: CurveStep[];
  /** Set for evaluators: steps with fewer at risk than this are not shown (the curve ends there). */
  shownWhileAtRiskAtLeast: number | null;
}

export interface ArrestWithinFigure {
  persons: Count;
  arrested: Count;
  share: Rate;
}

export interface OutcomeReport {
  jurisdiction: string;
  period: ReportedPeriod;
  asOf: string;
  suppressedBelow: number | null;
  /** Participants whose entry (their first accepted referral's local day) fell in the period. */
  participants: Count;
  followUp: {
    /** The latest day any justice-system import known by `asOf` is complete through; null: no import yet. */
    coveredThrough: string | null;
    /** Where follow-up ends: `coveredThrough`, or the local day of `asOf` if earlier. */
    censoredOn: string | null;
    /** Participants followed at least one day after entry, and at least 183. */
    followed: Count;
    followedSixMonths: Count;
    /** Person-years followed after entry (the same again before it, in the whole-window measures). */
    personYears: number | null;
  };
  /** 183 days before against 183 after, participants followed 183 days. */
  sixMonths: { persons: Count; arrests: PrePostFigure; charges: PrePostFigure; felonyCharges: PrePostFigure };
  /** Each participant's whole follow-up after entry against the same number of days before it. */
  wholeWindow: { persons: Count; arrests: PrePostFigure; charges: PrePostFigure; felonyCharges: PrePostFigure };
  custody: {
    personYears: number | null;
    bookings: PersonYearRate;
    jailDays: PersonYearRate;
    prisonAdmissions: PersonYearRate;
  };
  rearrest: {
    participants: SurvivalCurve;
    /** The comparison cohort's curve (index quarters overlapping the period); null without a complete import. */
    comparison: SurvivalCurve | null;
    comparisonId: string | null;
    logRank: LogRankTest | null;
  };
  arrestWithinSixMonths: {
    participants: ArrestWithinFigure;
    comparison: ArrestWithinFigure | null;
    /** Comparison people censored before day 183: left out of the ratio (not known to be arrest-free). */
    comparisonCensoredBefore: Count;
    /** Participants against comparison; below 1: participants less likely to be arrested. */
    oddsRatio: OddsRatio | null;
  };
}
