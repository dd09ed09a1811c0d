import { suppressTable, type CellSum } from '@lead/disclosure-control';
import { CLOSE_REASONS } from '../../projections/referral-summary.entity.js';
import type { ReferralCounts } from './count-referrals.query.js';

type Shown = Omit<ReferralCounts, 'jurisdiction' | 'door' | 'closedByReason'>;
const SHOWN = [
  'recorded',
  'screenedEligible',
  'screenedIneligible',
  'eligible',
  'ineligible',
  'prosecutorDecided',
  'prosecutorOverrode',
  'offerAccepted',
  'offerDeclined',
  'open',
  'accepted',
  'closed',
  'handOffs',
  'handOffsWithinTarget',
] as const satisfies readonly (keyof Shown)[];
const reason = (name: string) => `closed.${name}`;

/**
 * The counts the report leaves out but the others give by subtraction, each as the sum it completes. They are
 * cells all the same: a small one (3 referrals not yet screened) identifies as well as a shown one.
 */
const IMPLIED: Record<string, { total: string; parts: string[] }> = {
  notScreened: { total: 'recorded', parts: ['screenedEligible', 'screenedIneligible'] },
  eligibilityOpen: { total: 'recorded', parts: ['eligible', 'ineligible'] },
  prosecutorNotAsked: { total: 'recorded', parts: ['prosecutorDecided'] },
  prosecutorConfirmed: { total: 'prosecutorDecided', parts: ['prosecutorOverrode'] },
  offerUnanswered: { total: 'recorded', parts: ['offerAccepted', 'offerDeclined'] },
  // The decider enrols only an eligible referral whose offer was accepted, and neither changes after.
  offerAcceptedNotEnrolled: { total: 'offerAccepted', parts: ['accepted'] },
  eligibleNotEnrolled: { total: 'eligible', parts: ['accepted'] },
  // Screened ineligible and closed at once, or found ineligible by the prosecutor (who closes it): ineligible now.
  ineligibleAwaitingProsecutor: {
    total: 'ineligible',
    parts: [reason('ineligible'), reason('prosecutor_found_ineligible')],
  },
  screenedIneligibleNotClosed: { total: 'screenedIneligible', parts: [reason('ineligible')] },
  noHandOff: { total: 'recorded', parts: ['handOffs'] },
  handOffsLate: { total: 'handOffs', parts: ['handOffsWithinTarget'] },
};

/**
 * How a group's counts add up: the report's own sums (every referral has one status, a closed one one reason),
 * the implied remainders above, and the decider's rule that a declined offer closes the referral with that reason.
 * Every relation a reader knows must be here: one left out is a subtraction the suppression does not guard.
 */
const SUMS: CellSum[] = [
  { total: 'recorded', parts: ['open', 'accepted', 'closed'] },
  { total: 'closed', parts: CLOSE_REASONS.map(reason) },
  { total: 'offerDeclined', parts: [reason('declined_by_person')] },
  ...Object.entries(IMPLIED).map(([implied, { total, parts }]) => ({ total, parts: [...parts, implied] })),
];

const counted = (name: string, count: number | null): number => {
  if (count === null) throw new TypeError(`The count ${name} is withheld already: suppress the exact counts.`);
  return count;
};

/**
 * One group's counts as an evaluator may see them (the DOMAIN small-cell rule, see `@lead/disclosure-control`): a
 * count from 1 to 10 is withheld (`null`), and because the counts of a group add up, so is a second count of every
 * sum a withheld one is in (complementary suppression). Zeros stay: they disclose no one.
 */
export function withholdSmallCells(group: ReferralCounts): ReferralCounts {
  const { jurisdiction, door, closedByReason } = group;
  const cells: Record<string, number> = {};
  for (const name of SHOWN) cells[name] = counted(name, group[name]);
  for (const name of CLOSE_REASONS) cells[reason(name)] = counted(reason(name), closedByReason[name]);
  for (const [implied, { total, parts }] of Object.entries(IMPLIED))
    cells[implied] = parts.reduce((rest, part) => rest - cells[part], cells[total]);
  const shown = suppressTable({ cells, sums: SUMS, implied: Object.keys(IMPLIED) });
  return {
    jurisdiction,
    door,
    ...(Object.fromEntries(SHOWN.map((name) => [name, shown[name]])) as Shown),
    closedByReason: Object.fromEntries(
      CLOSE_REASONS.map((name) => [name, shown[reason(name)]]),
    ) as ReferralCounts['closedByReason'],
  };
}
