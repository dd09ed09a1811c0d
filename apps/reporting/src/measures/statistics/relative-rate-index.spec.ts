import {
  groupRate,
  relativeRateIndex,
  relativeRateTable,
  UNSTABLE_BASE_BELOW,
  type DecisionPointCounts,
} from './relative-rate-index.js';

/*
 * Expected numbers are recomputed by hand in each comment (z = 1.959964) and agree with SciPy 1.17's
 * scipy.stats.contingency.relative_risk(a, n1, c, n2).confidence_interval(0.95), which implements the same log
 * (Katz 1978) interval.
 */
describe('relativeRateIndex', () => {
  it('is the ratio of the two rates with the Katz log interval', () => {
    // Group: 150 referred of 300 eligible arrests (0.50); reference: 100 of 400 (0.25). RRI = 0.50 / 0.25 = 2.
    // V = 1/150 − 1/300 + 1/100 − 1/400 = 0.0066667 − 0.0033333 + 0.01 − 0.0025 = 0.0108333; √V = 0.1040833.
    // ln 2 = 0.6931472 ± 1.959964·0.1040833 (= 0.2039995) → exp(0.4891477) = 1.630926, exp(0.8971467) = 2.452595.
    const rri = relativeRateIndex({ group: 'Black', count: 150, base: 300 }, { group: 'white', count: 100, base: 400 });
    expect(rri!.index).toBeCloseTo(2, 12);
    expect(rri!.lower).toBeCloseTo(1.6309255, 6);
    expect(rri!.upper).toBeCloseTo(2.4525951, 6);
    expect(rri!.unstable).toBe(false);
  });

  it('is below 1 when the group passes the point less often, the interval still around it on the log scale', () => {
    // Group: 45 of 300 (0.15); reference 30 of 120 (0.25). RRI = 0.6.
    // V = 1/45 − 1/300 + 1/30 − 1/120 = 0.0222222 − 0.0033333 + 0.0333333 − 0.0083333 = 0.0438889; √V = 0.2094967.
    // ln 0.6 = −0.5108256 ± 0.4106059 → exp(−0.9214315) = 0.397954, exp(−0.1002197) = 0.904633.
    // (SciPy's relative_risk(30, 120, 45, 300) gives the reciprocal: 1.666667 [1.105414, 2.512886].)
    const rri = relativeRateIndex({ group: 'Latino', count: 45, base: 300 }, { group: 'white', count: 30, base: 120 });
    expect(rri!.index).toBeCloseTo(0.6, 12);
    expect(rri!.lower).toBeCloseTo(1 / 2.5128855, 6);
    expect(rri!.upper).toBeCloseTo(1 / 1.1054136, 6);
  });

  it('flags a base below 20 as unstable (the interval is still given, and wide)', () => {
    // Group: 12 of 15 (0.8); reference 100 of 400 (0.25). RRI = 3.2.
    // V = 1/12 − 1/15 + 1/100 − 1/400 = 0.0833333 − 0.0666667 + 0.01 − 0.0025 = 0.0241667; √V = 0.1554563.
    // ln 3.2 = 1.1631508 ± 0.3046888 → exp(0.8584620) = 2.359529, exp(1.4678396) = 4.339849.
    expect(UNSTABLE_BASE_BELOW).toBe(20);
    const rri = relativeRateIndex({ group: 'Native', count: 12, base: 15 }, { group: 'white', count: 100, base: 400 });
    expect(rri!.index).toBeCloseTo(3.2, 12);
    expect(rri!.lower).toBeCloseTo(2.359529, 6);
    expect(rri!.upper).toBeCloseTo(4.339849, 6);
    expect(rri!.unstable).toBe(true);
    expect(relativeRateIndex({ group: 'a', count: 10, base: 400 }, { group: 'b', count: 5, base: 19 })!.unstable).toBe(
      true,
    );
  });

  it('is null when any count is 0', () => {
    const reference = { group: 'white', count: 100, base: 400 };
    expect(relativeRateIndex({ group: 'Asian', count: 0, base: 40 }, reference)).toBeNull();
    expect(relativeRateIndex({ group: 'Asian', count: 0, base: 0 }, reference)).toBeNull();
    expect(relativeRateIndex(reference, { group: 'Asian', count: 0, base: 40 })).toBeNull();
  });

  it('refuses a count above its base or a fractional count', () => {
    const reference = { group: 'white', count: 100, base: 400 };
    expect(() => relativeRateIndex({ group: 'x', count: 41, base: 40 }, reference)).toThrow(RangeError);
    expect(() => relativeRateIndex({ group: 'x', count: 1.5, base: 40 }, reference)).toThrow(RangeError);
  });
});

describe('groupRate', () => {
  it('is count / base, null without a base, flagged below 20', () => {
    expect(groupRate({ group: 'x', count: 5, base: 20 })).toEqual({
      group: 'x',
      count: 5,
      base: 20,
      rate: 0.25,
      unstable: false,
    });
    expect(groupRate({ group: 'x', count: 0, base: 0 }).rate).toBeNull();
    expect(groupRate({ group: 'x', count: 1, base: 19 }).unstable).toBe(true);
  });
});

describe('relativeRateTable', () => {
  const groups: DecisionPointCounts[] = [
    { group: 'white', count: 100, base: 400 },
    { group: 'Black', count: 150, base: 300 },
    { group: 'Asian', count: 0, base: 40 },
    { group: 'unknown', count: 10, base: 60 },
  ];

  it('gives each group its rate and RRI, and the jurisdiction’s whole beside them', () => {
    // Whole: (100 + 150 + 0 + 10) / (400 + 300 + 40 + 60) = 260 / 800 = 0.325.
    const table = relativeRateTable(groups, 'white');
    expect(table.jurisdiction).toEqual({ group: 'all', count: 260, base: 800, rate: 0.325, unstable: false });
    expect(table.reference).toEqual({ group: 'white', count: 100, base: 400, rate: 0.25, unstable: false });
    const [white, black, asian, unknown] = table.groups;
    expect(white.relativeRate).toBeNull();
    expect(black.rate).toBe(0.5);
    expect(black.relativeRate!.index).toBeCloseTo(2, 12);
    expect(black.relativeRate!.lower).toBeCloseTo(1.6309255, 6);
    expect(asian.rate).toBe(0);
    expect(asian.relativeRate).toBeNull();
    // 10/60 over 0.25 = 0.6667.
    expect(unknown.relativeRate!.index).toBeCloseTo(2 / 3, 12);
  });

  it('has no reference and no RRI when the reference group is missing, but still the rates and the whole', () => {
    const table = relativeRateTable(groups, 'Pacific Islander');
    expect(table.reference).toBeNull();
    expect(table.groups.every((row) => row.relativeRate === null)).toBe(true);
    expect(table.groups[1].rate).toBe(0.5);
    expect(table.jurisdiction.rate).toBe(0.325);
  });

  it('refuses a group given twice', () => {
    expect(() => relativeRateTable([...groups, { group: 'Black', count: 1, base: 2 }], 'white')).toThrow(RangeError);
  });
});
