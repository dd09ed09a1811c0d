import {
  kaplanMeier,
  kaplanMeierFromCounts,
  lifeTableOf,
  logRankTest,
  medianSurvival,
  survivalAt,
  type FollowUp,
} from './kaplan-meier.js';

/*
 * The worked example is the remission data of Freireich et al. (Blood 21:699, 1963), as in Gehan (Biometrika 52:203,
 * 1965), R's MASS::gehan and Kleinbaum & Klein, Survival Analysis: A Self-Learning Text (3rd ed., 2012), ch. 2: weeks
 * in remission of 21 leukemia patients on 6-MP (9 relapses, 12 censored) and 21 on placebo (21 relapses).
 * Kleinbaum & Klein list the 6-MP Kaplan–Meier estimates 0.8571, 0.8067, 0.7529, 0.6902, 0.6275, 0.5378, 0.4482 at
 * weeks 6, 7, 10, 13, 16, 22, 23, the placebo median 8 and the 6-MP median 23, and the log-rank test O = 9 / E = 19.25
 * (6-MP), O = 21 / E = 10.75 (placebo), χ² = 16.79 (R: survdiff(Surv(time, cens) ~ treat, MASS::gehan) prints
 * Chisq = 16.8 on 1 df, p = 4.17e-05). The log-log limits are those R's survfit(..., conf.type = "log-log") prints to
 * three decimals; they were recomputed by hand from the formulas below, as in the comment of that test.
 */
const sixMp: FollowUp[] = [
  ...[6, 6, 6, 7, 10, 13, 16, 22, 23].map((days) => ({ days, event: true })),
  ...[6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35].map((days) => ({ days, event: false })),
];
const placebo: FollowUp[] = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23].map((days) => ({
  days,
  event: true,
}));

describe('kaplanMeier', () => {
  const curve = kaplanMeier(sixMp);

  it('gives the product-limit estimates of the 6-MP group', () => {
    const atEvents = curve.filter((point) => point.events > 0);
    expect(atEvents.map((point) => point.day)).toEqual([6, 7, 10, 13, 16, 22, 23]);
    const expected = [0.8571, 0.8067, 0.7529, 0.6902, 0.6275, 0.5378, 0.4482];
    atEvents.forEach((point, i) => expect(point.survival).toBeCloseTo(expected[i], 4));
  });

  it('puts events before censorings on a tied day: the person censored on day 6 was at risk on day 6', () => {
    // Day 6: 21 at risk, 3 relapses, 1 censored → Ŝ = 18/21 = 0.857143; day 7: 21 − 4 = 17 at risk → 0.857143·16/17.
    expect(curve[0]).toMatchObject({ day: 6, atRisk: 21, events: 3, censored: 1 });
    expect(curve[0].survival).toBeCloseTo(18 / 21, 12);
    expect(curve[1]).toMatchObject({ day: 7, atRisk: 17, events: 1, censored: 0 });
    expect(curve[1].survival).toBeCloseTo((18 / 21) * (16 / 17), 12);
  });

  it('has a step for every day with a censoring too, the estimate unchanged there', () => {
    expect(curve.map((point) => point.day)).toEqual([6, 7, 9, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 34, 35]);
    const week9 = curve.find((point) => point.day === 9)!;
    expect(week9).toMatchObject({ atRisk: 16, events: 0, censored: 1 });
    expect(week9.survival).toBeCloseTo(curve[1].survival, 12);
    expect(week9.lower).toBeCloseTo(curve[1].lower, 12);
  });

  it('gives the Greenwood log-log 95% interval', () => {
    // Day 6: Σ d/(n(n−d)) = 3/(21·18) = 0.0079365; se(log(−log S)) = √0.0079365 / |ln 0.857143| = 0.0890871 / 0.1541507
    // = 0.5779233; lower = 0.857143^exp(1.959964·0.5779233) = 0.857143^3.1038 = 0.6197, upper = 0.857143^0.32218
    // = 0.9516. R prints 0.620 and 0.952. Day 23: Σ = 3/378 + 1/272 + 1/210 + 1/132 + 1/110 + 1/42 + 1/30 = 0.0901844;
    // se = 0.3003072 / |ln 0.448179| = 0.3003072 / 0.8025626 = 0.3741854; lower = 0.448179^exp(0.7333883)
    // = 0.448179^2.082127 = 0.1881, upper = 0.448179^0.480278 = 0.6801. R prints 0.188 and 0.680.
    const limits = curve.filter((point) => point.events > 0).map((point) => [point.lower, point.upper]);
    const expected = [
      [0.62, 0.952],
      [0.563, 0.923],
      [0.503, 0.889],
      [0.432, 0.849],
      [0.368, 0.805],
      [0.268, 0.747],
      [0.188, 0.68],
    ];
    limits.forEach(([lower, upper], i) => {
      expect(lower).toBeCloseTo(expected[i][0], 3);
      expect(upper).toBeCloseTo(expected[i][1], 3);
    });
  });

  it('keeps the interval inside [0, 1]: 0 when everyone left at risk is re-arrested, 1 before any event', () => {
    const allArrested = kaplanMeier([
      { days: 3, event: false },
      { days: 5, event: true },
      { days: 9, event: true },
    ]);
    // Day 3: Ŝ = 1 (only a censoring); day 5: 2 at risk, 1 event → 0.5; day 9: 1 at risk, 1 event → 0.
    expect(allArrested.map((point) => [point.survival, point.lower, point.upper])).toEqual([
      [1, 1, 1],
      [0.5, expect.any(Number), expect.any(Number)],
      [0, 0, 0],
    ]);
    expect(allArrested[1].lower).toBeGreaterThanOrEqual(0);
    expect(allArrested[1].upper).toBeLessThanOrEqual(1);
  });

  it('is empty for no one', () => {
    expect(kaplanMeier([])).toEqual([]);
  });

  it('refuses a negative day', () => {
    expect(() => kaplanMeier([{ days: -1, event: true }])).toThrow(RangeError);
  });
});

