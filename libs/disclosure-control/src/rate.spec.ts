import { UNSTABLE_RATE_DENOMINATOR, rateOf } from './rate.js';

describe('a rate as it may be shown', () => {
  it('is the share, flagged unstable on fewer than 20', () => {
    expect(UNSTABLE_RATE_DENOMINATOR).toBe(20);
    expect(rateOf(10, 20)).toEqual({ value: 0.5, unstable: false });
    expect(rateOf(3, 19)).toEqual({ value: 3 / 19, unstable: true });
    expect(rateOf(0, 40)).toEqual({ value: 0, unstable: false });
  });

  it('is null without a denominator, or when either count is withheld', () => {
    expect(rateOf(0, 0)).toEqual({ value: null, unstable: true });
    expect(rateOf(null, 40)).toEqual({ value: null, unstable: false });
    // A withheld denominator is unstable whatever it was: the flag must not tell whether it was 20 or more.
    expect(rateOf(12, null)).toEqual({ value: null, unstable: true });
  });
});
