/**
 * EsdbEventStore against a SIMULATED EventStoreDB: an in-memory stand-in for `@eventstore/db-client`
 * that implements the server semantics this adapter relies on, as read in EventStoreDB's source
 * (IndexWriter.CheckCommit for expected revisions and idempotence; `$tb` / `$maxCount` applied to
 * stream reads, not to `$all`; `$all` reads inclusive of their start position, subscriptions
 * exclusive; caught-up signal after history). It checks the adapter's own logic — chain computation,
 * retries, idempotent re-appends, soft delete, metadata, paging, subscriptions — with the shared
 * contract suite. It says nothing about EventStoreDB itself: that is what
 * libs/event-store/test/esdb.int-spec.ts does when ESDB_CONNECTION_STRING is set.
 */
import { Readable } from 'node:stream';
import { StreamNotFoundError, WrongExpectedVersionError, type EventStoreDBClient } from '@eventstore/db-client';
import { describeEventStoreContract, anEvent, newStreamId } from '../../test/event-store.contract.js';
import type { RecordedEvent } from '../event-envelope.js';
import { StreamNotFound } from '../errors.js';
import { findAllBreaks } from '../audit/find-all-breaks.js';
import { LiveChainVerifier } from '../audit/live-chain-verifier.js';
import { EsdbEventStore } from './esdb-event-store.js';
import type { EsdbPosition } from './position-mapping.js';

interface Stored {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  created: Date;
  isJson: true;
  data: unknown;
  metadata: unknown;
  position: EsdbPosition;
}

interface Proposed {
  id: string;
  type: string;
  data: unknown;
  metadata?: unknown;
}

type Filter = { filterOn: 'streamName' | 'eventType'; prefixes?: string[]; regex?: string };

class FakeSubscription extends Readable {
  constructor(private readonly onClose: () => void) {
    super({ objectMode: true, read() {} });
  }
  async unsubscribe(): Promise<void> {
    this.onClose();
    this.push(null);
  }
}

/** The simulated server. Only what EsdbEventStore calls. */
class SimulatedEsdb {
  private readonly log: Stored[] = [];
  private readonly streams = new Map<string, Stored[]>();
  private readonly live = new Set<(event: Stored) => void>();
  private nextPosition = 1000n;
  /** Every append the adapter sent, for assertions. */
  readonly appends: { stream: string; count: number; expected: unknown }[] = [];
  /** Runs before an append is processed: lets a test put another writer between the adapter's read and write. */
  beforeAppend?: (stream: string) => Promise<void>;

  /**
   * `notFoundWhenAllTruncated`: whether reading a stream whose every event is truncated answers
   * "stream not found" (like a soft-deleted one) rather than "no events". The adapter must work
   * either way; both are run.
   */
  constructor(private readonly notFoundWhenAllTruncated = false) {
    this.write('$stats-127.0.0.1:2113', [{ id: crypto.randomUUID(), type: '$statsCollected', data: {} }]);
  }

  async appendToStream(
    stream: string,
    events: Proposed | Proposed[],
    options: { expectedRevision?: 'any' | 'no_stream' | 'stream_exists' | bigint } = {},
  ) {
    await Promise.resolve();
    await this.beforeAppend?.(stream);
    const batch = Array.isArray(events) ? events : [events];
    const expected = options.expectedRevision ?? 'any';
    this.appends.push({ stream, count: batch.length, expected });
    const existing = this.streams.get(stream) ?? [];
    const current = existing.length - 1;
    const wrong = () =>
      new WrongExpectedVersionError(undefined, {
        streamName: stream,
        expected,
        current: current < 0 ? 'no_stream' : BigInt(current),
      });
    const idempotent = (from: number) => {
      for (let i = 0; i < batch.length; i++) {
        const at = existing[from + i];
        if (!at || at.id !== batch[i].id) return i === 0 ? 'no' : 'corrupted';
      }
      return 'yes';
    };
    const success = (last: number) => ({
      success: true,
      nextExpectedRevision: BigInt(last),
      position: last >= 0 ? this.streams.get(stream)![last].position : undefined,
    });
    if (expected === 'stream_exists' && current < 0 && !this.streams.has(`$$${stream}`)) throw wrong();
    if (expected === 'any' || expected === 'stream_exists') {
      const first = batch.length ? existing.findIndex((e) => e.id === batch[0].id) : -1;
      if (first >= 0) {
        const verdict = idempotent(first);
        if (verdict === 'yes') return success(first + batch.length - 1);
        throw wrong();
      }
    } else {
      const exp = expected === 'no_stream' ? -1 : Number(expected);
      if (exp < current) {
        const verdict = batch.length ? idempotent(exp + 1) : 'no';
        if (verdict === 'yes') return success(exp + batch.length);
        throw wrong();
      }
      if (exp > current) throw wrong();
    }
    if (batch.length === 0) return success(current);
    const nativelyDeleted =
      typeof this.metadataOf(stream).$tb === 'number' && (this.metadataOf(stream).$tb as number) >= 2 ** 53;
    this.write(stream, batch);
    // EventStoreDB undeletes a soft-deleted stream it writes to: `$tb` becomes the first new revision.
    if (nativelyDeleted)
      this.write(`$$${stream}`, [
        { id: crypto.randomUUID(), type: '$metadata', data: { ...this.metadataOf(stream), $tb: current + 1 } },
      ]);
    return success(current + batch.length);
  }

