import { chiSquareSurvival } from './chi-square-distribution.js';

/* Expected values: the chi-square table's critical values and two closed forms, recomputed in each comment. */
describe('chiSquareSurvival', () => {
  it('gives 0.05 at the table’s critical values χ²(0.95; 1) = 3.841459 and χ²(0.95; 2) = 5.991465', () => {
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(5.991464547107979, 2)).toBeCloseTo(0.05, 12);
  });

  it('matches the closed forms: 1 df is 2·(1 − Φ(√x)), 2 df is e^(−x/2)', () => {
    // 1 df at x = 1: P(|Z| > 1) = 2·(1 − 0.8413447461) = 0.3173105079.
    expect(chiSquareSurvival(1, 1)).toBeCloseTo(0.3173105079, 10);
    expect(chiSquareSurvival(7, 2)).toBeCloseTo(Math.exp(-3.5), 13);
  });

  it('matches 4 df at x = 10: e^−5·(1 + 5) = 0.0404276820', () => {
    // For even df = 2k: Q = e^(−x/2) Σ_{j<k} (x/2)^j/j!; k = 2, x/2 = 5 → 6·e^−5.
    expect(chiSquareSurvival(10, 4)).toBeCloseTo(6 * Math.exp(-5), 13);
  });

  it('is 1 at and below 0', () => {
    expect(chiSquareSurvival(0, 1)).toBe(1);
  });
});
