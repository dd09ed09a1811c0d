/**
 * A rate on fewer cases than this is flagged unstable (the same small-numbers convention as the small-cell rule:
 * a share of 3 in 5 moves by 20 points with one person). The rate is still given: a program admin running the
 * program needs this month's figure for their 12 participants, and the flag tells a reader not to compare it or
 * read a trend into it. Withholding is the small-cell rule's job, not this one's.
 */
export const UNSTABLE_RATE_DENOMINATOR = 20;

export interface Rate {
  /** numerator / denominator; `null` when there is no denominator (0) or either side is withheld. */
  value: number | null;
  /** The denominator is under `UNSTABLE_RATE_DENOMINATOR`, or withheld (then nothing can vouch for it). */
  unstable: boolean;
}

/**
 * The rate of two counts as they may be shown (a withheld count is `null`). A rate over a withheld count would
 * give it back (numerator = rate × denominator), so it is withheld with it. `unstable` of a withheld denominator is
 * `true` whatever its value, so the flag never tells whether a withheld count is 20 or more.
 */
export function rateOf(numerator: number | null, denominator: number | null): Rate {
  if (denominator === null) return { value: null, unstable: true };
  const unstable = denominator < UNSTABLE_RATE_DENOMINATOR;
  if (numerator === null || denominator === 0) return { value: null, unstable };
  return { value: numerator / denominator, unstable };
}
