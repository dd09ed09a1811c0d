import { regularizedGammaQ } from './special-functions.js';

/* The chi-square distribution, for the log-rank test's p-value. Pure. */

/** P(X > x) for X ~ χ²(df): the regularized upper incomplete gamma Q(df/2, x/2). For 1 df this is erfc(√(x/2)). */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`chiSquareSurvival needs df > 0, got ${df}`);
  if (x <= 0) return 1;
  return regularizedGammaQ(df / 2, x / 2);
}
