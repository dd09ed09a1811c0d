import {
  comparePositions,
  DuplicateEventId,
  newEventId,
  StreamNotFound,
  WrongExpectedVersion,
  type EventData,
  type EventStore,
  type Position,
  type RecordedEvent,
  type StreamAppend,
} from '../src/index.js';

export interface ContractSubject {
  store: EventStore;
  dispose(): Promise<void>;
  /**
   * How `appendToStreams` stores: `atomic` (default; PostgreSQL) — every stream or none, even when another
   * writer races the call; `stream-by-stream` (EventStoreDB adapter on @eventstore/db-client 6) — every
   * expectation is checked before anything is written, but a writer racing the call can leave the earlier
   * streams written and a later one refused, which a retry of the same call completes (docs/event-store.md).
   */
  multiStreamAppend?: 'atomic' | 'stream-by-stream';
}

let streamCounter = 0;
/** Stream ids unique per run, so suites may share a store with other tests' data. */
export function newStreamId(category = 'contract'): string {
  return `${category}-${Date.now().toString(36)}${(streamCounter++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

export function anEvent(type = 'SomethingHappened', data: Record<string, unknown> = {}, id = newEventId()): EventData {
  return {
    eventId: id,
    type,
    schemaVersion: 1,
    data: { ...data, note: 'naïve – ünïcode ✓', nested: { b: 2, a: [1, 'x', null], when: '2026-11-23T10:00:00.000Z' } },
    metadata: {
      correlationId: newEventId(),
      causationId: null,
      actor: { subject: 'officer-17', agency: 'DPD', role: 'officer' },
      jurisdiction: 'denver',
      participantId: 'p-1',
    },
  };
}

const events = (n: number, type = 'SomethingHappened') => Array.from({ length: n }, (_, i) => anEvent(type, { i }));

async function collectUntil(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for subscription');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Waits until `position` is readable from `$all`. An append's own event becomes visible there only
 * once every older transaction in the database has ended (the PostgreSQL adapter's fence; other
 * stores have their own lag), so a test must not assume it is readable the moment append returns.
 */
export async function untilVisible(store: EventStore, position: Position, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const head = await store.headPosition();
    if (head && comparePositions(head, position) >= 0) return;
    if (Date.now() > deadline) throw new Error('appended event never became visible in $all');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function expectWrongVersion(promise: Promise<unknown>, actual: number | 'no_stream'): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WrongExpectedVersion);
  expect((error as WrongExpectedVersion).actual).toEqual(actual);
}

/**
 * The semantics every EventStore adapter must have (EventStoreDB's, see DESIGN.md §4).
 * `makeSubject` is called once per suite; every test uses its own streams.
 */
export function describeEventStoreContract(name: string, makeSubject: () => Promise<ContractSubject>): void {
  describe(`EventStore contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    beforeAll(async () => {
      subject = await makeSubject();
      store = subject.store;
    });
    afterAll(async () => {
      await subject?.dispose();
    });

    describe('append and read a stream', () => {
      it('records the full envelope', async () => {
        const stream = newStreamId();
        const event = anEvent('ReferralRecorded', { door: 'arrest_diversion' });
        const result = await store.appendToStream(stream, [event], 'no_stream');
        expect(result.nextExpectedRevision).toBe(0);
        const [read] = await store.readStream(stream);
        expect(read).toMatchObject({
          eventId: event.eventId,
          type: 'ReferralRecorded',
          schemaVersion: 1,
          streamId: stream,
          streamRevision: 0,
          data: event.data,
          metadata: event.metadata,
          previousHash: '',
        });
        expect(read.position).toEqual(result.position);
        expect(read.recordedAt).toBeInstanceOf(Date);
        expect(Math.abs(read.recordedAt.getTime() - Date.now())).toBeLessThan(60_000);
        expect(read.hash).toMatch(/^[0-9a-f]{64}$/);
      });

      it('appends a batch atomically with consecutive revisions and a linked hash chain', async () => {
        const stream = newStreamId();
        const result = await store.appendToStream(stream, events(3), 'no_stream');
        expect(result.nextExpectedRevision).toBe(2);
        const read = await store.readStream(stream);
        expect(read.map((e) => e.streamRevision)).toEqual([0, 1, 2]);
        expect(read[1].previousHash).toBe(read[0].hash);
        expect(read[2].previousHash).toBe(read[1].hash);
        expect(comparePositions(read[0].position, read[1].position)).toBeLessThan(0);
      });

      it('continues a stream at the exact expected revision', async () => {
        const stream = newStreamId();
        await store.appendToStream(stream, events(2), 'no_stream');
        const result = await store.appendToStream(stream, events(1), 1);
        expect(result.nextExpectedRevision).toBe(2);
      });

      it('rejects a wrong exact revision with the actual one and writes nothing', async () => {
        const stream = newStreamId();
        await store.appendToStream(stream, events(2), 'no_stream');
        await expectWrongVersion(store.appendToStream(stream, events(2), 0), 1);
        await expectWrongVersion(store.appendToStream(stream, events(1), 5), 1);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('honours no_stream, stream_exists and any', async () => {
        const stream = newStreamId();
        await expectWrongVersion(store.appendToStream(stream, events(1), 'stream_exists'), 'no_stream');
        await expectWrongVersion(store.appendToStream(stream, events(1), 0), 'no_stream');
        await store.appendToStream(stream, events(1), 'no_stream');
        await expectWrongVersion(store.appendToStream(stream, events(1), 'no_stream'), 0);
        expect((await store.appendToStream(stream, events(1), 'stream_exists')).nextExpectedRevision).toBe(1);
        expect((await store.appendToStream(stream, events(1), 'any')).nextExpectedRevision).toBe(2);
        expect((await store.appendToStream(newStreamId(), events(1), 'any')).nextExpectedRevision).toBe(0);
      });

      it('treats re-appending the same event ids at the same place as a no-op', async () => {
        const stream = newStreamId();
        const batch = events(2);
        const first = await store.appendToStream(stream, batch, 'no_stream');
        const again = await store.appendToStream(stream, batch, 'no_stream');
        expect(again.nextExpectedRevision).toBe(first.nextExpectedRevision);
        expect(again.position).toEqual(first.position);
        const more = events(1);
        await store.appendToStream(stream, more, 1);
        expect((await store.appendToStream(stream, more, 1)).nextExpectedRevision).toBe(2);
        expect((await store.appendToStream(stream, more, 'any')).nextExpectedRevision).toBe(2);
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('reads forwards and backwards from a revision with a max count', async () => {
        const stream = newStreamId();
        await store.appendToStream(stream, events(10), 'no_stream');
        const forwards = await store.readStream(stream, { fromRevision: 3, maxCount: 4 });
        expect(forwards.map((e) => e.streamRevision)).toEqual([3, 4, 5, 6]);
        const backwards = await store.readStream(stream, { direction: 'backwards', fromRevision: 'end', maxCount: 3 });
        expect(backwards.map((e) => e.streamRevision)).toEqual([9, 8, 7]);
        const backFrom = await store.readStream(stream, { direction: 'backwards', fromRevision: 4, maxCount: 2 });
        expect(backFrom.map((e) => e.streamRevision)).toEqual([4, 3]);
      });

      it('answers StreamNotFound for a stream that was never written', async () => {
        await expect(store.readStream(newStreamId())).rejects.toBeInstanceOf(StreamNotFound);
      });

      it('lets exactly one of 50 concurrent writers with the same expectation win', async () => {
        const stream = newStreamId();
        await store.appendToStream(stream, events(1), 'no_stream');
        const outcomes = await Promise.allSettled(
          Array.from({ length: 50 }, (_, i) =>
            store.appendToStream(stream, [anEvent('Raced', { i }), anEvent('Raced', { i })], 0),
          ),
        );
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[];
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(49);
        for (const l of lost) {
          expect(l.reason).toBeInstanceOf(WrongExpectedVersion);
          expect((l.reason as WrongExpectedVersion).actual).toBe(2);
        }
        const read = await store.readStream(stream);
        expect(read.map((e) => e.streamRevision)).toEqual([0, 1, 2]);
        expect(read[1].data).toEqual(read[2].data);
      });
    });

    describe('appendToStreams', () => {
      /** Two stream ids that sort as listed, so the second is locked (and written) after the first. */
      const pair = (): [string, string] => {
        const base = newStreamId('multi');
        return [`${base}a`, `${base}b`];
      };
      const part = (streamId: string, batch: EventData[], expectedRevision: StreamAppend['expectedRevision']) => ({
        streamId,
        events: batch,
        expectedRevision,
      });
      const storedCount = (stream: string) =>
        store.readStream(stream).then(
          (read) => read.length,
          (error: unknown) => {
            if (error instanceof StreamNotFound) return 0;
            throw error;
          },
        );
      const lastPosition = async (stream: string) =>
        (await store.readStream(stream, { direction: 'backwards', maxCount: 1 }))[0].position;

      it('stores every stream or none when one fails, with the error appendToStream would throw', async () => {
        const [a, b] = pair();
        const seeded = await store.appendToStream(b, events(2), 'no_stream');
        await untilVisible(store, seeded.position);
        const head = await store.headPosition();
        // `b` is listed and locked last: `a` is written inside the call first, and must not survive it.
        const wrong = await store
          .appendToStreams([part(a, events(2), 'no_stream'), part(b, events(1), 0)])
          .catch((e: unknown) => e);
        expect(wrong).toBeInstanceOf(WrongExpectedVersion);
        expect(wrong).toMatchObject({ streamId: b, expected: 0, actual: 1 });
        const [stored] = await store.readStream(b);
        const duplicate = await store
          .appendToStreams([
            part(a, events(1), 'any'),
            part(b, [anEvent(), anEvent('Again', {}, stored.eventId)], 'any'),
          ])
          .catch((e: unknown) => e);
        expect(duplicate).toBeInstanceOf(DuplicateEventId);
        expect(duplicate).toMatchObject({ streamId: b, eventId: stored.eventId });
        expect(await storedCount(a)).toBe(0);
        expect(await storedCount(b)).toBe(2);
        expect(await store.headPosition()).toEqual(head);
      });

      it('answers a retry of the same call, already stored, with the same results and stores nothing more', async () => {
        const [a, b] = pair();
        await store.appendToStream(b, events(1), 'no_stream');
        const exact = [part(a, events(2), 'no_stream'), part(b, events(3), 0)];
        const first = await store.appendToStreams(exact);
        expect(first.map((r) => r.nextExpectedRevision)).toEqual([1, 3]);
        expect(await store.appendToStreams(exact)).toEqual(first);
        const loose = [part(a, events(1), 'any'), part(b, events(1), 'stream_exists')];
        const once = await store.appendToStreams(loose);
        expect(await store.appendToStreams(loose)).toEqual(once);
        expect([await storedCount(a), await storedCount(b)]).toEqual([3, 5]);
      });

      it('answers results in the order given, whatever order the streams are locked in', async () => {
        const [a, b] = pair();
        await store.appendToStream(a, events(4), 'no_stream');
        const results = await store.appendToStreams([part(b, events(1), 'no_stream'), part(a, events(2), 3)]);
        expect(results.map((r) => r.nextExpectedRevision)).toEqual([0, 5]);
        expect(results.map((r) => r.position)).toEqual([await lastPosition(b), await lastPosition(a)]);
        expect(await store.appendToStreams([])).toEqual([]);
      });

      it("puts every event of one call in $all, each stream's in revision order", async () => {
        const base = newStreamId('multiall');
        const streams = [`${base}c`, `${base}a`, `${base}b`];
        const results = await store.appendToStreams(streams.map((s, i) => part(s, events(i + 2), 'no_stream')));
        await untilVisible(
          store,
          results.map((r) => r.position).reduce((x, y) => (comparePositions(x, y) >= 0 ? x : y)),
        );
        const all = await store.readAll({ filter: { streamPrefixes: [base] }, maxCount: 100 });
        expect(all).toHaveLength(2 + 3 + 4);
        for (let i = 1; i < all.length; i++)
          expect(comparePositions(all[i - 1].position, all[i].position)).toBeLessThan(0);
        for (const [i, s] of streams.entries()) {
          const mine = all.filter((e) => e.streamId === s);
          expect(mine.map((e) => e.streamRevision)).toEqual([...Array(i + 2).keys()]);
          expect(mine[mine.length - 1].position).toEqual(results[i].position);
          expect(await store.verifyStream(s)).toMatchObject({ ok: true, eventsChecked: i + 2 });
        }
      });

      it('does not deadlock two calls naming the same two streams in opposite order', async () => {
        const [a, b] = pair();
        await store.appendToStreams([part(a, events(1), 'no_stream'), part(b, events(1), 'no_stream')]);
        for (let round = 0; round < 10; round++) {
          await Promise.all([
            store.appendToStreams([part(a, events(1), 'any'), part(b, events(1), 'any')]),
            store.appendToStreams([part(b, events(1), 'any'), part(a, events(1), 'any')]),
          ]);
        }
        expect([await storedCount(a), await storedCount(b)]).toEqual([21, 21]);
        for (let round = 0; round < 5; round++) {
          const [ra, rb] = [20 + round, 20 + round];
          const outcomes = await Promise.allSettled([
            store.appendToStreams([part(a, events(1), ra), part(b, events(1), rb)]),
            store.appendToStreams([part(b, events(1), rb), part(a, events(1), ra)]),
          ]);
          const won = outcomes.filter((o) => o.status === 'fulfilled');
          for (const lost of outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected'))
            expect(lost.reason).toBeInstanceOf(WrongExpectedVersion);
          // Stream by stream, each call may win one stream and lose the other; each stream still takes one event.
          if ((subject.multiStreamAppend ?? 'atomic') === 'atomic') expect(won).toHaveLength(1);
          else expect(won.length).toBeLessThanOrEqual(1);
          expect([await storedCount(a), await storedCount(b)]).toEqual([22 + round, 22 + round]);
        }
        expect(await store.verifyStream(a)).toMatchObject({ ok: true });
        expect(await store.verifyStream(b)).toMatchObject({ ok: true });
      });

      it('refuses a stream named twice, storing nothing', async () => {
        const [a, b] = pair();
        await expect(
          store.appendToStreams([
            part(a, events(1), 'no_stream'),
            part(b, events(1), 'any'),
            part(a, events(1), 'any'),
          ]),
        ).rejects.toBeInstanceOf(RangeError);
        expect([await storedCount(a), await storedCount(b)]).toEqual([0, 0]);
      });

      it('under a racing writer: all or none (atomic), or a partial write the same call completes on retry', async () => {
        const atomic = (subject.multiStreamAppend ?? 'atomic') === 'atomic';
        for (let round = 0; round < 8; round++) {
          const [a, b] = pair();
          await store.appendToStream(b, events(1), 'no_stream');
          const mine = { a: events(2), b: events(1) };
          const [call] = await Promise.allSettled([
            store.appendToStreams([part(a, mine.a, 'no_stream'), part(b, mine.b, 0)]),
            // At once, or a few ms later: the racer lands before the call's write of `b`, or after it.
            (round % 2 === 0 ? Promise.resolve() : new Promise((r) => setTimeout(r, round))).then(() =>
              store.appendToStream(b, [anEvent('Racer')], 'any'),
            ),
          ]);
          if (call.status === 'fulfilled') {
            expect(await storedCount(a)).toBe(2);
            continue;
          }
          expect(call.reason).toBeInstanceOf(WrongExpectedVersion);
          expect(call.reason).toMatchObject({ streamId: b, actual: 1 });
          const partial = await storedCount(a);
          if (atomic) expect(partial).toBe(0);
          else expect([0, 2]).toContain(partial);
          // What a caller does (docs/event-store.md): read again, decide again, retry with the same event ids.
          const retried = await store.appendToStreams([part(a, mine.a, 'no_stream'), part(b, mine.b, 1)]);
          expect(retried.map((r) => r.nextExpectedRevision)).toEqual([1, 2]);
          expect([await storedCount(a), await storedCount(b)]).toEqual([2, 3]);
        }
      });
    });

    describe('$all', () => {
      it('reads the global log in order after a position, filtered by stream prefix and event type', async () => {
        const category = `cat${Math.random().toString(36).slice(2, 8)}`;
        const a = newStreamId(category);
        const b = newStreamId(category);
        const before = await store.headPosition();
        await store.appendToStream(a, [anEvent('Alpha'), anEvent('Beta')], 'no_stream');
        await store.appendToStream(newStreamId('other'), [anEvent('Alpha')], 'no_stream');
        await untilVisible(store, (await store.appendToStream(b, [anEvent('Alpha')], 'no_stream')).position);
        const mine = await store.readAll({
          after: before ?? 'start',
          filter: { streamPrefixes: [`${category}-`] },
          maxCount: 100,
        });
        expect(mine.map((e) => [e.streamId, e.type])).toEqual([
          [a, 'Alpha'],
          [a, 'Beta'],
          [b, 'Alpha'],
        ]);
        for (let i = 1; i < mine.length; i++)
          expect(comparePositions(mine[i - 1].position, mine[i].position)).toBeLessThan(0);
        const alphas = await store.readAll({
          after: before ?? 'start',
          filter: { streamPrefixes: [`${category}-`], eventTypes: ['Alpha'] },
        });
        expect(alphas.map((e) => e.streamId)).toEqual([a, b]);
        const afterFirst = await store.readAll({
          after: mine[0].position,
          filter: { streamPrefixes: [`${category}-`] },
          maxCount: 1,
        });
        expect(afterFirst.map((e) => e.eventId)).toEqual([mine[1].eventId]);
        expect(comparePositions((await store.headPosition())!, mine[2].position)).toBeGreaterThanOrEqual(0);
      });

      it('delivers one stream in revision order while many `any` / `stream_exists` writers contend for it', async () => {
        // On PostgreSQL a waiting appender holds a transaction id lower than the one that takes the stream's
        // row lock before it; ordering `$all` by transaction id alone then put a stream's later revision first.
        const category = `ord${Math.random().toString(36).slice(2, 8)}`;
        const hot = newStreamId(category);
        const others = [newStreamId(category), newStreamId(category), newStreamId(category)];
        const writers = 12;
        const appendsEach = 25;
        const positions: Position[] = [];
        const appendLoose = async (stream: string, event: EventData, expected: 'any' | 'stream_exists') => {
          // The property under test is the order in `$all`. An adapter that retries `any` a bounded number of
          // times (EventStoreDB's) may give up under this much contention; the same event again is idempotent.
          for (let attempt = 0; ; attempt++) {
            try {
              positions.push((await store.appendToStream(stream, [event], expected)).position);
              return;
            } catch (error) {
              if (!(error instanceof WrongExpectedVersion) || attempt >= 5) throw error;
            }
          }
        };
        positions.push((await store.appendToStream(hot, [anEvent('Seed')], 'no_stream')).position);
        for (const other of others) await store.appendToStream(other, [anEvent('Seed')], 'no_stream');
        await Promise.all([
          ...Array.from({ length: writers }, async (_, w) => {
            for (let i = 0; i < appendsEach; i++)
              await appendLoose(hot, anEvent('Contended', { w, i }), (w + i) % 2 === 0 ? 'any' : 'stream_exists');
          }),
          ...others.map(async (other, o) => {
            for (let i = 0; i < appendsEach; i++)
              await appendLoose(other, anEvent('Beside', { o, i }), i % 2 === 0 ? 'any' : 'stream_exists');
          }),
        ]);
        const last = positions.reduce((a, b) => (comparePositions(a, b) >= 0 ? a : b));
        await untilVisible(store, last);
        const count = 1 + writers * appendsEach;
        const inOrder = [...Array(count).keys()];
        const outOfPlace = (revisions: number[]) => revisions.filter((r, i) => r !== i).length;

        const read = (await store.readAll({ filter: { streamPrefixes: [hot] }, maxCount: count + 10 })).filter(
          (e) => e.streamId === hot,
        );
        expect({ outOfPlace: outOfPlace(read.map((e) => e.streamRevision)), of: read.length }).toEqual({
          outOfPlace: 0,
          of: count,
        });
        expect(read.map((e) => e.streamRevision)).toEqual(inOrder);

        const delivered: number[] = [];
        const sub = store.subscribeToAll(
          (e) => {
            if (e.streamId === hot) delivered.push(e.streamRevision);
          },
          { filter: { streamPrefixes: [`${category}-`] }, batchSize: 64 },
        );
        await collectUntil(() => delivered.length >= count);
        await sub.stop();
        expect({ outOfPlace: outOfPlace(delivered), of: delivered.length }).toEqual({ outOfPlace: 0, of: count });
      });
    });

    describe('catch-up subscriptions', () => {
      it('replays history then goes live without a gap or a duplicate', async () => {
        const category = `sub${Math.random().toString(36).slice(2, 8)}`;
        const streams = [newStreamId(category), newStreamId(category), newStreamId(category)];
        for (const s of streams) await store.appendToStream(s, events(5), 'no_stream');
        const seen: RecordedEvent[] = [];
        let caughtUp = false;
        const sub = store.subscribeToAll((e) => void seen.push(e), {
          filter: { streamPrefixes: [`${category}-`] },
          onCaughtUp: () => (caughtUp = true),
        });
        // Write while it catches up and after it is live.
        const writers = streams.map(async (s) => {
          for (let r = 5; r < 15; r++) await store.appendToStream(s, [anEvent('Live', { r })], r - 1);
        });
        await Promise.all(writers);
        await collectUntil(() => seen.length >= 45);
        await new Promise((r) => setTimeout(r, 100));
        await sub.stop();
        expect(caughtUp).toBe(true);
        expect(seen).toHaveLength(45);
        expect(new Set(seen.map((e) => e.eventId)).size).toBe(45);
        for (let i = 1; i < seen.length; i++)
          expect(comparePositions(seen[i - 1].position, seen[i].position)).toBeLessThan(0);
        for (const s of streams) {
          expect(seen.filter((e) => e.streamId === s).map((e) => e.streamRevision)).toEqual([...Array(15).keys()]);
        }
      });

      it('resumes after its stored checkpoint', async () => {
        const category = `chk${Math.random().toString(36).slice(2, 8)}`;
        const checkpointId = `contract-${category}`;
        await store.appendToStream(newStreamId(category), events(4), 'no_stream');
        const first: string[] = [];
        const sub1 = store.subscribeToAll((e) => void first.push(e.eventId), {
          checkpointId,
          filter: { streamPrefixes: [`${category}-`] },
        });
        await collectUntil(() => first.length === 4);
        await sub1.stop();
        const later = events(3);
        await store.appendToStream(newStreamId(category), later, 'no_stream');
        const second: string[] = [];
        const sub2 = store.subscribeToAll((e) => void second.push(e.eventId), {
          checkpointId,
          filter: { streamPrefixes: [`${category}-`] },
        });
        await collectUntil(() => second.length === 3);
        await new Promise((r) => setTimeout(r, 100));
        await sub2.stop();
        expect(second).toEqual(later.map((e) => e.eventId));
      });

      it('starts from the end when asked', async () => {
        const category = `end${Math.random().toString(36).slice(2, 8)}`;
        // 'end' is the visible head when subscribing: wait until the earlier events are part of it.
        await untilVisible(store, (await store.appendToStream(newStreamId(category), events(3), 'no_stream')).position);
        const seen: string[] = [];
        let live = false;
        const sub = store.subscribeToAll((e) => void seen.push(e.eventId), {
          from: 'end',
          filter: { streamPrefixes: [`${category}-`] },
          onCaughtUp: () => (live = true),
        });
        await collectUntil(() => live);
        const fresh = anEvent();
        await store.appendToStream(newStreamId(category), [fresh], 'no_stream');
        await collectUntil(() => seen.length === 1);
        await sub.stop();
        expect(seen).toEqual([fresh.eventId]);
      });

      it('subscribes to one stream from a revision, live, with a checkpoint', async () => {
        const stream = newStreamId();
        await store.appendToStream(stream, events(3), 'no_stream');
        const seen: number[] = [];
        const sub = store.subscribeToStream(stream, (e) => void seen.push(e.streamRevision), {
          after: 0,
          checkpointId: `s-${stream}`,
        });
        await store.appendToStream(stream, events(2), 2);
        await collectUntil(() => seen.length === 4);
        await sub.stop();
        expect(seen).toEqual([1, 2, 3, 4]);
        await store.appendToStream(stream, events(1), 4);
        const resumed: number[] = [];
        const sub2 = store.subscribeToStream(stream, (e) => void resumed.push(e.streamRevision), {
          checkpointId: `s-${stream}`,
        });
        await collectUntil(() => resumed.length === 1);
        await sub2.stop();
        expect(resumed).toEqual([5]);
      });

      it('stops cleanly after the event in hand', async () => {
        const category = `stp${Math.random().toString(36).slice(2, 8)}`;
        await store.appendToStream(newStreamId(category), events(5), 'no_stream');
        const handled: number[] = [];
        let entered = false;
        let release!: () => void;
        const gate = new Promise<void>((r) => (release = r));
        const sub = store.subscribeToAll(
          async (e) => {
            entered = true;
            await gate;
            handled.push(e.streamRevision);
          },
          { filter: { streamPrefixes: [`${category}-`] } },
        );
        await collectUntil(() => entered);
        let stopped = false;
        const stopping = sub.stop().then(() => (stopped = true));
        await new Promise((r) => setTimeout(r, 50));
        expect(stopped).toBe(false);
        release();
        await stopping;
        expect(handled).toEqual([0]);
      });

      it('stops and reports when the handler fails', async () => {
        const category = `err${Math.random().toString(36).slice(2, 8)}`;
        await store.appendToStream(newStreamId(category), events(3), 'no_stream');
        const errors: unknown[] = [];
        const sub = store.subscribeToAll(
          (e) => {
            if (e.streamRevision === 1) throw new Error('handler refused');
          },
          { filter: { streamPrefixes: [`${category}-`] }, onError: (err) => errors.push(err) },
        );
        await expect(sub.done).rejects.toThrow('handler refused');
        expect(errors).toHaveLength(1);
      });
    });

    describe('stream metadata and soft delete', () => {
      it('sets and reads metadata with its own optimistic concurrency', async () => {
        const stream = newStreamId();
        expect((await store.getStreamMetadata(stream)).metadataRevision).toBe('no_stream');
        await store.setStreamMetadata(stream, { custom: { jurisdiction: 'denver' } }, 'no_stream');
        const read = await store.getStreamMetadata(stream);
        expect(read.metadata.custom).toEqual({ jurisdiction: 'denver' });
        expect(read.metadataRevision).toBe(0);
        await expectWrongVersion(store.setStreamMetadata(stream, { custom: {} }, 'no_stream'), 0);
        await store.setStreamMetadata(stream, { custom: { jurisdiction: 'seattle' }, maxCount: 2 }, 0);
        expect((await store.getStreamMetadata(stream)).metadataRevision).toBe(1);
      });

      it('hides events outside maxCount and before truncateBefore from reads', async () => {
        const stream = newStreamId();
        await store.appendToStream(stream, events(5), 'no_stream');
        await store.setStreamMetadata(stream, { maxCount: 2 });
        expect((await store.readStream(stream)).map((e) => e.streamRevision)).toEqual([3, 4]);
        await store.setStreamMetadata(stream, { truncateBefore: 1 });
        expect((await store.readStream(stream)).map((e) => e.streamRevision)).toEqual([1, 2, 3, 4]);
      });

      it('soft-deletes: reads fail, a later append continues the numbering, $all keeps history', async () => {
        const stream = newStreamId();
        const old = events(2);
        await store.appendToStream(stream, old, 'no_stream');
        await store.deleteStream(stream, 1);
        await expect(store.readStream(stream)).rejects.toBeInstanceOf(StreamNotFound);
        const result = await store.appendToStream(stream, events(1), 'no_stream');
        expect(result.nextExpectedRevision).toBe(2);
        await untilVisible(store, result.position);
        expect((await store.readStream(stream)).map((e) => e.streamRevision)).toEqual([2]);
        const all = await store.readAll({ filter: { streamPrefixes: [stream] }, maxCount: 10 });
        expect(all.map((e) => e.eventId).slice(0, 2)).toEqual(old.map((e) => e.eventId));
        expect((await store.verifyStream(stream)).ok).toBe(true);
      });
    });

    describe('tamper evidence', () => {
      it('verifies intact chains', async () => {
        const stream = newStreamId();
        await store.appendToStream(stream, events(3), 'no_stream');
        await store.appendToStream(stream, events(2), 2);
        const result = await store.verifyStream(stream);
        expect(result).toMatchObject({ ok: true, eventsChecked: 5 });
        expect((await store.verifyAll()).ok).toBe(true);
      });
    });
  });
}
