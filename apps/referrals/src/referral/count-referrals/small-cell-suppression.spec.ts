import type { ReferralCounts } from './count-referrals.query.js';
import { withholdSmallCells } from './small-cell-suppression.js';

const group = (over: Partial<ReferralCounts> = {}): ReferralCounts => ({
  jurisdiction: 'denver',
  door: 'arrest_diversion',
  recorded: 40,
  screenedEligible: 25,
  screenedIneligible: 15,
  eligible: 24,
  ineligible: 16,
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
  handOffsWithinTarget: 11,
  ...over,
});

describe('withholding small cells from evaluators', () => {
  it('shows a group whose every count is 0 or at least 11 exactly as it is', () => {
    expect(withholdSmallCells(group())).toEqual(group());
  });

  it('withholds the small cell and every cell it could be recovered from by subtraction, but not the zeros', () => {
    const shown = withholdSmallCells(group({ open: 3, accepted: 17 }));
    expect(shown.recorded).toBe(40);
    expect(shown).toMatchObject({ open: null, accepted: null, closed: null, eligible: null, prosecutorOverrode: 0 });
    expect(shown.closedByReason).toEqual({
      ineligible: 0,
      declined_by_person: null,
      aggrieved_party_disagreed: 0,
      prosecutor_found_ineligible: 0,
    });
  });

  it('withholds a small total too, and a small reason of closure', () => {
    expect(withholdSmallCells(group({ recorded: 10 })).recorded).toBeNull();
    const reasons = withholdSmallCells(
      group({
        closedByReason: {
          ineligible: 1,
          declined_by_person: 19,
          aggrieved_party_disagreed: 0,
          prosecutor_found_ineligible: 0,
        },
      }),
    );
    expect(reasons).toMatchObject({ recorded: 40, closed: null, accepted: null });
  });
});
