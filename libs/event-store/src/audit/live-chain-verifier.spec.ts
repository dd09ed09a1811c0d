import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '../event-envelope.js';
import type { EventStore } from '../event-store.port.js';
import { StreamNotFound } from '../errors.js';
import { chainHash } from '../hash-chain.js';
import { withChainCheck, type StreamIntegrityGuard } from './chain-checked-store.js';
import type { Finding } from './findings.js';
import { ChainWalker } from './chain-walker.js';
import { LiveChainFollower } from './live-chain-follower.js';
import { LiveChainVerifier } from './live-chain-verifier.js';
import { checkReadEvents } from './read-chain-check.js';
import { StreamIntegrityBroken } from './stream-integrity-broken.js';

let position = 0n;
/** A stream of `count` events with a valid chain. */
function chain(streamId: string, count: number, jurisdiction?: string): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  let previousHash = '';
  for (let revision = 0; revision < count; revision++) {
    position++;
    const content = {
      eventId: randomUUID(),
      type: 'Step',
      schemaVersion: 1,
      streamId,
      streamRevision: revision,
      recordedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, revision)),
      data: { revision },
      metadata: { correlationId: randomUUID(), ...(jurisdiction !== undefined && { jurisdiction }) },
    };
    const hash = chainHash(previousHash, { ...content, recordedAt: content.recordedAt.toISOString() });
    events.push({ ...content, position: { commit: position, prepare: position }, previousHash, hash });
    previousHash = hash;
  }
  return events;
}

/** Only what the verifier and the wrapper call: reads of one stream from a list. */
function storeOf(events: RecordedEvent[]): EventStore {
  return {
    readStream: (streamId: string, options: { fromRevision?: number; maxCount?: number } = {}) => {
      const of = events.filter((e) => e.streamId === streamId && e.streamRevision >= (options.fromRevision ?? 0));
      if (of.length === 0) return Promise.reject(new StreamNotFound(streamId));
      return Promise.resolve(of.slice(0, options.maxCount ?? of.length));
    },
    appendToStream: () => Promise.resolve({ nextExpectedRevision: 0, position: { commit: 1n, prepare: 1n } }),
    appendToStreams: () => Promise.resolve([]),
  } as unknown as EventStore;
}

const edited = (event: RecordedEvent): RecordedEvent => ({ ...event, data: { revision: 99 } });

