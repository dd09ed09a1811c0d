import type { RecordedEvent } from '../event-envelope.js';
import type { EventStore } from '../event-store.port.js';
import { chainHash } from '../hash-chain.js';
import { formatPosition } from '../position.js';
import { short } from './chain-walker.js';
import type { Finding } from './findings.js';

export interface LiveChainVerifierOptions {
  /** Stream heads kept in memory (least recently seen dropped first); a miss costs one stream read. Default 100,000. */
  maxHeads?: number;
}

/** What the verifier has done so far (for the worker's metrics). */
export interface LiveChainVerifierStats {
  eventsChecked: number;
  /** Links looked up in the store because the predecessor's head was not in memory. */
  headLookups: number;
  /** Links that could not be checked: the predecessor is not readable (purged, deleted, hidden by the metadata). */
  linksUnchecked: number;
}

/**
 * Checks events as they are appended, from wherever it starts following `$all`: each event's own hash, and its link
 * to the stored hash of the stream's previous revision, which it remembers from earlier events or reads once from
 * the store. An edit of an event appended before it started is the scheduled full walk's (`findAllBreaks`) and the
 * checkpoints' to find; what this adds is that a forged or edited *new* event is found within a page of its append.
 */
export class LiveChainVerifier {
  private readonly heads = new Map<string, { revision: number; hash: string }>();
  private readonly maxHeads: number;
  readonly stats: LiveChainVerifierStats = { eventsChecked: 0, headLookups: 0, linksUnchecked: 0 };

  constructor(
    private readonly store: Pick<EventStore, 'readStream'>,
    options: LiveChainVerifierOptions = {},
  ) {
    this.maxHeads = options.maxHeads ?? 100_000;
  }

  /** The findings of one page of `$all`, in order; remembers the page's heads. */
  async check(page: readonly RecordedEvent[]): Promise<Finding[]> {
    const findings: Finding[] = [];
    for (const event of page) {
      const at = {
        streamId: event.streamId,
        revision: event.streamRevision,
        eventId: event.eventId,
        position: formatPosition(event.position),
      };
      const recomputed = chainHash(event.previousHash, { ...event, recordedAt: event.recordedAt.toISOString() });
      if (recomputed !== event.hash)
        findings.push({
          ...at,
          kind: 'hash-mismatch',
          detail: `content hashes to ${short(recomputed)}, stored hash is ${short(event.hash)}`,
        });
      const expected = await this.previousHashOf(event);
      if (expected !== undefined && expected !== event.previousHash)
        findings.push({
          ...at,
          kind: 'previous-hash-mismatch',
          detail: `previous hash ${short(event.previousHash)} is not the stored hash ${short(expected)} of revision ${event.streamRevision - 1}`,
        });
      this.remember(event.streamId, { revision: event.streamRevision, hash: event.hash });
      this.stats.eventsChecked++;
    }
    return findings;
  }

  /** The stored hash of the event before this one in its stream; undefined when it cannot be read. */
  private async previousHashOf(event: RecordedEvent): Promise<string | undefined> {
    if (event.streamRevision === 0) return '';
    const head = this.heads.get(event.streamId);
    if (head?.revision === event.streamRevision - 1) return head.hash;
    this.stats.headLookups++;
    try {
      const [previous] = await this.store.readStream(event.streamId, {
        fromRevision: event.streamRevision - 1,
        maxCount: 1,
      });
      if (previous?.streamRevision === event.streamRevision - 1) return previous.hash;
    } catch {
      // Deleted or purged since: nothing to link against.
    }
    this.stats.linksUnchecked++;
    return undefined;
  }

  private remember(streamId: string, head: { revision: number; hash: string }): void {
    this.heads.delete(streamId);
    this.heads.set(streamId, head);
    if (this.heads.size > this.maxHeads) this.heads.delete(this.heads.keys().next().value!);
  }
}
