import { regularizedBeta } from './special-functions.js';

/* Student's t distribution, for the paired pre/post interval (small cohorts: a z interval would be too narrow). Pure. */

/** P(T ≤ t) for T ~ t(df), df > 0: from the incomplete beta, P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2). */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`studentTCdf needs df > 0, got ${df}`);
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/**
 * The t quantile t(p, df): the t with studentTCdf(t, df) = p, found by bisection on the CDF. Bisection is slow
 * (about 100 halvings) but cannot fail to converge, and its accuracy is the CDF's (about 1e-12 absolute) — the
 * reports need a handful of quantiles, not millions.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`studentTQuantile needs 0 < p < 1, got ${p}`);
  if (!(df > 0)) throw new RangeError(`studentTQuantile needs df > 0, got ${df}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let low = 0;
  let high = 1;
  while (studentTCdf(high, df) < p) {
    low = high;
    high *= 2;
  }
  for (let i = 0; i < 200 && high - low > 1e-13 * Math.max(1, high); i++) {
    const mid = (low + high) / 2;
    if (studentTCdf(mid, df) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}
