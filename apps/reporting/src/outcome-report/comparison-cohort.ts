import type { LifeTableRow } from '../measures/statistics/kaplan-meier.js';

/*
 * The comparison cohort as the referrals service publishes it (lead.justice.comparison-counted): people of the
 * justice-system extract who never entered LEAD, as aggregates only, in parts. Pure.
 */

export interface ComparisonSurvivalCell {
  district: string;
  indexYear: number;
  indexQuarter: number;
  equityGroup: string;
  day: number;
  outcome: 'rearrested' | 'censored';
  people: number;
}

/** One part of one import's comparison counts, as recorded. */
export interface ComparisonPart {
  comparisonId: string;
  coveredThrough: string;
  part: number;
  parts: number;
  recordedAt: string;
  survival: ComparisonSurvivalCell[];
}

export interface ComparisonCohort {
  comparisonId: string;
  coveredThrough: string;
  survival: ComparisonSurvivalCell[];
}

/**
 * The comparison to compare with: of the imports whose every part was recorded by the report's instant, the one
 * complete through the latest day (then the latest recorded). A later extract is taken to supersede an earlier one:
 * comparison people cannot be linked across imports, so two imports are never added up (a person in both would
 * count twice). An import with a part missing is not used until it is whole.
 */
export function latestComparison(parts: readonly ComparisonPart[]): ComparisonCohort | null {
  const byId = new Map<string, Map<number, ComparisonPart>>();
  for (const part of parts) {
    const found = byId.get(part.comparisonId) ?? new Map<number, ComparisonPart>();
    found.set(part.part, part);
    byId.set(part.comparisonId, found);
  }
  const complete = [...byId.values()]
    .map((found) => [...found.values()].sort((a, b) => a.part - b.part))
    .filter((found) => found.length === found[0].parts && found.every((p, i) => p.part === i + 1));
  const latest = (found: ComparisonPart[]) => found.reduce((at, p) => (p.recordedAt > at ? p.recordedAt : at), '');
  complete.sort((a, b) => b[0].coveredThrough.localeCompare(a[0].coveredThrough) || latest(b).localeCompare(latest(a)));
  const chosen = complete[0];
  if (!chosen) return null;
  return {
    comparisonId: chosen[0].comparisonId,
    coveredThrough: chosen[0].coveredThrough,
    survival: chosen.flatMap((p) => p.survival),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
const quarterStart = (year: number, quarter: number) =>
  quarter > 4 ? `${year + 1}-01-01` : `${year}-${pad((quarter - 1) * 3 + 1)}-01`;

/**
 * The comparison's life table for a period: the people whose index arrest fell in a calendar quarter overlapping the
 * period's days (for a month, its quarter: the cells are kept by quarter), all districts and groups together.
 */
export function comparisonLifeTable(
  cohort: ComparisonCohort,
  period: { firstDay: string; endDay: string },
): LifeTableRow[] {
  return cohort.survival
    .filter(
      (cell) =>
        quarterStart(cell.indexYear, cell.indexQuarter) < period.endDay &&
        quarterStart(cell.indexYear, cell.indexQuarter + 1) > period.firstDay,
    )
    .map((cell) => ({
      day: cell.day,
      events: cell.outcome === 'rearrested' ? cell.people : 0,
      censored: cell.outcome === 'censored' ? cell.people : 0,
    }));
}

/**
 * Any arrest within `days` of the index, for the odds ratio: re-arrested by then, or followed that long without one.
 * People censored before `days` are left out of both (`censoredBefore`): whether they would have been arrested in
 * the window is unknown, and counting them as not arrested would bias the comparison's odds down.
 */
export function arrestedWithin(
  rows: readonly LifeTableRow[],
  days: number,
): { arrested: number; persons: number; censoredBefore: number } {
  let arrested = 0;
  let notArrested = 0;
  let censoredBefore = 0;
  for (const row of rows) {
    if (row.day <= days) arrested += row.events;
    else notArrested += row.events;
    if (row.day >= days) notArrested += row.censored;
    else censoredBefore += row.censored;
  }
  return { arrested, persons: arrested + notArrested, censoredBefore };
}