  readStream(
    stream: string,
    options: { direction?: 'forwards' | 'backwards'; fromRevision?: 'start' | 'end' | bigint; maxCount?: number } = {},
  ) {
    const events = this.streams.get(stream);
    if (!events || events.length === 0) return failing(new StreamNotFoundError(undefined, stream));
    const last = events.length - 1;
    const meta = stream.startsWith('$$') ? { $maxCount: 1 } : this.metadataOf(stream);
    let firstVisible = typeof meta.$tb === 'number' ? meta.$tb : 0;
    if (typeof meta.$maxCount === 'number') firstVisible = Math.max(firstVisible, last - meta.$maxCount + 1);
    if (firstVisible >= 2 ** 53) return failing(new StreamNotFoundError(undefined, stream)); // soft-deleted
    const visible = events.filter((e) => Number(e.revision) >= firstVisible);
    if (visible.length === 0 && this.notFoundWhenAllTruncated)
      return failing(new StreamNotFoundError(undefined, stream));
    const direction = options.direction ?? 'forwards';
    const from = options.fromRevision ?? (direction === 'forwards' ? 'start' : 'end');
    const max = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    let picked: Stored[];
    if (direction === 'forwards') {
      const start = from === 'start' ? 0 : from === 'end' ? last + 1 : Number(from);
      picked = visible.filter((e) => Number(e.revision) >= start);
    } else {
      const start = from === 'end' ? last : from === 'start' ? 0 : Number(from);
      picked = visible.filter((e) => Number(e.revision) <= start).reverse();
    }
    return fromItems(picked.slice(0, max).map((e) => ({ event: clone(e) })));
  }

  readAll(
    options: {
      direction?: 'forwards' | 'backwards';
      fromPosition?: 'start' | 'end' | EsdbPosition;
      maxCount?: number;
    } = {},
  ) {
    const direction = options.direction ?? 'forwards';
    const from = options.fromPosition ?? (direction === 'forwards' ? 'start' : 'end');
    const max = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    let picked: Stored[];
    if (direction === 'forwards')
      picked =
        from === 'start' ? this.log : from === 'end' ? [] : this.log.filter((e) => e.position.commit >= from.commit);
    else
      picked = [
        ...(from === 'end'
          ? this.log
          : from === 'start'
            ? []
            : this.log.filter((e) => e.position.commit <= from.commit)),
      ].reverse();
    return fromItems(picked.slice(0, max).map((e) => ({ event: clone(e) })));
  }

  subscribeToAll(options: { fromPosition?: 'start' | 'end' | EsdbPosition; filter?: Filter } = {}) {
    const passes = (e: Stored) => matches(e, options.filter);
    const from = options.fromPosition ?? 'start';
    const history = () =>
      (from === 'end' ? [] : this.log.filter((e) => from === 'start' || e.position.commit > from.commit)).filter(
        passes,
      );
    return this.subscribe(history, passes);
  }

  subscribeToStream(stream: string, options: { fromRevision?: 'start' | 'end' | bigint } = {}) {
    const from = options.fromRevision ?? 'start';
    const history = () => {
      const events = this.streams.get(stream) ?? [];
      const meta = this.metadataOf(stream);
      const visible = events.filter((e) => Number(e.revision) >= (typeof meta.$tb === 'number' ? meta.$tb : 0));
      return from === 'end' ? [] : visible.filter((e) => from === 'start' || e.revision > from);
    };
    return this.subscribe(history, (e) => e.streamId === stream);
  }

  async dispose(): Promise<void> {
    this.live.clear();
  }

