import { median, percentile, shareWithin } from './quantiles.js';

describe('percentile (Hyndman & Fan type 7: linear interpolation between closest ranks)', () => {
  it('matches the worked example of Microsoft’s PERCENTILE.INC documentation', () => {
    // PERCENTILE.INC({1,3,2,4}, 0.3) = 1.9 (support.microsoft.com, PERCENTILE.INC function, example).
    // By hand: sorted 1,2,3,4; h = (4 − 1)·0.3 = 0.9; Q = 1 + 0.9·(2 − 1) = 1.9.
    expect(percentile([1, 3, 2, 4], 30)).toBeCloseTo(1.9, 12);
  });

  it('matches the Wikipedia "Percentile" example of the C = 1 variant', () => {
    // Wikipedia, Percentile, "Second variant, C = 1": for 15, 20, 35, 40, 50 the 40th percentile is 29.
    // By hand: h = 4·0.4 = 1.6; Q = 20 + 0.6·(35 − 20) = 29. 25th: h = 1 → 20. 75th: h = 3 → 40.
    const values = [15, 20, 35, 40, 50];
    expect(percentile(values, 40)).toBeCloseTo(29, 12);
    expect(percentile(values, 25)).toBe(20);
    expect(percentile(values, 75)).toBe(40);
  });

  it('matches R’s quantile(1:10, 0.9) = 9.1', () => {
    // R: quantile(1:10, 0.9) → 9.1. By hand: h = 9·0.9 = 8.1; Q = 9 + 0.1·(10 − 9) = 9.1.
    expect(percentile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 90)).toBeCloseTo(9.1, 12);
  });

  it('is the minimum at 0 and the maximum at 100, and a single value at any p', () => {
    expect(percentile([5, 1, 9], 0)).toBe(1);
    expect(percentile([5, 1, 9], 100)).toBe(9);
    expect(percentile([7], 37)).toBe(7);
  });

  it('is null for no values and refuses p outside [0, 100] or a non-finite value', () => {
    expect(percentile([], 50)).toBeNull();
    expect(() => percentile([1, 2], 101)).toThrow(RangeError);
    expect(() => percentile([1, 2], -1)).toThrow(RangeError);
    expect(() => percentile([1, NaN], 50)).toThrow(RangeError);
  });

  it('does not reorder the caller’s array', () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('median', () => {
  it('is the middle value for an odd count and the mean of the two middle values for an even count', () => {
    // By hand: 1,3,7 → 3; 1,2,3,4 → (2 + 3)/2 = 2.5.
    expect(median([7, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('is null for no values', () => {
    expect(median([])).toBeNull();
  });
});

describe('shareWithin', () => {
  it('counts values at most the limit (inclusive)', () => {
    // By hand: of 0, 5, 30, 31, 90 days, three (0, 5, 30) are within 30 days → 3/5 = 0.6.
    expect(shareWithin([0, 5, 30, 31, 90], 30)).toBeCloseTo(0.6, 12);
    expect(shareWithin([31, 90], 30)).toBe(0);
    expect(shareWithin([1, 2], 30)).toBe(1);
  });

  it('is null for no values', () => {
    expect(shareWithin([], 30)).toBeNull();
  });
});
