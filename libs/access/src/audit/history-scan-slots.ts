/**
 * How many participant histories one replica reads at once, and one per caller: each is a pass over the whole log
 * (seconds per million events), so unbounded they would let one client keep the store busy for every other one.
 * In memory, per replica: replicas share the database, so the bound of a deployment is replicas × `total`.
 */
export class HistoryScanSlots {
  private readonly holders = new Set<string>();

  constructor(private readonly total: number) {
    if (!Number.isInteger(total) || total < 1) throw new RangeError('total must be a positive integer');
  }

  /** A release function, or why there is no slot: `own` when the caller already reads one, `full` otherwise. */
  acquire(subject: string): { release: () => void } | { refused: 'own' | 'full' } {
    if (this.holders.has(subject)) return { refused: 'own' };
    if (this.holders.size >= this.total) return { refused: 'full' };
    this.holders.add(subject);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.holders.delete(subject);
      },
    };
  }

  get inUse(): number {
    return this.holders.size;
  }
}
