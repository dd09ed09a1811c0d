import { erfc } from './special-functions.js';

/*
 * The standard normal distribution: the z of every 95% interval computed on the log scale (relative rate index, odds
 * ratio, the survival curve's log-log band). Pure.
 */

/** Φ(z), the standard normal distribution function, as erfc(−z/√2)/2 (accurate in both tails). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/*
 * Acklam's rational approximation to Φ⁻¹ (relative error < 1.15e-9), then one Halley step against normalCdf, which
 * brings it to about machine precision (the refinement Acklam himself recommends).
 */
const ACKLAM_A = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
];
const ACKLAM_B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const ACKLAM_C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const ACKLAM_D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const ACKLAM_LOW = 0.02425;

/** Φ⁻¹(p), the standard normal quantile, 0 < p < 1. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  const [a, b, c, d] = [ACKLAM_A, ACKLAM_B, ACKLAM_C, ACKLAM_D];
  let x: number;
  if (p < ACKLAM_LOW || p > 1 - ACKLAM_LOW) {
    const q = Math.sqrt(-2 * Math.log(p < ACKLAM_LOW ? p : 1 - p));
    x =
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    if (p > 1 - ACKLAM_LOW) x = -x;
  } else {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
      (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/**
 * z for a two-sided 95% interval, Φ⁻¹(0.975) = 1.959963984540054 (not the rounded 1.96, so that the intervals agree
 * with R and Stata to the digits the reports print).
 */
export const Z_95 = normalQuantile(0.975);
