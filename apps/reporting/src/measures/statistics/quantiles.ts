/*
 * Medians, percentiles and "share within a limit" of a measure over people (e.g. days from referral to first contact,
 * days in the program). Pure.
 *
 * Definition (used by every function here): the sample quantile of Hyndman & Fan (1996) type 7 — linear interpolation
 * between closest ranks, R's `quantile()` default, Excel's PERCENTILE.INC and NumPy's default. For n sorted values
 * x[0..n−1] and a fraction q = p/100, h = (n − 1)·q and Q = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]). It never lies
 * outside the data, and its median is the textbook median (the middle value, or the mean of the two middle ones), so a
 * report's median and its percentiles agree with each other and with the evaluators' R output.
 */

function sortedFinite(values: readonly number[]): number[] {
  for (const value of values) {
    // A NaN would sort arbitrarily and silently move every quantile: a caller's bug, not a data point.
    if (!Number.isFinite(value)) throw new RangeError(`quantiles need finite values, got ${value}`);
  }
  return [...values].sort((a, b) => a - b);
}

/** The p-th percentile (0 ≤ p ≤ 100) by linear interpolation between closest ranks (type 7); null when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile needs 0 <= p <= 100, got ${p}`);
  if (values.length === 0) return null;
  const sorted = sortedFinite(values);
  const h = (sorted.length - 1) * (p / 100);
  const below = Math.floor(h);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
}

/** The median: percentile 50, i.e. the middle value or the mean of the two middle values; null when empty. */
export function median(values: readonly number[]): number | null {
  return percentile(values, 50);
}

/**
 * The share (0..1) of values at most `limit` (inclusive: "contacted within 30 days" counts day 30); null when empty,
 * so that a report shows "no referrals" rather than 0%.
 */
export function shareWithin(values: readonly number[], limit: number): number | null {
  if (values.length === 0) return null;
  return sortedFinite(values).filter((value) => value <= limit).length / values.length;
}
