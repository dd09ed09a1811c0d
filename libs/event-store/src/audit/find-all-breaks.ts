import type { EventStore } from '../event-store.port.js';
import { ChainWalker, short, type WalkedHead } from './chain-walker.js';
import type { Finding } from './findings.js';
import { readAllEvents } from './read-all-pages.js';
import type { IndexedHead, StreamIndex } from './stream-index.js';

export interface FindAllBreaksOptions {
  /** The adapter's head index (`postgresStreamIndex`); without it only the events themselves are checked. */
  streamIndex?: StreamIndex;
  pageSize?: number;
}

export interface AuditReport {
  ok: boolean;
  eventsChecked: number;
  streamsChecked: number;
  findings: Finding[];
}

/**
 * Every break in every hash chain, not just the first (`verifyAll` stops there): walks `$all` through the port and
 * checks each event's hash, its link to its predecessor and the revision sequence (`ChainWalker`), then compares the
 * adapter's stream index with the last events seen, when there is one. This finds edits that did not recompute the
 * chain; a rewrite that did is found only against a signed checkpoint (`verifyAgainstCheckpoints`).
 */
export async function findAllBreaks(store: EventStore, options: FindAllBreaksOptions = {}): Promise<AuditReport> {
  const walker = new ChainWalker();
  for await (const event of readAllEvents(store, options.pageSize)) walker.add(event);
  const findings = [...walker.findings];
  if (options.streamIndex) findings.push(...(await compareIndex(store, options.streamIndex, walker.heads)));
  return {
    ok: findings.length === 0,
    eventsChecked: walker.eventsChecked,
    streamsChecked: walker.heads.size,
    findings,
  };
}

async function compareIndex(
  store: EventStore,
  index: StreamIndex,
  walked: ReadonlyMap<string, WalkedHead>,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const indexed = new Set<string>();
  for await (const row of index.heads()) {
    indexed.add(row.streamId);
    const head = walked.get(row.streamId);
    if (!head) {
      if (row.revision >= 0 && !(await stillPending(store, row.streamId, -1, row))) {
        findings.push({
          kind: 'stream-without-events',
          streamId: row.streamId,
          revision: 0,
          toRevision: row.revision,
          detail: `the stream index has revision ${row.revision} and no event of the stream is left`,
        });
      }
      continue;
    }
    if (head.revision === row.revision && head.hash === row.lastHash) continue;
    if (row.revision > head.revision && (await stillPending(store, row.streamId, head.revision, row))) continue;
    findings.push({
      kind: 'head-mismatch',
      streamId: head.streamId,
      revision: head.revision,
      eventId: head.eventId,
      position: head.position,
      detail: `the stream index has revision ${row.revision} hash ${short(row.lastHash)}; the last event is revision ${head.revision} hash ${short(head.hash)}`,
    });
  }
  for (const head of walked.values())
    // Gone whole since the walk (a purge) is not a break; an index row deleted from under stored events is.
    if (!indexed.has(head.streamId) && (await index.hasEvents(head.streamId)))
      findings.push({ kind: 'head-mismatch', ...head, detail: 'the stream has events and no row in the stream index' });
  return findings;
}

/**
 * The index may be ahead of `$all` without tampering: on PostgreSQL an event committed while an older transaction
 * is still open is held back by the xid fence from `$all`, not from a stream read, and appends go on while the walk
 * and the index pages are read. If the stream still has, at the indexed revision, an event with the indexed hash,
 * the index told the truth when it was read (whatever was appended since) and it is left to the next audit.
 */
async function stillPending(store: EventStore, streamId: string, after: number, row: IndexedHead): Promise<boolean> {
  if (row.revision <= after) return false;
  try {
    const [event] = await store.readStream(streamId, { fromRevision: row.revision, maxCount: 1 });
    return event?.streamRevision === row.revision && event.hash === row.lastHash;
  } catch {
    return false;
  }
}
