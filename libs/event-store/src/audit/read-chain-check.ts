import type { RecordedEvent } from '../event-envelope.js';
import { hashMismatchOf, linkMismatchOf } from './chain-walker.js';
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
    const edited = hashMismatchOf(event);
    if (edited) findings.push(edited);
    const predecessor = byRevision.get(event.streamRevision - 1);
    const unlinked = predecessor && linkMismatchOf(event, predecessor.hash);
    if (unlinked) findings.push(unlinked);
  }
  return findings;
}
