import type { RecordedEvent } from '../event-envelope.js';
import { StreamNotFound } from '../errors.js';
import type { EventStore } from '../event-store.port.js';
import { hashMismatchOf, linkMismatchOf } from './chain-walker.js';
import type { Finding } from './findings.js';

/** Stream reads in flight at once while a page's unknown heads are looked up. */
const LOOKUP_CONCURRENCY = 8;

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
    const looked = await this.lookUpHeads(page);
    const findings: Finding[] = [];
    for (const event of page) {
      const edited = hashMismatchOf(event);
      if (edited) findings.push(edited);
      const expected = this.previousHashOf(event, looked);
      const unlinked = expected !== undefined && linkMismatchOf(event, expected);
      if (unlinked) findings.push(unlinked);
      this.remember(event.streamId, { revision: event.streamRevision, hash: event.hash });
      this.stats.eventsChecked++;
    }
    return findings;
  }

  /** The stored hash of the event before this one in its stream; undefined when it cannot be read. */
  private previousHashOf(event: RecordedEvent, looked: ReadonlyMap<string, string | undefined>): string | undefined {
    if (event.streamRevision === 0) return '';
    const head = this.heads.get(event.streamId);
    if (head?.revision === event.streamRevision - 1) return head.hash;
    const key = `${event.streamId}@${event.streamRevision - 1}`;
    if (looked.has(key)) return looked.get(key);
    this.stats.linksUnchecked++;
    return undefined;
  }

  /**
   * Reads, before the page is checked, the predecessor of each stream's first event in it that is not remembered:
   * several at a time (a page of appends to streams not seen since the start is the common case after a restart,
   * and one read after the other would put the verifier behind the writers).
   */
  private async lookUpHeads(page: readonly RecordedEvent[]): Promise<Map<string, string | undefined>> {
    const wanted: Array<{ streamId: string; revision: number }> = [];
    const seen = new Set<string>();
    for (const event of page) {
      if (seen.has(event.streamId)) continue;
      seen.add(event.streamId);
      const head = this.heads.get(event.streamId);
      if (event.streamRevision > 0 && head?.revision !== event.streamRevision - 1)
        wanted.push({ streamId: event.streamId, revision: event.streamRevision - 1 });
    }
    const looked = new Map<string, string | undefined>();
    for (let i = 0; i < wanted.length; i += LOOKUP_CONCURRENCY) {
      const batch = wanted.slice(i, i + LOOKUP_CONCURRENCY);
      const hashes = await Promise.all(batch.map(({ streamId, revision }) => this.storedHash(streamId, revision)));
      batch.forEach(({ streamId, revision }, index) => {
        const hash = hashes[index];
        if (hash !== undefined) looked.set(`${streamId}@${revision}`, hash);
      });
    }
    this.stats.headLookups += wanted.length;
    return looked;
  }

  private async storedHash(streamId: string, revision: number): Promise<string | undefined> {
    try {
      const [previous] = await this.store.readStream(streamId, { fromRevision: revision, maxCount: 1 });
      return previous?.streamRevision === revision ? previous.hash : undefined;
    } catch (error) {
      if (error instanceof StreamNotFound) return undefined; // deleted or purged since: nothing to link against
      // Anything else fails closed: a stream held for its integrity (a chain-checked store refuses to read it), a
      // lost connection. Counting the link unchecked would let the event through unverified.
      throw error;
    }
  }

  private remember(streamId: string, head: { revision: number; hash: string }): void {
    this.heads.delete(streamId);
    this.heads.set(streamId, head);
    if (this.heads.size > this.maxHeads) this.heads.delete(this.heads.keys().next().value!);
  }
}
