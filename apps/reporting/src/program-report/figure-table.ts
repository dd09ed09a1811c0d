import { suppressTable, type CellSum } from '@lead/disclosure-control';

/** A count as released: `null` where withheld as a small cell (or as its complement). */
export type Count = number | null;

/**
 * The counts of one report, collected by name with the sums that tie them, so that small-cell suppression sees the
 * whole report at once: a cell withheld in one section cannot be given back by a total shown in another.
 */
export class FigureTable {
  private readonly cells: Record<string, number> = {};
  private readonly sums: CellSum[] = [];
  private readonly implied: string[] = [];

  /** A count the report shows. */
  count(name: string, value: number): string {
    this.cells[name] = value;
    return name;
  }

  /** A count the report does not show but its other cells give (e.g. referrals not yet screened). */
  impliedCount(name: string, value: number): string {
    this.implied.push(this.count(name, value));
    return name;
  }

  /** `total` = the sum of `parts`, as any reader of the report can tell. */
  sum(total: string, parts: readonly string[]): void {
    this.sums.push({ total, parts });
  }

  /** Every count, exact (program admins) or with small cells and their complements withheld (evaluators). */
  release(suppress: boolean): (name: string) => Count {
    const released = suppress
      ? suppressTable({ cells: this.cells, sums: this.sums, implied: this.implied })
      : (this.cells as Record<string, Count>);
    return (name) => {
      if (!Object.hasOwn(released, name)) throw new RangeError(`No count ${name} in this report.`);
      return released[name];
    };
  }
}
