import type { FindingKind } from './findings.js';

/**
 * A stream whose hash chain does not verify, or that an audit found broken and that no later audit found whole
 * again: it is neither served nor written until then (docs/audit.md, "A stream found broken"). A decision taken on
 * edited history would carry the edit forward under a fresh, valid hash.
 */
export class StreamIntegrityBroken extends Error {
  override readonly name = 'StreamIntegrityBroken';
  constructor(
    readonly streamId: string,
    /** What was found wrong with it (`hash-mismatch`, `event-changed`, …). */
    readonly kinds: readonly FindingKind[],
    /**
     * The jurisdictions its events name (their metadata, as stored; empty when unknown): a caller of another
     * jurisdiction is answered as for a record that does not exist, not told that this one is held.
     */
    readonly jurisdictions: readonly string[] = [],
  ) {
    super(`Stream ${streamId} failed its integrity check (${kinds.join(', ')}): it is not read or written`);
  }
}
