import type { HashChainBreak, VerifyResult } from '../event-store.port.js';
import { chainHash, type HashedContent } from '../hash-chain.js';
import { hashedContentOf, type EsdbRecordedEventLike } from './envelope-mapping.js';

/** One event as the verifier sees it: its place, its stored hashes and what they cover. */
export interface ChainLink {
  streamId: string;
  streamRevision: number;
  /** Undefined when the event carries no `$lead` envelope (not written through this adapter). */
  stored?: { previousHash: string; hash: string; restart?: boolean; content: HashedContent };
}

export function chainLinkOf(event: EsdbRecordedEventLike): ChainLink {
  const hashed = hashedContentOf(event);
  return {
    streamId: event.streamId,
    streamRevision: Number(event.revision),
    stored: hashed && {
      previousHash: hashed.lead.previousHash,
      hash: hashed.lead.hash,
      restart: hashed.lead.restart,
      content: hashed.content,
    },
  };
}

/**
 * Recomputes hash chains from events fed in stream order (several streams may interleave, as in
 * `$all`), and stops at the first event whose revision sequence, link to its predecessor, or content
 * does not match what was recorded — the same checks and wording as the PostgreSQL verifier.
 *
 * EventStoreDB can hide or scavenge a stream's oldest events (`$tb`, `$maxCount`, `$maxAge`, soft
 * delete), so the first event seen of a stream is the anchor: at revision 0 it must link to ''; later
 * its stored previous hash is taken as given. An event flagged `restart` (written when its writer
 * could not read the previous hash) may link to '' instead of its predecessor.
 */
export class ChainVerifier {
  private readonly heads = new Map<string, { revision: number; hash: string }>();
  private eventsChecked = 0;
  private broken: HashChainBreak | undefined;

  /** Checks one event; returns the break if it is the first one found. */
  add(link: ChainLink): (HashChainBreak & { ok: false; eventsChecked: number }) | undefined {
    if (this.broken) return { ok: false, eventsChecked: this.eventsChecked, ...this.broken };
    const head = this.heads.get(link.streamId);
    const fail = (revision: number, reason: string) => {
      this.broken = { streamId: link.streamId, revision, reason };
      return { ok: false as const, eventsChecked: this.eventsChecked, ...this.broken };
    };
    if (head && link.streamRevision !== head.revision + 1)
      return fail(head.revision + 1, `revision ${head.revision + 1} is missing`);
    const stored = link.stored;
    if (!stored) return fail(link.streamRevision, 'event carries no hash chain');
    const expectedPrevious = head ? head.hash : link.streamRevision === 0 ? '' : stored.previousHash;
    const linked = stored.previousHash === expectedPrevious || (stored.restart === true && stored.previousHash === '');
    if (!linked) return fail(link.streamRevision, 'link to the previous event does not match');
    if (chainHash(stored.previousHash, stored.content) !== stored.hash)
      return fail(link.streamRevision, 'content does not match its hash');
    this.heads.set(link.streamId, { revision: link.streamRevision, hash: stored.hash });
    this.eventsChecked++;
    return undefined;
  }

  result(): VerifyResult {
    if (this.broken) return { ok: false, eventsChecked: this.eventsChecked, ...this.broken };
    return { ok: true, eventsChecked: this.eventsChecked, streamsChecked: this.heads.size };
  }
}
