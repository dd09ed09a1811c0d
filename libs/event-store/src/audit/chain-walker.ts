import type { RecordedEvent } from '../event-envelope.js';
import { recomputedHash } from '../hash-chain.js';
import { formatPosition } from '../position.js';
import type { Finding } from './findings.js';

/** What the walker knows of a stream once its events went by: the last revision and the hash stored for it. */
export interface WalkedHead {
  streamId: string;
  revision: number;
  hash: string;
  eventId: string;
  position: string;
}

/**
 * Checks each stream's hash chain as `$all` goes by (global order keeps each stream's revision order, see migration
 * 0002), and *keeps going* after a break: it carries on from the hash stored in the broken event, so an edit is
 * reported once, at that event, and an independent break later in the same or another stream is reported too.
 * Pure (no I/O); memory is one head per stream.
 */
export class ChainWalker {
  readonly findings: Finding[] = [];
  readonly heads = new Map<string, WalkedHead>();
  eventsChecked = 0;

  add(event: RecordedEvent): void {
    const head = this.heads.get(event.streamId);
    const expectedRevision = head ? head.revision + 1 : 0;
    const at = {
      streamId: event.streamId,
      revision: event.streamRevision,
      eventId: event.eventId,
      position: formatPosition(event.position),
    };
    if (event.streamRevision > expectedRevision)
      this.findings.push({
        kind: 'revision-gap',
        streamId: event.streamId,
        revision: expectedRevision,
        toRevision: event.streamRevision - 1,
        detail: `revisions ${expectedRevision}..${event.streamRevision - 1} are missing before event ${event.eventId} (revision ${event.streamRevision}, position ${at.position})`,
      });
    else if (event.streamRevision < expectedRevision)
      this.findings.push({
        ...at,
        kind: 'revision-gap',
        detail: `revision repeated or out of order after ${head?.revision}`,
      });
    // After a gap the stored previous hash cannot be checked against anything we saw; the link is checked otherwise.
    const unlinked = event.streamRevision === expectedRevision && linkMismatchOf(event, head?.hash ?? '');
    if (unlinked) this.findings.push(unlinked);
    const edited = hashMismatchOf(event);
    if (edited) this.findings.push(edited);
    this.heads.set(event.streamId, {
      streamId: at.streamId,
      revision: at.revision,
      eventId: at.eventId,
      position: at.position,
      hash: event.hash,
    });
    this.eventsChecked++;
  }
}

export function short(hash: string): string {
  return hash === '' ? "''" : `${hash.slice(0, 12)}…`;
}

/** Where a finding about a stored event is: its stream, revision, id and global position. */
export function locationOf(event: RecordedEvent): Pick<Finding, 'streamId' | 'revision' | 'eventId' | 'position'> {
  return {
    streamId: event.streamId,
    revision: event.streamRevision,
    eventId: event.eventId,
    position: formatPosition(event.position),
  };
}

/** `hash-mismatch` when the event's content no longer hashes to its stored hash (an edit). */
export function hashMismatchOf(event: RecordedEvent): Finding | undefined {
  const recomputed = recomputedHash(event);
  if (recomputed === event.hash) return undefined;
  return {
    ...locationOf(event),
    kind: 'hash-mismatch',
    detail: `content hashes to ${short(recomputed)}, stored hash is ${short(event.hash)}`,
  };
}

/** `previous-hash-mismatch` when the event does not link to `expected`, the stored hash of its predecessor. */
export function linkMismatchOf(event: RecordedEvent, expected: string): Finding | undefined {
  if (event.previousHash === expected) return undefined;
  // A restart flagged by the EventStoreDB adapter's writer (`chainRestart`) links to nothing, as its verifier accepts.
  if (event.chainRestart === true && event.previousHash === '') return undefined;
  return {
    ...locationOf(event),
    kind: 'previous-hash-mismatch',
    detail: `previous hash ${short(event.previousHash)} is not the stored hash ${short(expected)} of revision ${event.streamRevision - 1}`,
  };
}
