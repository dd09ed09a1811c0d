/**
 * The smallest count shown to someone who may not see the people behind it (an evaluator, a funder): a count of 1
 * to 10 is withheld. In a small district a count of 1 or 2 can point at a person, and evaluators see de-identified
 * data only. This is the common public-health small-cell rule (CMS's cell-size suppression policy: no cell of 1–10).
 * Program admins, who may see the people themselves, get exact counts.
 */
export const SMALL_CELL_MINIMUM = 11;

/**
 * Whether a count must be withheld on its own account (primary suppression). A zero is not small: it discloses no
 * one, and withholding zeros would only hide that nothing happened.
 */
export function isSmallCell(count: number): boolean {
  return count > 0 && count < SMALL_CELL_MINIMUM;
}

/** A count as it may be shown: `null` (withheld) when small, else the count itself. */
export function withholdSmallCell(count: number): number | null {
  return isSmallCell(count) ? null : count;
}
