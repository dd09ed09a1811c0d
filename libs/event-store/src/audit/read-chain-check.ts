import type { RecordedEvent } from '../event-envelope.js';
import { recomputedHash } from '../hash-chain.js';
import { formatPosition } from '../position.js';
import { short } from './chain-walker.js';
import type { Finding } from './findings.js';

/**
 * What can be checked of a stream read on its own: each event hashes to its stored hash, and each event that follows
 * its predecessor in the read links to that predecessor's stored hash. A read may start anywhere, go backwards or
 * skip what the stream's metadata hides, so only neighbouring revisions are linked; the rest is the chain walk's.
 * Pure; about one sha256 of the event's canonical JSON per event.
 */
export function checkReadEvents(events: readonly RecordedEvent[]): Finding[] {
  const findings: Finding[] = [];
  // What a read hides (truncateBefore, maxAge, maxCount) is a prefix of the stream: inside a read, forwards or
  // backwards, revisions follow each other one by one. A hole is an event deleted from the middle.
  for (let i = 1; i < events.length; i++) {
    const [before, after] = [events[i - 1], events[i]];
    const step = after.streamRevision - before.streamRevision;
    if (Math.abs(step) !== 1) {
      const [low, high] = step > 0 ? [before, after] : [after, before];
      findings.push({
        kind: 'revision-gap',
        streamId: after.streamId,
        revision: low.streamRevision + 1,
        toRevision: high.streamRevision - 1,
        detail: `revisions ${low.streamRevision + 1}..${high.streamRevision - 1} are missing between events ${low.eventId} and ${high.eventId} of one read`,
      });
    }
  }
  const byRevision = new Map<number, RecordedEvent>();
  for (const event of events) byRevision.set(event.streamRevision, event);
  for (const event of events) {
    const at = {
      streamId: event.streamId,
      revision: event.streamRevision,
      eventId: event.eventId,
      position: formatPosition(event.position),
    };
    const recomputed = recomputedHash(event);
    if (recomputed !== event.hash)
      findings.push({
        ...at,
        kind: 'hash-mismatch',
        detail: `content hashes to ${short(recomputed)}, stored hash is ${short(event.hash)}`,
      });
    const predecessor = byRevision.get(event.streamRevision - 1);
    if (predecessor && predecessor.hash !== event.previousHash)
      findings.push({
        ...at,
        kind: 'previous-hash-mismatch',
        detail: `previous hash ${short(event.previousHash)} is not the stored hash ${short(predecessor.hash)} of revision ${predecessor.streamRevision}`,
      });
  }
  return findings;
}
