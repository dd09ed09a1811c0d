import type { EquityGroup } from './import-justice-records/race-ethnicity.js';

/** Counts of one cell of the comparison cohort: rows of people who never entered LEAD, never the people. */
export interface ComparisonCountCell {
  district: string;
  /** YYYY-MM of the events counted. */
  month: string;
  equityGroup: EquityGroup;
  arrests: number;
  charges: number;
  felonyCharges: number;
  bookings: number;
  jailDays: number;
  prisonAdmissions: number;
}

/**
 * How many comparison people, first arrested in the file in `indexYear` / `indexQuarter` (district and group of that arrest),
 * were arrested again `day` days later (`rearrested`), or were seen `day` days without one up to the import's
 * `coveredThrough` (`censored`).
 */
export interface ComparisonSurvivalCell {
  district: string;
  indexYear: number;
  /** 1 to 4. */
  indexQuarter: number;
  equityGroup: EquityGroup;
  day: number;
  outcome: 'rearrested' | 'censored';
  people: number;
}

/** The domain events of one import's comparison counts (stream `justicecomparison-<comparisonId>`), version 1. */
export type JusticeComparisonEvent = JusticeComparisonCounted;

/**
 * One part of an import's comparison cohort: the cells are split over `parts` events (appended together) so that
 * each stays a small message on the bus.
 */
export interface JusticeComparisonCounted {
  type: 'JusticeComparisonCounted';
  comparisonId: string;
  importId: string;
  jurisdiction: string;
  coveredThrough: string;
  part: number;
  parts: number;
  counts: ComparisonCountCell[];
  survival: ComparisonSurvivalCell[];
  countedAt: string;
}
