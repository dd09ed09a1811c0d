export { SMALL_CELL_MINIMUM, isSmallCell, withholdSmallCell } from './small-cell.js';
export {
  suppressTable,
  type CellSum,
  type CountTable,
  type SuppressedTable,
  type SuppressionOptions,
} from './complementary-suppression.js';
export { UNSTABLE_RATE_DENOMINATOR, rateOf, type Rate } from './rate.js';
