import { arrestOddsRatio } from './odds-ratio.js';

/*
 * Expected numbers are recomputed by hand in each comment (z = 1.959964); the uncorrected case also agrees with SciPy
 * 1.17's scipy.stats.contingency.odds_ratio(table, kind='sample').confidence_interval(), which is Woolf's interval.
 */
describe('arrestOddsRatio', () => {
  it('gives the odds ratio with Woolf’s interval', () => {
    // Participants: 30 arrested of 100 (a = 30, b = 70); comparison: 50 of 100 (c = 50, d = 50).
    // OR = 30·50 / (70·50) = 0.4285714. Var ln OR = 1/30 + 1/70 + 1/50 + 1/50 = 0.0333333 + 0.0142857 + 0.02 + 0.02
    // = 0.0876190; √ = 0.2960051; ±1.959964·0.2960051 = ±0.5801594; ln OR = −0.8472979
    // → exp(−1.4274573) = 0.239918, exp(−0.2671384) = 0.765567.
    const result = arrestOddsRatio({ arrested: 30, persons: 100 }, { arrested: 50, persons: 100 });
    expect(result!.oddsRatio).toBeCloseTo(3 / 7, 12);
    expect(result!.lower).toBeCloseTo(0.2399182, 6);
    expect(result!.upper).toBeCloseTo(0.7655671, 6);
    expect(result!.corrected).toBe(false);
  });

  it('adds 0.5 to every cell only when a cell is 0 (Haldane–Anscombe)', () => {
    // Participants: 0 of 20 arrested; comparison 5 of 20. Corrected cells 0.5, 20.5, 5.5, 15.5.
    // OR = 0.5·15.5 / (20.5·5.5) = 7.75 / 112.75 = 0.0687361. Var = 2 + 0.0487805 + 0.1818182 + 0.0645161 = 2.2951148;
    // √ = 1.5149636; ±2.9692741; ln OR = −2.6774801 → exp(−5.6467543) = 0.003529, exp(0.2917940) = 1.338827.
    const result = arrestOddsRatio({ arrested: 0, persons: 20 }, { arrested: 5, persons: 20 });
    expect(result!.oddsRatio).toBeCloseTo(7.75 / 112.75, 12);
    expect(result!.lower).toBeCloseTo(0.00352895, 7);
    expect(result!.upper).toBeCloseTo(1.3388272, 6);
    expect(result!.corrected).toBe(true);
  });

  it('corrects a table where everyone of one group was arrested as well', () => {
    // 10 of 10 vs 5 of 10: cells 10.5, 0.5, 5.5, 5.5 → OR = 10.5·5.5 / (0.5·5.5) = 21.
    const result = arrestOddsRatio({ arrested: 10, persons: 10 }, { arrested: 5, persons: 10 });
    expect(result!.oddsRatio).toBeCloseTo(21, 12);
    expect(result!.corrected).toBe(true);
  });

  it('is null when a group is empty or the table has no information on the ratio', () => {
    expect(arrestOddsRatio({ arrested: 0, persons: 0 }, { arrested: 5, persons: 20 })).toBeNull();
    expect(arrestOddsRatio({ arrested: 0, persons: 20 }, { arrested: 0, persons: 30 })).toBeNull();
    expect(arrestOddsRatio({ arrested: 20, persons: 20 }, { arrested: 30, persons: 30 })).toBeNull();
  });

  it('refuses more arrested than persons', () => {
    expect(() => arrestOddsRatio({ arrested: 21, persons: 20 }, { arrested: 5, persons: 20 })).toThrow(RangeError);
  });
});
