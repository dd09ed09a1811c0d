import { suppressTable, type CellSum, type CountTable, type SuppressedTable } from './complementary-suppression.js';
import { isSmallCell } from './small-cell.js';

/**
 * What a reader can work out from a suppressed table by subtraction: every sum with a single unknown cell gives it,
 * and what it gives is used in the next sum, until nothing more follows. Returns the withheld cells recovered.
 */
function recoveredBySubtraction(sums: readonly CellSum[], shown: SuppressedTable): Record<string, number> {
  const known: Record<string, number> = Object.fromEntries(
    Object.entries(shown).filter((entry): entry is [string, number] => entry[1] !== null),
  );
  const recovered: Record<string, number> = {};
  for (let progress = true; progress;) {
    progress = false;
    for (const { total, parts } of sums) {
      const unknown = [total, ...parts].filter((name) => !(name in known));
      if (unknown.length !== 1) continue;
      const [cell] = unknown;
      const partsKnown = parts.filter((part) => part !== cell).reduce((sum, part) => sum + known[part], 0);
      known[cell] = recovered[cell] = cell === total ? partsKnown : known[total] - partsKnown;
      progress = true;
    }
  }
  return recovered;
}

/** The properties every suppressed table has, whatever its shape. */
function expectProtected(table: CountTable, shown: SuppressedTable): void {
  for (const [name, count] of Object.entries(table.cells)) {
    if (isSmallCell(count)) expect({ name, shown: shown[name] }).toEqual({ name, shown: null });
    if (count === 0) expect({ name, shown: shown[name] }).toEqual({ name, shown: 0 });
    if (shown[name] !== null) expect({ name, shown: shown[name] }).toEqual({ name, shown: count });
  }
  for (const { total, parts } of table.sums) {
    const withheld = [total, ...parts].filter((name) => shown[name] === null);
    expect({ total, withheld: withheld.length === 1 ? withheld : 'none or several' }).toEqual({
      total,
      withheld: 'none or several',
    });
  }
  expect(recoveredBySubtraction(table.sums, shown)).toEqual({});
}

/** A rows × columns cross-tab with row margins, column margins and the grand total, as a `CountTable`. */
function crossTab(counts: number[][]): CountTable {
  const cells: Record<string, number> = {};
  const sums: CellSum[] = [];
  const columns = counts[0].length;
  counts.forEach((row, r) => {
    row.forEach((count, c) => (cells[`r${r}c${c}`] = count));
    cells[`r${r}`] = row.reduce((a, b) => a + b, 0);
    sums.push({ total: `r${r}`, parts: row.map((_, c) => `r${r}c${c}`) });
  });
  for (let c = 0; c < columns; c++) {
    cells[`c${c}`] = counts.reduce((sum, row) => sum + row[c], 0);
    sums.push({ total: `c${c}`, parts: counts.map((_, r) => `r${r}c${c}`) });
  }
  cells.total = Object.values(counts.flat()).reduce((a, b) => a + b, 0);
  sums.push({ total: 'total', parts: counts.map((_, r) => `r${r}`) });
  sums.push({ total: 'total', parts: Array.from({ length: columns }, (_, c) => `c${c}`) });
  return { cells, sums };
}

/** A small seeded generator (mulberry32), so a failing random table is the same table on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Counts as they come in practice: many zeros, many small ones, some large. */
const count = (random: () => number): number => {
  const draw = random();
  if (draw < 0.25) return 0;
  if (draw < 0.55) return 1 + Math.floor(random() * 10);
  return 11 + Math.floor(random() * 60);
};

