import { prePostChange } from './pre-post.js';

/*
 * The worked example is Student's sleep data (Cushny & Peebles 1905, analysed by "Student", Biometrika 6:1, 1908; R's
 * datasets::sleep): extra hours of sleep of 10 patients on two drugs. R's t.test(extra ~ group, data = sleep,
 * paired = TRUE), the example of R's t.test help page, gives t = −4.0621, df = 9, p-value = 0.002833, 95% interval
 * −2.4598858 to −0.7001142, mean difference −1.58 (group 1 − group 2). Here "before" is drug 1 and "after" drug 2, so
 * the signs flip: mean difference 1.58, interval 0.7001142 to 2.4598858, t = 4.0621 (SciPy 1.17 ttest_rel agrees).
 */
const sleep = [
  [0.7, 1.9],
  [-1.6, 0.8],
  [-0.2, 1.1],
  [-1.2, 0.1],
  [-0.1, -0.1],
  [3.4, 4.4],
  [3.7, 5.5],
  [0.8, 1.6],
  [0.0, 4.6],
  [2.0, 3.4],
].map(([before, after]) => ({ before, after }));

describe('prePostChange', () => {
  it('gives the paired interval and t test of Student’s sleep data', () => {
    // By hand: differences 1.2, 2.4, 1.3, 1.3, 0, 1.0, 1.8, 0.8, 4.6, 1.4; mean 15.8/10 = 1.58; sd = 1.229995;
    // se = 0.3889587; t(0.975, 9) = 2.262157; half-width 0.8798858 → [0.7001142, 2.4598858]; t = 1.58/0.3889587 = 4.0621.
    const change = prePostChange(sleep)!;
    expect(change.persons).toBe(10);
    expect(change.meanBefore).toBeCloseTo(0.75, 12);
    expect(change.meanAfter).toBeCloseTo(2.33, 12);
    expect(change.meanDifference).toBeCloseTo(1.58, 12);
    expect(change.standardDeviation).toBeCloseTo(1.229995, 6);
    expect(change.lower).toBeCloseTo(0.7001142, 7);
    expect(change.upper).toBeCloseTo(2.4598858, 7);
    expect(change.t).toBeCloseTo(4.0621, 4);
    expect(change.pValue).toBeCloseTo(0.002833, 6);
  });

  it('gives a negative difference when arrests fell after entry', () => {
    // Arrests in the 6 months before/after: (3,1), (2,2), (4,1), (1,0). Differences −2, 0, −3, −1; mean −1.5;
    // sd = √((0.25 + 2.25 + 2.25 + 0.25)/3) = √(5/3) = 1.2909944; se = 0.6454972; t(0.975, 3) = 3.182446 (table 3.182);
    // half-width 2.0542603 → [−3.5542603, 0.5542603]: the fall is not significant with four people.
    const change = prePostChange([
      { before: 3, after: 1 },
      { before: 2, after: 2 },
      { before: 4, after: 1 },
      { before: 1, after: 0 },
    ])!;
    expect(change.meanBefore).toBe(2.5);
    expect(change.meanAfter).toBe(1);
    expect(change.meanDifference).toBe(-1.5);
    expect(change.lower).toBeCloseTo(-3.5542603, 6);
    expect(change.upper).toBeCloseTo(0.5542603, 6);
    expect(change.pValue).toBeGreaterThan(0.05);
  });

  it('has no interval for one person, a zero-width one and no t when all differences are equal', () => {
    expect(prePostChange([{ before: 2, after: 0 }])).toEqual({
      persons: 1,
      meanBefore: 2,
      meanAfter: 0,
      meanDifference: -2,
      standardDeviation: null,
      lower: null,
      upper: null,
      t: null,
      pValue: null,
    });
    const same = prePostChange([
      { before: 2, after: 1 },
      { before: 3, after: 2 },
    ])!;
    expect([same.lower, same.upper, same.t, same.pValue]).toEqual([-1, -1, null, null]);
  });

  it('is null for no one and refuses a non-finite count', () => {
    expect(prePostChange([])).toBeNull();
    expect(() => prePostChange([{ before: NaN, after: 1 }])).toThrow(RangeError);
  });
});
