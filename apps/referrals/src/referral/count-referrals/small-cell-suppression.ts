import { SMALL_CELL_THRESHOLD, type ReferralCounts } from './count-referrals.query.js';

const small = (n: number | null): boolean => n !== null && n > 0 && n < SMALL_CELL_THRESHOLD;

/**
 * One group's counts as an evaluator may see them. A count from 1 to 10 is withheld (`null`); and because the
 * counts of a group add up (recorded = open + accepted + closed = eligible + ineligible, closed = the sum of its
 * reasons), withholding only the small cell would let it be recovered by subtraction: once any cell of the group is
 * small, every cell but `recorded` is withheld (complementary suppression), and `recorded` itself when small.
 * Zeros stay: they disclose no one.
 */
export function withholdSmallCells(group: ReferralCounts): ReferralCounts {
  const { jurisdiction, door, recorded, closedByReason, ...rest } = group;
  const cells = [recorded, ...Object.values(rest), ...Object.values(closedByReason)] as (number | null)[];
  if (!cells.some(small)) return group;
  const withhold = (n: number | null) => (n === 0 ? 0 : null);
  return {
    jurisdiction,
    door,
    recorded: small(recorded) ? null : recorded,
    ...(Object.fromEntries(Object.entries(rest).map(([name, n]) => [name, withhold(n as number | null)])) as Omit<
      ReferralCounts,
      'jurisdiction' | 'door' | 'recorded' | 'closedByReason'
    >),
    closedByReason: Object.fromEntries(
      Object.entries(closedByReason).map(([reason, n]) => [reason, withhold(n)]),
    ) as ReferralCounts['closedByReason'],
  };
}