describe('complementary suppression', () => {
  it('withholds the small cells of a table without sums, and only them', () => {
    const cells = { none: 0, one: 1, ten: 10, eleven: 11 };
    expect(suppressTable({ cells, sums: [] })).toEqual({ none: 0, one: null, ten: null, eleven: 11 });
  });

  it('shows a table whose every count is 0 or at least 11 exactly as it is', () => {
    const table = crossTab([
      [0, 12, 30],
      [11, 0, 40],
    ]);
    expect(suppressTable(table)).toEqual(table.cells);
  });

  describe("the referrals' shape: recorded = open + accepted + closed, closed = its reasons", () => {
    const sums: CellSum[] = [
      { total: 'recorded', parts: ['open', 'accepted', 'closed'] },
      { total: 'closed', parts: ['declined', 'ineligible'] },
    ];

    it('withholds the small cell and the smallest other count of its sum, not the zeros', () => {
      const cells = { recorded: 40, open: 3, accepted: 17, closed: 20, declined: 20, ineligible: 0 };
      const shown = suppressTable({ cells, sums });
      expect(shown).toEqual({ recorded: 40, open: null, accepted: null, closed: 20, declined: 20, ineligible: 0 });
      expectProtected({ cells, sums }, shown);
    });

    it('follows a complement into the next sum it is in', () => {
      // open is small; closed (12) is the smallest complement; closed is then the only withheld cell of its sum.
      const cells = { recorded: 40, open: 3, accepted: 25, closed: 12, declined: 12, ineligible: 0 };
      const shown = suppressTable({ cells, sums });
      expect(shown).toEqual({ recorded: 40, open: null, accepted: 25, closed: null, declined: null, ineligible: 0 });
      expectProtected({ cells, sums }, shown);
    });

    it('withholds a small total and one of its parts', () => {
      const cells = { recorded: 10, open: 0, accepted: 0, closed: 10, declined: 10, ineligible: 0 };
      const shown = suppressTable({ cells, sums });
      expect(shown).toEqual({ recorded: null, open: 0, accepted: 0, closed: null, declined: null, ineligible: 0 });
      expectProtected({ cells, sums }, shown);
    });

    it('prefers an implied cell, which the report does not show, as the complement', () => {
      const table: CountTable = {
        cells: { recorded: 40, screenedEligible: 27, screenedIneligible: 12, notScreened: 1 },
        sums: [{ total: 'recorded', parts: ['screenedEligible', 'screenedIneligible', 'notScreened'] }],
        implied: ['notScreened'],
      };
      // The small cell is the implied one itself: it is withheld, and a shown count with it.
      expect(suppressTable(table)).toEqual({
        recorded: 40,
        screenedEligible: 27,
        screenedIneligible: null,
        notScreened: null,
      });
      const cheap: CountTable = {
        ...table,
        cells: { recorded: 40, screenedEligible: 5, screenedIneligible: 15, notScreened: 20 },
      };
      expect(suppressTable(cheap)).toEqual({
        recorded: 40,
        screenedEligible: null,
        screenedIneligible: 15,
        notScreened: null,
      });
    });
  });

  it('protects a 2×3 cross-tab with margins against subtraction along rows, columns and both', () => {
    const table = crossTab([
      [3, 20, 15],
      [14, 30, 25],
    ]);
    const shown = suppressTable(table);
    expectProtected(table, shown);
    // r0c0 (3) is small; its row's smallest other count is r0c2 (15), its column's r1c0 (14); each then has a
    // single withheld cell in its other line, closed by r1c2: the classic four-cell rectangle. Margins stay shown.
    expect(Object.keys(shown).filter((name) => shown[name] === null)).toEqual(['r0c0', 'r0c2', 'r1c0', 'r1c2']);
  });

  it('protects a chain of sums (each part the total of the next)', () => {
    const table: CountTable = {
      cells: { a: 100, b: 60, c: 40, d: 35, e: 25, f: 30, g: 5 },
      sums: [
        { total: 'a', parts: ['b', 'c'] },
        { total: 'b', parts: ['d', 'e'] },
        { total: 'd', parts: ['f', 'g'] },
      ],
    };
    const shown = suppressTable(table);
    expectProtected(table, shown);
    expect(shown).toEqual({ a: 100, b: 60, c: 40, d: 35, e: 25, f: null, g: null });
  });

  it('is deterministic and a fixpoint: withholding its own answer again withholds nothing more', () => {
    const table = crossTab([
      [3, 20, 15, 0],
      [14, 2, 25, 40],
      [11, 30, 0, 9],
    ]);
    const shown = suppressTable(table);
    expect(suppressTable(table)).toEqual(shown);
    const withheld = Object.keys(shown).filter((name) => shown[name] === null);
    expect(suppressTable(table, { alsoWithhold: withheld })).toEqual(shown);
    // The order the cells are listed in does not matter either.
    const reversed = { ...table, cells: Object.fromEntries(Object.entries(table.cells).reverse()) };
    expect(suppressTable(reversed)).toEqual(shown);
  });

  it('leaves no withheld cell recoverable by subtraction, over random tables (seeded)', () => {
    const random = seeded(20260101);
    for (let run = 0; run < 500; run++) {
      const rows = 1 + Math.floor(random() * 4);
      const columns = 2 + Math.floor(random() * 4);
      const table = crossTab(Array.from({ length: rows }, () => Array.from({ length: columns }, () => count(random))));
      const shown = suppressTable(table);
      expectProtected(table, shown);
      const withheld = Object.keys(shown).filter((name) => shown[name] === null);
      expect(suppressTable(table, { alsoWithhold: withheld })).toEqual(shown);
    }
  });

  it('refuses a table that does not add up, or names a cell it lacks', () => {
    expect(() => suppressTable({ cells: { t: 12, a: 11, b: 0 }, sums: [{ total: 't', parts: ['a', 'b'] }] })).toThrow(
      RangeError,
    );
    expect(() => suppressTable({ cells: { t: 12, a: 12 }, sums: [{ total: 't', parts: ['a', 'b'] }] })).toThrow(
      'No cell b',
    );
    expect(() => suppressTable({ cells: { t: -1 }, sums: [] })).toThrow('not a count');
  });
});
