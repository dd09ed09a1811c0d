import { isSmallCell } from './small-cell.js';

/**
 * An additive constraint a reader knows holds between cells: `total` is the sum of `parts` (recorded = open +
 * accepted + closed; a cross-tab row sums to its margin). A constraint with one withheld cell gives it back by
 * subtraction, so withholding a small cell means withholding a second cell of every constraint it is in.
 */
export interface CellSum {
  total: string;
  parts: readonly string[];
}

/**
 * A table of counts as it is before disclosure control: every cell by name, the sums that link them, and which
 * cells are `implied`. An implied cell is a count the report does not show but its other cells give (referrals
 * not yet screened = recorded − screened eligible − screened ineligible). It must be a cell all the same: a small
 * implied count is as identifying as a shown one, and it is the cheapest cell to withhold as a complement, since
 * withholding it costs the report nothing.
 */
export interface CountTable {
  cells: Readonly<Record<string, number>>;
  sums: readonly CellSum[];
  implied?: readonly string[];
}

export interface SuppressionOptions {
  /** Cells to withhold besides the small ones (an earlier release's withheld cells, to keep a series consistent). */
  alsoWithhold?: readonly string[];
}

/** Every cell of the table: its count, or `null` where withheld. Implied cells are answered too; show none of them. */
export type SuppressedTable = Record<string, number | null>;

/**
 * Small-cell suppression with complementary suppression (the DOMAIN "small cells" rule: counts of 1–10 withheld,
 * and any cell from which one can be derived).
 *
 * 1. Primary: every small cell (1–10, see `SMALL_CELL_MINIMUM`) is withheld; zeros stay.
 * 2. Secondary, to a fixpoint: while some sum has exactly one withheld cell (total or part), that cell could be
 *    recovered by subtraction, so another cell of the sum is withheld too: an implied cell if one is released,
 *    else the smallest released non-zero count (the least information lost), ties broken by name. A zero is
 *    never chosen: the small cell and a zero withheld together still add up to the small count, so the reader
 *    learns it all but how it splits; and zeros are shown everywhere else, so a withheld one would stand out.
 *    Withholding it may leave another sum with one withheld cell; the pass repeats until none has. It ends, since
 *    each round withholds one more cell of a finite table, and is deterministic: sums in the order given.
 *
 * What it guarantees: no sum has exactly one withheld cell. So no withheld cell follows from one sum, and none
 * follows from chaining sums one at a time either (derive a cell from one sum, use it in the next, as in a 2×2
 * table with margins): any such chain has to start at a sum with a single withheld cell, and there is none.
 *
 * What it does NOT prevent, honestly:
 * - Solving several sums together. Two sums whose parts overlap (t1 = a + b + c and t2 = a + b) give c = t1 − t2
 *   though each has two withheld cells; in general a reader may solve the whole linear system, and a withheld
 *   cell that system pins to one value is disclosed. Nested or overlapping sums need an audit this does not do.
 * - Bounds. Counts are non-negative, so linear programming over the sums bounds every withheld cell; with a
 *   released total of 12 split into two withheld cells, a reader knows each is 0–12, and a narrow interval may be
 *   as telling as the count (no protection interval is enforced).
 * - Other releases. Two reports over overlapping filters (two date ranges, a district and its jurisdiction) can
 *   be subtracted from each other; each table is protected only within itself.
 * - Sums it is not told about. The protection is exactly as good as the `sums` given: a relation between cells
 *   that holds in the data (every declined offer closes the referral) but is not declared is one a reader can use.
 */
export function suppressTable(table: CountTable, options: SuppressionOptions = {}): SuppressedTable {
  checkTable(table);
  const { cells, sums } = table;
  const implied = new Set(table.implied ?? []);
  const withheld = new Set(Object.keys(cells).filter((name) => isSmallCell(cells[name])));
  for (const name of options.alsoWithhold ?? []) {
    if (!(name in cells)) throw new RangeError(`No cell ${name} to withhold.`);
    if (cells[name] !== 0) withheld.add(name);
  }

  for (let changed = true; changed;) {
    changed = false;
    for (const sum of sums) {
      const members = [sum.total, ...sum.parts];
      if (members.filter((name) => withheld.has(name)).length !== 1) continue;
      const complement = members
        .filter((name) => !withheld.has(name) && cells[name] > 0)
        .sort(
          (a, b) =>
            Number(implied.has(b)) - Number(implied.has(a)) || cells[a] - cells[b] || (a < b ? -1 : a > b ? 1 : 0),
        )[0];
      // In a table that adds up there always is one: the withheld cell is not 0, so some other cell is not either.
      if (complement === undefined) continue;
      withheld.add(complement);
      changed = true;
    }
  }
  return Object.fromEntries(Object.entries(cells).map(([name, count]) => [name, withheld.has(name) ? null : count]));
}

/**
 * A table that does not add up would make the suppression's reasoning wrong (a sum that does not hold protects
 * nothing, and a cell it misses is unprotected): refuse it rather than publish on it.
 */
function checkTable({ cells, sums, implied = [] }: CountTable): void {
  for (const [name, count] of Object.entries(cells)) {
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`Cell ${name} is not a count: ${count}.`);
  }
  const known = (name: string) => {
    if (!Object.hasOwn(cells, name)) throw new RangeError(`No cell ${name} in the table.`);
    return cells[name];
  };
  implied.forEach(known);
  for (const { total, parts } of sums) {
    if (new Set([total, ...parts]).size !== parts.length + 1)
      throw new RangeError(`The sum of ${total} names a cell twice.`);
    const added = parts.reduce((sum, part) => sum + known(part), 0);
    if (added !== known(total))
      throw new RangeError(`${total} (${cells[total]}) is not ${parts.join(' + ')} (${added}).`);
  }
}
