import { Z_95 } from './normal-distribution.js';

/*
 * The odds ratio of "any arrest in the window" (e.g. the 6 or 24 months after entry) between LEAD participants and the
 * comparison group, as Seattle's LEAD evaluation compares them (Collins, Lonczak & Clifasefi, Evaluation and Program
 * Planning 64:49, 2017). Pure.
 *
 * The 2×2 table:            arrested   not arrested
 *               participants     a           b
 *               comparison       c           d
 * OR = (a·d) / (b·c): below 1, participants were less likely to be arrested.
 *
 * 95% interval by Woolf's method (Woolf, Ann Hum Genet 19:251, 1955): exp(ln OR ± z·√(1/a + 1/b + 1/c + 1/d)).
 *
 * Zero cells: with any cell 0 the OR is 0 or ∞ and Woolf's variance infinite, so — only then — 0.5 is added to all
 * four cells (the Haldane–Anscombe correction: Haldane, Ann Hum Genet 20:309, 1956; Anscombe, Biometrika 43:461,
 * 1956) and the result says `corrected: true`. It is not applied otherwise, because it pulls a table's OR toward 1:
 * a table without a zero needs no correction and keeps its plain Woolf estimate.
 */

/** One group's people and how many of them were arrested in the window. */
export interface ArrestCounts {
  /** People with at least one arrest in the window. */
  arrested: number;
  /** All people of the group followed for the whole window. */
  persons: number;
}

export interface OddsRatio {
  oddsRatio: number;
  lower: number;
  upper: number;
  /** 0.5 was added to every cell because one was 0 (Haldane–Anscombe). */
  corrected: boolean;
}

function checkCounts(name: string, { arrested, persons }: ArrestCounts): void {
  if (!Number.isInteger(arrested) || !Number.isInteger(persons) || arrested < 0 || arrested > persons) {
    throw new RangeError(`${name}: need integers with 0 <= arrested <= persons, got ${arrested} of ${persons}`);
  }
}

/**
 * The odds ratio of arrest, participants against comparison, with Woolf's 95% interval (Haldane–Anscombe corrected
 * only when a cell is 0). null when either group has no one, or when no one or everyone was arrested in both
 * groups: then the table has no information on the ratio even corrected (the corrected OR would be exactly 1).
 */
export function arrestOddsRatio(participants: ArrestCounts, comparison: ArrestCounts): OddsRatio | null {
  checkCounts('participants', participants);
  checkCounts('comparison', comparison);
  if (participants.persons === 0 || comparison.persons === 0) return null;
  let a = participants.arrested;
  let b = participants.persons - participants.arrested;
  let c = comparison.arrested;
  let d = comparison.persons - comparison.arrested;
  if ((a === 0 && c === 0) || (b === 0 && d === 0)) return null;
  const corrected = a === 0 || b === 0 || c === 0 || d === 0;
  if (corrected) [a, b, c, d] = [a + 0.5, b + 0.5, c + 0.5, d + 0.5];
  const oddsRatio = (a * d) / (b * c);
  const halfWidth = Z_95 * Math.sqrt(1 / a + 1 / b + 1 / c + 1 / d);
  return {
    oddsRatio,
    lower: Math.exp(Math.log(oddsRatio) - halfWidth),
    upper: Math.exp(Math.log(oddsRatio) + halfWidth),
    corrected,
  };
}