describe('LiveChainVerifier', () => {
  it('fails closed when a predecessor cannot be read for another reason than being gone: a held stream', async () => {
    const a = chain('a-1', 3);
    const held = withChainCheck(storeOf(a), { openFindings: () => ['previous-hash-mismatch'], reportBroken: () => {} });
    // The relay's case: restarted after revision 1, so revision 2 is the first of the stream it sees.
    await expect(new LiveChainVerifier(held).check([a[2]])).rejects.toBeInstanceOf(StreamIntegrityBroken);
    // A stream gone (deleted, purged) has nothing to link against: counted unchecked, not an error.
    const gone = new LiveChainVerifier(storeOf([]));
    expect(await gone.check([a[2]])).toEqual([]);
    expect(gone.stats.linksUnchecked).toBe(1);
  });

  it('accepts a chain restart flagged by the EventStoreDB adapter, and only that empty link', async () => {
    const a = chain('a-1', 3);
    const restartedHash = chainHash('', { ...a[2], recordedAt: a[2].recordedAt.toISOString() });
    const restart = { ...a[2], previousHash: '', hash: restartedHash };
    const verifier = new LiveChainVerifier(storeOf(a));
    expect(await verifier.check([a[0], a[1], { ...restart, chainRestart: true }])).toEqual([]);
    const unflagged = new LiveChainVerifier(storeOf(a));
    expect((await unflagged.check([a[0], a[1], restart])).map((f) => f.kind)).toEqual(['previous-hash-mismatch']);
    const walker = new ChainWalker();
    for (const event of [a[0], a[1], { ...restart, chainRestart: true as const }]) walker.add(event);
    expect(walker.findings).toEqual([]);
  });

  it('passes appended events whose hashes and links hold, remembering heads across pages', async () => {
    const a = chain('a-1', 3);
    const b = chain('b-1', 2);
    const verifier = new LiveChainVerifier(storeOf([...a, ...b]));
    expect(await verifier.check([a[0], b[0], a[1]])).toEqual([]);
    expect(await verifier.check([b[1], a[2]])).toEqual([]);
    expect(verifier.stats).toEqual({ eventsChecked: 5, headLookups: 0, linksUnchecked: 0 });
  });

  it('reads the previous event of a stream it has not seen yet, once', async () => {
    const a = chain('a-1', 4);
    const verifier = new LiveChainVerifier(storeOf(a));
    expect(await verifier.check([a[2], a[3]])).toEqual([]);
    expect(verifier.stats.headLookups).toBe(1);
  });

  it('finds an edited event at itself, and a forged link at the event that carries it', async () => {
    const a = chain('a-1', 3);
    const verifier = new LiveChainVerifier(storeOf(a));
    const findings = await verifier.check([a[0], edited(a[1]), { ...a[2], previousHash: 'f'.repeat(64) }]);
    expect(findings.map((f: Finding) => [f.kind, f.revision, f.eventId])).toEqual([
      ['hash-mismatch', 1, a[1].eventId],
      ['hash-mismatch', 2, a[2].eventId],
      ['previous-hash-mismatch', 2, a[2].eventId],
    ]);
    expect(findings[0].position).toBe(`${a[1].position.commit}/${a[1].position.prepare}`);
  });

  it('counts a link it cannot check when the previous event is gone, and keeps bounded heads', async () => {
    const a = chain('a-1', 2);
    const verifier = new LiveChainVerifier(storeOf([]), { maxHeads: 1 });
    expect(await verifier.check([a[1]])).toEqual([]);
    expect(verifier.stats.linksUnchecked).toBe(1);
    const b = chain('b-1', 2);
    await verifier.check([b[0], b[1]]);
    expect(verifier.stats.headLookups).toBe(1);
  });
});

describe('checkReadEvents', () => {
  it('checks each event and the links between neighbours of a read, whichever its direction', () => {
    const a = chain('a-1', 4);
    expect(checkReadEvents(a)).toEqual([]);
    expect(checkReadEvents([...a].reverse())).toEqual([]);
    expect(checkReadEvents([a[3]])).toEqual([]);
    // An edit leaves the stored hash, so the next event still links to it: found at the edited event alone.
    expect(checkReadEvents([a[0], edited(a[1]), a[2]]).map((f) => [f.kind, f.revision])).toEqual([
      ['hash-mismatch', 1],
    ]);
    // An event deleted from the middle: its neighbours in one read are two revisions apart.
    expect(checkReadEvents([a[0], a[2], a[3]]).map((f) => [f.kind, f.revision, f.toRevision])).toEqual([
      ['revision-gap', 1, 1],
    ]);
    expect(checkReadEvents([a[3], a[2], a[0]]).map((f) => [f.kind, f.revision])).toEqual([['revision-gap', 1]]);
    const relinked = { ...a[2], previousHash: a[0].hash };
    expect(checkReadEvents([a[1], relinked]).map((f) => [f.kind, f.revision])).toEqual([
      ['hash-mismatch', 2],
      ['previous-hash-mismatch', 2],
    ]);
  });
});

