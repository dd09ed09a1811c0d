import { erfc, logGamma, regularizedBeta, regularizedGammaP, regularizedGammaQ } from './special-functions.js';

/*
 * Expected values are closed forms recomputed by hand in each comment; the erfc values are those of Abramowitz &
 * Stegun, Handbook of Mathematical Functions (1964), Table 7.1 (erf 0.5 = 0.5204998778, erf 1 = 0.8427007929).
 */
describe('logGamma', () => {
  it('matches Γ(1/2) = √π, Γ(1) = Γ(2) = 1 and Γ(10) = 9! = 362880', () => {
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(2)).toBeCloseTo(0, 13);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
  });

  it('satisfies Γ(x + 1) = x·Γ(x) at a non-integer (reflection branch included)', () => {
    expect(logGamma(3.7) - logGamma(2.7)).toBeCloseTo(Math.log(2.7), 12);
    expect(logGamma(1.3) - logGamma(0.3)).toBeCloseTo(Math.log(0.3), 12);
  });

  it('refuses x ≤ 0', () => {
    expect(() => logGamma(0)).toThrow(RangeError);
  });
});

describe('regularizedGammaP / regularizedGammaQ', () => {
  it('matches P(1, x) = 1 − e^−x on both sides of the series/continued-fraction switch (x = a + 1)', () => {
    // P(1, x) = ∫₀ˣ e^−t dt = 1 − e^−x.
    for (const x of [0.1, 1.5, 2.5, 10]) {
      expect(regularizedGammaP(1, x)).toBeCloseTo(1 - Math.exp(-x), 13);
      expect(regularizedGammaQ(1, x)).toBeCloseTo(Math.exp(-x), 13);
    }
  });

  it('matches Q(2, x) = (1 + x)·e^−x and keeps relative accuracy deep in the tail', () => {
    // Q(n, x) = e^−x Σ_{k<n} x^k/k! for integer n; at x = 50 this is 51·e^−50 ≈ 9.85e−21.
    expect(regularizedGammaQ(2, 3)).toBeCloseTo(4 * Math.exp(-3), 13);
    expect(regularizedGammaQ(2, 50) / (51 * Math.exp(-50))).toBeCloseTo(1, 10);
  });

  it('is 0 and 1 at the ends', () => {
    expect(regularizedGammaP(3, 0)).toBe(0);
    expect(regularizedGammaQ(3, 0)).toBe(1);
  });
});

describe('regularizedBeta', () => {
  it('matches the binomial identity I_x(a, b) = P(Bin(a + b − 1, x) ≥ a) for integers', () => {
    // I_0.4(2, 3) = P(Bin(4, 0.4) ≥ 2) = 1 − 0.6⁴ − 4·0.4·0.6³ = 1 − 0.1296 − 0.3456 = 0.5248.
    expect(regularizedBeta(0.4, 2, 3)).toBeCloseTo(0.5248, 13);
    // Above the switch point (a + 1)/(a + b + 2) the symmetry branch is used: I_0.9(2, 3) = 1 − 0.1⁴ − 4·0.9·0.1³
    // = 1 − 0.0001 − 0.0036 = 0.9963.
    expect(regularizedBeta(0.9, 2, 3)).toBeCloseTo(0.9963, 13);
  });

  it('matches I_x(1/2, 1/2) = (2/π)·arcsin(√x) (the arcsine distribution)', () => {
    expect(regularizedBeta(0.3, 0.5, 0.5)).toBeCloseTo((2 / Math.PI) * Math.asin(Math.sqrt(0.3)), 12);
  });

  it('is 0 and 1 at the ends', () => {
    expect(regularizedBeta(0, 2, 3)).toBe(0);
    expect(regularizedBeta(1, 2, 3)).toBe(1);
  });
});

describe('erfc', () => {
  it('matches Abramowitz & Stegun Table 7.1', () => {
    expect(erfc(0)).toBe(1);
    expect(erfc(0.5)).toBeCloseTo(1 - 0.5204998778, 10);
    expect(erfc(1)).toBeCloseTo(1 - 0.8427007929, 10);
    expect(erfc(-1)).toBeCloseTo(1 + 0.8427007929, 10);
  });

  it('keeps relative accuracy in the tail: erfc(3) = 2.209049699858544e−5', () => {
    // A&S 7.1: erf 3 = 0.999977909503 → erfc 3 = 2.2090497e−5 (more digits: NIST DLMF 7.2 tables).
    expect(erfc(3) / 2.209049699858544e-5).toBeCloseTo(1, 10);
  });
});