  /** Events as stored (including truncated ones), for assertions. */
  stored(stream: string): Stored[] {
    return this.streams.get(stream) ?? [];
  }

  /** History and the switch to live happen in one step, as on the server: nothing in between is lost. */
  private subscribe(history: () => Stored[], passes: (e: Stored) => boolean) {
    let listener: ((e: Stored) => void) | undefined;
    const sub = new FakeSubscription(() => listener && this.live.delete(listener));
    setImmediate(() => {
      if (sub.destroyed) return;
      sub.emit('confirmation');
      for (const e of history()) sub.push({ event: clone(e) });
      sub.emit('caughtUp');
      listener = (e) => {
        if (passes(e)) sub.push({ event: clone(e) });
      };
      this.live.add(listener);
    });
    return sub;
  }

  private write(stream: string, batch: Proposed[]): void {
    const events = this.streams.get(stream) ?? [];
    this.streams.set(stream, events);
    for (const p of batch) {
      this.nextPosition += 100n;
      const stored: Stored = {
        streamId: stream,
        id: p.id,
        revision: BigInt(events.length),
        type: p.type,
        created: new Date(),
        isJson: true,
        data: JSON.parse(JSON.stringify(p.data)),
        metadata: p.metadata === undefined ? undefined : JSON.parse(JSON.stringify(p.metadata)),
        position: { commit: this.nextPosition, prepare: this.nextPosition },
      };
      events.push(stored);
      this.log.push(stored);
      for (const l of this.live) l(stored);
    }
  }

  private metadataOf(stream: string): Record<string, unknown> {
    const meta = this.streams.get(`$$${stream}`);
    return (meta?.[meta.length - 1]?.data as Record<string, unknown>) ?? {};
  }
}

function matches(e: Stored, filter: Filter | undefined): boolean {
  if (!filter) return true;
  const subject = filter.filterOn === 'streamName' ? e.streamId : e.type;
  if (filter.prefixes) return filter.prefixes.some((p) => subject.startsWith(p));
  return new RegExp(filter.regex!).test(subject);
}

function clone(e: Stored): Stored {
  return {
    ...e,
    data: JSON.parse(JSON.stringify(e.data)),
    metadata: e.metadata === undefined ? undefined : JSON.parse(JSON.stringify(e.metadata)),
  };
}

function fromItems<T>(items: T[]) {
  return Readable.from(items);
}

function failing(error: Error) {
  const read = new Readable({ objectMode: true, read() {} });
  process.nextTick(() => read.destroy(error));
  return read;
}

function storeOn(server: SimulatedEsdb): EsdbEventStore {
  return new EsdbEventStore({ client: server as unknown as EventStoreDBClient, pageSize: 7 });
}

for (const notFoundWhenAllTruncated of [false, true]) {
  const variant = notFoundWhenAllTruncated ? 'truncated stream reads as not found' : 'truncated stream reads as empty';
  describeEventStoreContract(
    `EsdbEventStore on a simulated EventStoreDB, ${variant} (adapter logic only, not EventStoreDB)`,
    async () => {
      const store = storeOn(new SimulatedEsdb(notFoundWhenAllTruncated));
      return { store, dispose: () => store.close(), multiStreamAppend: 'stream-by-stream' };
    },
  );
}

