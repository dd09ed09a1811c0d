import { studentTCdf, studentTQuantile } from './t-distribution.js';

/*
 * Pre/post change of a count per person around program entry (e.g. arrests in the 6 months before entry against the 6
 * months after, as the LEAD evaluations report alongside the comparison). Each person is their own control, so the
 * interval is the paired one — on the per-person differences — which is narrower than comparing two independent means
 * because a person's before and after counts are correlated. The t distribution (not z) is used because cohorts are
 * small; with n people it has n − 1 degrees of freedom. Pure.
 */

/** One person's count in the window before entry and in the window of the same length after it. */
export interface PrePostCounts {
  before: number;
  after: number;
}

export interface PrePostChange {
  persons: number;
  meanBefore: number;
  meanAfter: number;
  /** mean(after − before): negative when the count fell after entry. */
  meanDifference: number;
  /** The sample standard deviation (n − 1) of the differences; null for one person. */
  standardDeviation: number | null;
  /** The paired 95% interval mean ± t(0.975, n − 1)·sd/√n; null for one person. */
  lower: number | null;
  upper: number | null;
  /** The paired t statistic and its two-sided p-value; null for one person or when every difference is the same. */
  t: number | null;
  pValue: number | null;
}

/**
 * The mean before, after, and the mean paired difference (after − before) with its 95% t interval and paired t test.
 * null for no one.
 */
export function prePostChange(people: readonly PrePostCounts[]): PrePostChange | null {
  for (const { before, after } of people) {
    if (!Number.isFinite(before) || !Number.isFinite(after)) {
      throw new RangeError(`counts must be finite, got ${before} and ${after}`);
    }
  }
  const n = people.length;
  if (n === 0) return null;
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const differences = people.map(({ before, after }) => after - before);
  const meanBefore = mean(people.map(({ before }) => before));
  const meanAfter = mean(people.map(({ after }) => after));
  const meanDifference = mean(differences);
  const unpaired = { persons: n, meanBefore, meanAfter, meanDifference };
  if (n < 2) return { ...unpaired, standardDeviation: null, lower: null, upper: null, t: null, pValue: null };
  const variance = differences.reduce((sum, value) => sum + (value - meanDifference) ** 2, 0) / (n - 1);
  const standardDeviation = Math.sqrt(variance);
  const standardError = standardDeviation / Math.sqrt(n);
  const halfWidth = studentTQuantile(0.975, n - 1) * standardError;
  // With every difference equal the interval is that one value and there is no t statistic (0/0 or ±∞).
  const t = standardError > 0 ? meanDifference / standardError : null;
  return {
    ...unpaired,
    standardDeviation,
    lower: meanDifference - halfWidth,
    upper: meanDifference + halfWidth,
    t,
    pValue: t === null ? null : 2 * studentTCdf(-Math.abs(t), n - 1),
  };
}
