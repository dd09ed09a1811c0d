import { SMALL_CELL_MINIMUM, isSmallCell, withholdSmallCell } from './small-cell.js';

describe('the small-cell rule', () => {
  it('withholds a count of 1 to 10 and shows 0 and 11 or more', () => {
    expect(SMALL_CELL_MINIMUM).toBe(11);
    expect([0, 1, 10, 11, 250].map(withholdSmallCell)).toEqual([0, null, null, 11, 250]);
    expect([0, 1, 10, 11].map(isSmallCell)).toEqual([false, true, true, false]);
  });
});