describe.each([false, true])(
  'EsdbEventStore specifics (simulated EventStoreDB, truncated stream reads as not found: %s)',
  (notFoundWhenAllTruncated) => {
    let server: SimulatedEsdb;
    let store: EsdbEventStore;
    beforeEach(() => {
      server = new SimulatedEsdb(notFoundWhenAllTruncated);
      store = storeOn(server);
    });
    afterEach(() => store.close());

    it('appends with the exact revision it read, so the stored chain is the computed one', async () => {
      const stream = newStreamId('case');
      await store.appendToStream(stream, [anEvent(), anEvent()], 'any');
      await store.appendToStream(stream, [anEvent()], 'any');
      expect(server.appends.filter((a) => a.stream === stream).map((a) => a.expected)).toEqual(['no_stream', 1n]);
    });

    it('lets 20 racing `any` writers all land, in one unbroken chain', async () => {
      const stream = newStreamId('case');
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.appendToStream(stream, [anEvent('Raced', { i })], 'any')),
      );
      expect((await store.readStream(stream)).map((e) => e.streamRevision)).toEqual([...Array(20).keys()]);
      expect(await store.verifyStream(stream)).toMatchObject({ ok: true, eventsChecked: 20 });
    });

    it('soft delete truncates in one metadata write that keeps the chain head; the next life links to it', async () => {
      const stream = newStreamId('case');
      await store.appendToStream(stream, [anEvent(), anEvent()], 'no_stream');
      await store.setStreamMetadata(stream, { custom: { jurisdiction: 'denver' }, maxAge: 86400 });
      const [, second] = await store.readStream(stream);
      await store.deleteStream(stream);
      expect(await store.getStreamMetadata(stream)).toMatchObject({
        metadata: { truncateBefore: 2, maxAge: 86400, custom: { jurisdiction: 'denver' } },
      });
      await expect(store.appendToStream(stream, [anEvent()], 'stream_exists')).rejects.toMatchObject({
        actual: 'no_stream',
      });
      await expect(store.deleteStream(stream)).rejects.toBeInstanceOf(StreamNotFound);
      await store.appendToStream(stream, [anEvent()], 'no_stream');
      const [third] = await store.readStream(stream);
      expect(third).toMatchObject({ streamRevision: 2, previousHash: second.hash });
      expect(await store.verifyAll()).toMatchObject({ ok: true });
      // Alive again: a metadata rewrite does not bring the deleted events back, nor make it deleted.
      await store.setStreamMetadata(stream, {});
      expect((await store.readStream(stream)).map((e) => e.streamRevision)).toEqual([0, 1, 2]);
    });

    it('restarts the chain, flagged, when every event is hidden and no chain head was kept', async () => {
      const stream = newStreamId('case');
      await store.appendToStream(stream, [anEvent(), anEvent()], 'no_stream');
      // As if another tool truncated everything behind the adapter's back.
      await server.appendToStream(`$$${stream}`, { id: crypto.randomUUID(), type: '$metadata', data: { $tb: 2 } });
      if (notFoundWhenAllTruncated) await expect(store.readStream(stream)).rejects.toBeInstanceOf(StreamNotFound);
      else expect(await store.readStream(stream)).toEqual([]);
      const result = await store.appendToStream(stream, [anEvent()], 1);
      expect(result.nextExpectedRevision).toBe(2);
      const [restarted] = await store.readStream(stream);
      expect(restarted.previousHash).toBe('');
      expect(await store.verifyStream(stream)).toMatchObject({ ok: true, eventsChecked: 1 });
      expect(await store.verifyAll()).toMatchObject({ ok: true });
      // The flag travels with the event, so the port's chain checks (the walk, the live check, the relay) accept it.
      expect(restarted.chainRestart).toBe(true);
      const all = await store.readAll({ filter: { streamPrefixes: [stream] } });
      expect(await findAllBreaks(store)).toMatchObject({ ok: true });
      expect(await new LiveChainVerifier(store).check(all)).toEqual([]);
    });

    it('continues a stream soft-deleted by another tool (EventStoreDB’s own marker) with a flagged restart', async () => {
      const stream = newStreamId('case');
      await store.appendToStream(stream, [anEvent(), anEvent()], 'no_stream');
      await server.appendToStream(`$$${stream}`, {
        id: crypto.randomUUID(),
        type: '$metadata',
        data: JSON.parse('{"$tb":9223372036854775807}'),
      });
      await expect(store.readStream(stream)).rejects.toBeInstanceOf(StreamNotFound);
      await expect(store.appendToStream(stream, [anEvent()], 1)).rejects.toMatchObject({ actual: 'no_stream' });
      expect((await store.appendToStream(stream, [anEvent()], 'no_stream')).nextExpectedRevision).toBe(2);
      const read = await store.readStream(stream);
      expect(read).toMatchObject([{ streamRevision: 2, previousHash: '' }]);
      expect(await store.verifyAll()).toMatchObject({ ok: true });
    });

    it('reports an id already stored among the stream’s newest events at another place', async () => {
      const stream = newStreamId('case');
      const event = anEvent();
      await store.appendToStream(stream, [event, anEvent()], 'no_stream');
      await expect(store.appendToStream(stream, [anEvent(), event], 'any')).rejects.toMatchObject({
        name: 'DuplicateEventId',
      });
      expect(server.stored(stream)).toHaveLength(2);
    });

    it('appendToStreams is stream by stream: a writer between the check and a later write leaves the earlier streams written, and the same call completes them', async () => {
      const [a, b] = [newStreamId('case'), newStreamId('case')];
      await store.appendToStream(b, [anEvent()], 'no_stream');
      let raced = false;
      server.beforeAppend = async (stream) => {
        if (stream !== b || raced) return;
        raced = true;
        await store.appendToStream(b, [anEvent('Racer')], 'any');
      };
      const mine = { a: [anEvent(), anEvent()], b: [anEvent()] };
      await expect(
        store.appendToStreams([
          { streamId: a, events: mine.a, expectedRevision: 'no_stream' },
          { streamId: b, events: mine.b, expectedRevision: 0 },
        ]),
      ).rejects.toMatchObject({ name: 'WrongExpectedVersion', streamId: b, actual: 1 });
      // Not all-or-none here (docs/event-store.md, "Multi-stream appends"): `a` is stored, `b` is the racer's.
      expect(server.stored(a)).toHaveLength(2);
      expect(server.stored(b).map((e) => e.type)).toEqual(['SomethingHappened', 'Racer']);
      // The caller decides again on `b` and retries with the same ids: `a` is found stored, `b` is written.
      const retried = await store.appendToStreams([
        { streamId: a, events: mine.a, expectedRevision: 'no_stream' },
        { streamId: b, events: mine.b, expectedRevision: 1 },
      ]);
      expect(retried.map((r) => r.nextExpectedRevision)).toEqual([1, 2]);
      expect(server.stored(a)).toHaveLength(2);
      expect(await store.verifyAll()).toMatchObject({ ok: true });
    });

    it('appendToStreams writes nothing when an expectation is already stale at the call', async () => {
      const [a, b] = [newStreamId('case'), newStreamId('case')];
      await store.appendToStream(b, [anEvent(), anEvent()], 'no_stream');
      const sent = server.appends.length;
      await expect(
        store.appendToStreams([
          { streamId: a, events: [anEvent()], expectedRevision: 'no_stream' },
          { streamId: b, events: [anEvent()], expectedRevision: 0 },
        ]),
      ).rejects.toMatchObject({ name: 'WrongExpectedVersion', streamId: b, actual: 1 });
      expect(server.appends.slice(sent)).toEqual([]);
    });

    it('finds a forged event in $all', async () => {
      const stream = newStreamId('case');
      await store.appendToStream(stream, [anEvent(), anEvent()], 'no_stream');
      const [, second] = await store.readStream(stream);
      // Written straight to EventStoreDB with a chain that does not fit.
      await server.appendToStream(stream, {
        id: crypto.randomUUID(),
        type: 'Forged',
        data: {},
        metadata: {
          correlationId: 'x',
          $lead: {
            schemaVersion: 1,
            recordedAt: new Date().toISOString(),
            previousHash: second.hash,
            hash: 'f'.repeat(64),
          },
        },
      });
      expect(await store.verifyStream(stream)).toMatchObject({
        ok: false,
        streamId: stream,
        revision: 2,
        reason: 'content does not match its hash',
      });
      expect(await store.verifyAll()).toMatchObject({ ok: false, streamId: stream, revision: 2 });
    });

    it('keeps only the newest checkpoint', async () => {
      const stream = newStreamId('case');
      await store.appendToStream(stream, [anEvent(), anEvent(), anEvent()], 'no_stream');
      const seen: number[] = [];
      const sub = store.subscribeToAll((e) => void seen.push(e.streamRevision), {
        checkpointId: 'relay',
        filter: { streamPrefixes: [stream] },
      });
      while (seen.length < 3) await new Promise((r) => setTimeout(r, 5));
      await sub.stop();
      expect(await store.getStreamMetadata('relay')).toMatchObject({ metadataRevision: 'no_stream' });
      const meta = server.stored('$$$lead-checkpoint-relay');
      expect(meta[meta.length - 1].data).toEqual({ $maxCount: 1 });
    });

    it('tells an audit where a subscription stands: its stored checkpoint, none for one that never stored', async () => {
      const stream = newStreamId('case');
      await store.appendToStream(stream, [anEvent(), anEvent()], 'no_stream');
      const seen: RecordedEvent[] = [];
      const sub = store.subscribeToAll((e) => void seen.push(e), {
        checkpointId: 'projection-under-audit',
        filter: { streamPrefixes: [stream] },
      });
      while (seen.length < 2) await new Promise((r) => setTimeout(r, 5));
      await sub.stop();
      expect(await store.allSubscriptionCheckpoint('projection-under-audit')).toEqual(seen[1]!.position);
      expect(await store.allSubscriptionCheckpoint('never-subscribed')).toBeUndefined();
    });
  },
);