describe('kaplanMeierFromCounts', () => {
  it('gives the same curve from the aggregate life table as from the persons', () => {
    // The 6-MP table by hand, in shuffled order and with day 6 split across two rows (they are summed).
    const rows = [
      { day: 23, events: 1, censored: 0 },
      { day: 6, events: 2, censored: 0 },
      { day: 7, events: 1, censored: 0 },
      { day: 9, events: 0, censored: 1 },
      { day: 10, events: 1, censored: 1 },
      { day: 11, events: 0, censored: 1 },
      { day: 13, events: 1, censored: 0 },
      { day: 16, events: 1, censored: 0 },
      { day: 17, events: 0, censored: 1 },
      { day: 19, events: 0, censored: 1 },
      { day: 20, events: 0, censored: 1 },
      { day: 22, events: 1, censored: 0 },
      { day: 6, events: 1, censored: 1 },
      { day: 25, events: 0, censored: 1 },
      { day: 32, events: 0, censored: 2 },
      { day: 34, events: 0, censored: 1 },
      { day: 35, events: 0, censored: 1 },
      { day: 40, events: 0, censored: 0 },
    ];
    expect(kaplanMeierFromCounts(rows)).toEqual(kaplanMeier(sixMp));
    expect(kaplanMeierFromCounts(lifeTableOf(placebo))).toEqual(kaplanMeier(placebo));
  });

  it('refuses a negative or fractional count', () => {
    expect(() => kaplanMeierFromCounts([{ day: 1, events: -1, censored: 0 }])).toThrow(RangeError);
    expect(() => kaplanMeierFromCounts([{ day: 1, events: 0.5, censored: 0 }])).toThrow(RangeError);
  });
});

describe('survivalAt', () => {
  const curve = kaplanMeier(sixMp);

  it('is 1 before the first event, the step’s value on and after its day, null beyond the follow-up', () => {
    expect(survivalAt(curve, 0)).toBe(1);
    expect(survivalAt(curve, 5)).toBe(1);
    expect(survivalAt(curve, 6)).toBeCloseTo(0.8571, 4);
    expect(survivalAt(curve, 12)).toBeCloseTo(0.7529, 4);
    expect(survivalAt(curve, 35)).toBeCloseTo(0.4482, 4);
    expect(survivalAt(curve, 36)).toBeNull();
  });

  it('stays 0 beyond the follow-up once the curve reached 0, and is null for no curve', () => {
    expect(survivalAt(kaplanMeier(placebo), 100)).toBe(0);
    expect(survivalAt([], 10)).toBeNull();
  });
});

describe('medianSurvival', () => {
  it('is the first day Ŝ ≤ 0.5: 23 weeks on 6-MP, 8 on placebo', () => {
    // Placebo: Ŝ(5) = 12/21 = 0.571, Ŝ(8) = 8/21 = 0.381 → 8.
    expect(medianSurvival(kaplanMeier(sixMp))).toBe(23);
    expect(medianSurvival(kaplanMeier(placebo))).toBe(8);
  });

  it('is reached at exactly 0.5, and null when the curve never falls to half', () => {
    // 4 people, arrests on days 2 and 5, others censored on day 9: Ŝ(2) = 3/4, Ŝ(5) = 3/4·2/3 = 0.5 → 5.
    const half = kaplanMeier([
      { days: 2, event: true },
      { days: 5, event: true },
      { days: 9, event: false },
      { days: 9, event: false },
    ]);
    expect(medianSurvival(half)).toBe(5);
    expect(medianSurvival(kaplanMeier([{ days: 4, event: true }, ...sixMp.slice(9)]))).toBeNull();
  });
});

describe('logRankTest', () => {
  it('gives the Gehan data’s log-rank test: O/E 9/19.25 and 21/10.75, χ² = 16.79, p = 4.17e-05', () => {
    // V = Σ n₁n₂d(n−d)/(n²(n−1)) over the 17 distinct relapse weeks = 6.2570 (Kleinbaum & Klein, ch. 2);
    // (9 − 19.25)²/6.2570 = 105.06/6.2570 = 16.79; P(χ²₁ > 16.79) = erfc(√(16.79/2)) = 4.17e−5.
    const test = logRankTest(lifeTableOf(sixMp), lifeTableOf(placebo))!;
    expect(test.observedFirst).toBe(9);
    expect(test.expectedFirst).toBeCloseTo(19.25, 2);
    expect(test.observedSecond).toBe(21);
    expect(test.expectedSecond).toBeCloseTo(10.75, 2);
    expect(test.variance).toBeCloseTo(6.257, 3);
    expect(test.chiSquare).toBeCloseTo(16.79, 2);
    expect(test.pValue).toBeCloseTo(4.17e-5, 7);
  });

  it('is symmetric in the two groups', () => {
    const forward = logRankTest(lifeTableOf(sixMp), lifeTableOf(placebo))!;
    const backward = logRankTest(lifeTableOf(placebo), lifeTableOf(sixMp))!;
    expect(backward.chiSquare).toBeCloseTo(forward.chiSquare, 12);
    expect(backward.observedFirst).toBe(21);
  });

  it('is null without events or with an empty group', () => {
    expect(logRankTest([{ day: 5, events: 0, censored: 3 }], [{ day: 5, events: 0, censored: 2 }])).toBeNull();
    expect(logRankTest(lifeTableOf(sixMp), [])).toBeNull();
  });
});
