import { createHash } from 'node:crypto';

/**
 * A running digest over `$all`: d₀ = '' and dᵢ = sha256(dᵢ₋₁ ‖ hashᵢ), hex, over the events' hashes in global order.
 * Each event hash already covers its content, stream id, revision and event id, so this one value commits to every
 * event up to a position *and* to their order: deleting, inserting, reordering or rewriting any of them changes it,
 * even when the rewriter recomputed every stream's chain. It says *that* something changed, not where — the per-stream
 * heads and fingerprints of a checkpoint say where. Pure; O(1) memory.
 */
export class RollingDigest {
  private current = '';
  private n = 0;

  add(eventHash: string): this {
    this.current = createHash('sha256').update(this.current, 'utf8').update(eventHash, 'utf8').digest('hex');
    this.n++;
    return this;
  }

  get value(): string {
    return this.current;
  }

  get count(): number {
    return this.n;
  }
}

export function rollingDigest(eventHashes: Iterable<string>): string {
  const digest = new RollingDigest();
  for (const hash of eventHashes) digest.add(hash);
  return digest.value;
}
