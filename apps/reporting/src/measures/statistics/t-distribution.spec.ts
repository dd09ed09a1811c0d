import { studentTCdf, studentTQuantile } from './t-distribution.js';

/*
 * Expected values: the two-sided t table as printed in most textbooks (e.g. Altman, Practical Statistics for Medical
 * Research, 1991, Table B4), to its three decimals, plus the exact closed forms for 1 df (Cauchy: t = tan(π(p − ½)))
 * and 2 df (t = (2p − 1)/√(2p(1 − p))), to twelve.
 */
describe('studentTQuantile', () => {
  it.each([
    [0.975, 10, 2.228],
    [0.975, 9, 2.262],
    [0.975, 30, 2.042],
    [0.95, 5, 2.015],
    [0.995, 20, 2.845],
  ])('t(%p, %p) = %p as in the table', (p, df, expected) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(expected, 3);
  });

  it('matches the closed form for 1 df: t(0.975, 1) = tan(0.475π) = 12.7062', () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(Math.tan(0.475 * Math.PI), 10);
  });

  it('matches the closed form for 2 df: t(0.9, 2) = 0.8/√0.18 = 1.885618', () => {
    expect(studentTQuantile(0.9, 2)).toBeCloseTo(0.8 / Math.sqrt(0.18), 11);
  });

  it('is symmetric and 0 at the median', () => {
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-studentTQuantile(0.975, 10), 12);
    expect(studentTQuantile(0.5, 7)).toBe(0);
  });

  it('approaches the normal quantile for many df', () => {
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959963984540054, 5);
  });

  it('refuses p outside (0, 1) and df ≤ 0', () => {
    expect(() => studentTQuantile(1, 10)).toThrow(RangeError);
    expect(() => studentTQuantile(0.975, 0)).toThrow(RangeError);
  });
});

describe('studentTCdf', () => {
  it('matches the closed form for 1 df: P(T ≤ t) = ½ + arctan(t)/π', () => {
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 13);
    expect(studentTCdf(-2, 1)).toBeCloseTo(0.5 + Math.atan(-2) / Math.PI, 13);
  });

  it('matches the closed form for 2 df: P(T ≤ t) = ½ + t/(2√(2 + t²))', () => {
    expect(studentTCdf(1.5, 2)).toBeCloseTo(0.5 + 1.5 / (2 * Math.sqrt(2 + 2.25)), 13);
  });

  it('inverts studentTQuantile', () => {
    expect(studentTCdf(studentTQuantile(0.975, 10), 10)).toBeCloseTo(0.975, 12);
  });
});
