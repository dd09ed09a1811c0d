import type { ReferralCounts } from './count-referrals.query.js';
import { withholdSmallCells } from './small-cell-suppression.js';

// The generic cases (thresholds, complements, cross-tabs, chains) are @lead/disclosure-control's; these are the
// referral group's own sums.
const group = (over: Partial<ReferralCounts> = {}): ReferralCounts => ({
  jurisdiction: 'denver',
  door: 'arrest_diversion',
  recorded: 40,
  screenedEligible: 25,
  screenedIneligible: 15,
  eligible: 20,
  ineligible: 20,
  prosecutorDecided: 12,
  prosecutorOverrode: 0,
  offerAccepted: 20,
  offerDeclined: 20,
  open: 0,
  accepted: 20,
  closed: 20,
  closedByReason: {
    ineligible: 0,
    declined_by_person: 20,
    aggrieved_party_disagreed: 0,
    prosecutor_found_ineligible: 0,
  },
  handOffs: 20,
  handOffsWithinTarget: 20,
  ...over,
});
const withheld = (shown: ReferralCounts) => [
  ...Object.entries(shown)
    .filter(([, n]) => n === null)
    .map(([name]) => name),
  ...Object.entries(shown.closedByReason)
    .filter(([, n]) => n === null)
    .map(([name]) => `closed.${name}`),
];

describe('withholding small cells from evaluators', () => {
  it('shows a group whose every count, and every count they imply, is 0 or at least 11 exactly as it is', () => {
    expect(withholdSmallCells(group())).toEqual(group());
  });

  it('withholds the small cell and a complement in each sum it is in, but not the zeros', () => {
    // open = 3: recorded = open + accepted + closed needs a complement (accepted, 17, the smallest); accepted is
    // then alone in offerAccepted = accepted + not yet enrolled, and eligible = accepted + not yet enrolled, whose
    // implied remainders (3 each, small themselves) close those sums without withholding a shown count.
    const shown = withholdSmallCells(group({ open: 3, accepted: 17 }));
    expect(withheld(shown)).toEqual(['open', 'accepted']);
    expect(shown).toMatchObject({ recorded: 40, offerAccepted: 20, eligible: 20, closed: 20, prosecutorOverrode: 0 });
  });

  it('withholds a count that is small only as a difference (hand-offs late: 20 − 11)', () => {
    const shown = withholdSmallCells(group({ handOffsWithinTarget: 11 }));
    expect(withheld(shown)).toEqual(['handOffsWithinTarget']);
  });

  it('guards the declined offers and their closures together', () => {
    // A declined offer closes the referral with that reason: the two counts are the same, withheld together.
    const shown = withholdSmallCells(
      group({
        open: 0,
        accepted: 32,
        offerAccepted: 32,
        eligible: 32,
        ineligible: 8,
        closed: 8,
        offerDeclined: 8,
        closedByReason: {
          ineligible: 0,
          declined_by_person: 8,
          aggrieved_party_disagreed: 0,
          prosecutor_found_ineligible: 0,
        },
      }),
    );
    expect(shown).toMatchObject({ closed: null, offerDeclined: null, closedByReason: { declined_by_person: null } });
    expect(shown.recorded).toBe(40);
  });

  it('refuses counts that are withheld already, or do not add up', () => {
    expect(() => withholdSmallCells(group({ open: null }))).toThrow(TypeError);
    expect(() => withholdSmallCells(group({ recorded: 10 }))).toThrow(RangeError);
  });
});