describe('withChainCheck', () => {
  const guard = (held: Record<string, Finding['kind'][]> = {}) => {
    const reported: Array<[string, readonly Finding[]]> = [];
    const g: StreamIntegrityGuard = {
      openFindings: (streamId) => held[streamId] ?? [],
      reportBroken: (streamId, findings) => reported.push([streamId, findings]),
    };
    return { g, reported };
  };

  it('serves a stream that verifies and refuses one that does not, telling the guard', async () => {
    const a = chain('a-1', 2);
    const b = chain('b-1', 2);
    const { g, reported } = guard();
    const store = withChainCheck(storeOf([...a, edited(b[0]), b[1]]), g);
    expect(await store.readStream('a-1')).toEqual(a);
    await expect(store.readStream('b-1')).rejects.toEqual(new StreamIntegrityBroken('b-1', ['hash-mismatch']));
    expect(reported.map(([streamId, findings]) => [streamId, findings.length])).toEqual([['b-1', 1]]);
  });

  it('neither reads nor appends to a stream with an open finding, on its own or among others', async () => {
    const a = chain('a-1', 1);
    const { g } = guard({ 'a-1': ['event-changed'] });
    const store = withChainCheck(storeOf(a), g);
    await expect(store.readStream('a-1')).rejects.toBeInstanceOf(StreamIntegrityBroken);
    await expect(store.appendToStream('a-1', [], 0)).rejects.toEqual(
      new StreamIntegrityBroken('a-1', ['event-changed']),
    );
    await expect(
      store.appendToStreams([
        { streamId: 'c-1', events: [], expectedRevision: 'no_stream' },
        { streamId: 'a-1', events: [], expectedRevision: 0 },
      ]),
    ).rejects.toBeInstanceOf(StreamIntegrityBroken);
    await expect(store.appendToStream('c-1', [], 'no_stream')).resolves.toBeDefined();
    // Nor buries it: deleting it or hiding its events with metadata is refused as well.
    await expect(store.deleteStream('a-1')).rejects.toBeInstanceOf(StreamIntegrityBroken);
    await expect(store.setStreamMetadata('a-1', { truncateBefore: 1 })).rejects.toBeInstanceOf(StreamIntegrityBroken);
  });

  it('names the jurisdictions the refused stream’s events record, held or found broken on the read', async () => {
    const held = chain('a-1', 2, 'denver');
    const broken = chain('b-1', 2, 'seattle-king-county');
    const store = withChainCheck(
      storeOf([...held, edited(broken[0]), broken[1]]),
      guard({ 'a-1': ['event-changed'] }).g,
    );
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(await refusal(store.readStream('a-1'))).toMatchObject({ jurisdictions: ['denver'] });
    expect(await refusal(store.appendToStream('a-1', [], 1))).toMatchObject({ jurisdictions: ['denver'] });
    expect(await refusal(store.readStream('b-1'))).toMatchObject({ jurisdictions: ['seattle-king-county'] });
    // A stream whose events name none: nothing is known, nothing is invented.
    const unnamed = withChainCheck(storeOf(chain('c-1', 1)), guard({ 'c-1': ['hash-mismatch'] }).g);
    expect(await refusal(unnamed.readStream('c-1'))).toMatchObject({ jurisdictions: [] });
  });
});

describe('LiveChainFollower', () => {
  it('checks what is appended after the head it started at, page by page, and stops when told', async () => {
    const before = chain('a-1', 2);
    const log: RecordedEvent[] = [...before];
    const store = {
      ...storeOf(log),
      headPosition: () => Promise.resolve(log.at(-1)?.position),
      readAll: ({ after, maxCount }: { after: RecordedEvent['position'] | 'start'; maxCount: number }) =>
        Promise.resolve(log.filter((e) => after === 'start' || e.position.commit > after.commit).slice(0, maxCount)),
    } as unknown as EventStore;
    const follower = new LiveChainFollower(store, { intervalMs: 5, pageSize: 2 });
    const stop = new AbortController();
    const seen: Array<[string[], string[]]> = [];
    let started!: () => void;
    const ready = new Promise<void>((resolve) => (started = resolve));
    const running = follower.run(
      stop.signal,
      (page, findings) => void seen.push([page.map((e) => e.eventId), findings.map((f) => f.kind)]),
      started,
    );
    await ready;
    const later = chain('b-1', 3);
    log.push(later[0], edited(later[1]), later[2]);
    while (seen.flatMap(([ids]) => ids).length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    stop.abort();
    await running;
    // The events before the start are not read again; the edited one is found where it is.
    expect(seen.flatMap(([ids]) => ids)).toEqual(later.map((e) => e.eventId));
    expect(seen.flatMap(([, kinds]) => kinds)).toEqual(['hash-mismatch']);
  });
});
