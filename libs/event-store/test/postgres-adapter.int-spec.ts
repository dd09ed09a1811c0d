import { isolatedSchema, type IsolatedSchema } from '@lead/testing';
import pg from 'pg';
import {
  DuplicateEventId,
  migrate,
  PostgresEventStore,
  splitAroundRevision,
  WrongExpectedVersion,
} from '../src/index.js';
import { createEventLog } from '../src/postgres/migrations/0001-create-event-log.js';
import { anEvent, newStreamId, untilVisible } from './event-store.contract.js';

describe('PostgreSQL adapter specifics', () => {
  let db: IsolatedSchema;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await isolatedSchema('pga');
    store = await PostgresEventStore.create({ pool: db.pool, schema: db.schema });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('applies versioned migrations once, however many instances start', async () => {
    await Promise.all([1, 2, 3].map(() => PostgresEventStore.create({ pool: db.pool, schema: db.schema })));
    const { rows } = await db.pool.query(`SELECT component, version, name FROM "${db.schema}".schema_migrations`);
    expect(rows).toEqual([
      { component: 'event-store', version: 1, name: 'create event log' },
      { component: 'event-store', version: 2, name: 'stamp events by stream' },
    ]);
  });

  it('upgrades a store made before migration 0002: each stream keeps the stamp of its newest event', async () => {
    const old = await isolatedSchema('pgup');
    try {
      await migrate(old.pool, old.schema, [createEventLog], 'event-store');
      const stream = newStreamId('before');
      // Two appends through migration 0001's append_events, in two transactions.
      for (const revision of [0, 1]) {
        const event = anEvent();
        const { head, tail } = splitAroundRevision({
          eventId: event.eventId,
          type: event.type,
          schemaVersion: 1,
          streamId: stream,
          recordedAt: new Date().toISOString(),
          data: event.data,
          metadata: event.metadata,
        });
        await old.pool.query(
          `SELECT * FROM "${old.schema}".append_events($1, $2, $3::uuid[], $4::text[], $5::text[])`,
          [stream, revision - 1, [event.eventId], [head], [tail]],
        );
      }
      await old.pool.query(`INSERT INTO "${old.schema}".streams (stream_id) VALUES ('metadata-only')`);
      const upgraded = await PostgresEventStore.create({ pool: old.pool, schema: old.schema });
      const { rows } = await old.pool.query<{ stream_id: string; last_stamp: string | null; newest: string | null }>(
        `SELECT s.stream_id, s.last_stamp::text,
                (SELECT e.transaction_id::text FROM "${old.schema}".events e
                  WHERE e.stream_id = s.stream_id ORDER BY e.stream_revision DESC LIMIT 1) AS newest
           FROM "${old.schema}".streams s ORDER BY s.stream_id`,
      );
      expect(rows.map((r) => [r.stream_id, r.last_stamp === r.newest, r.last_stamp === null])).toEqual([
        [stream, true, false],
        ['metadata-only', true, true],
      ]);
      const next = await upgraded.appendToStream(stream, [anEvent()], 'any');
      expect(next.nextExpectedRevision).toBe(2);
      await untilVisible(upgraded, next.position);
      expect((await upgraded.readAll({ filter: { streamPrefixes: [stream] } })).map((e) => e.streamRevision)).toEqual([
        0, 1, 2,
      ]);
      expect(await upgraded.verifyStream(stream)).toMatchObject({ ok: true, eventsChecked: 3 });
      await upgraded.close();
    } finally {
      await old.drop();
    }
  });

  it('stamps an append by a transaction holding an older id after the stream’s newer last stamp', async () => {
    // The mechanism behind the contention case, made deterministic: `older` takes its transaction id,
    // another writer appends to the stream and commits, then `older` appends to it too.
    const stream = newStreamId('stamp');
    const older = await db.pool.connect();
    try {
      await older.query('BEGIN');
      const { rows: own } = await older.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid');
      const first = await store.appendToStream(stream, [anEvent('First')], 'no_stream');
      expect(first.position.commit).toBeGreaterThan(BigInt(own[0].xid));
      const event = anEvent('Second');
      const { head, tail } = splitAroundRevision({
        eventId: event.eventId,
        type: event.type,
        schemaVersion: 1,
        streamId: stream,
        recordedAt: new Date().toISOString(),
        data: event.data,
        metadata: event.metadata,
      });
      const { rows } = await older.query<{ commit_position: string }>(
        `SELECT commit_position::text FROM "${db.schema}".append_events($1, -2, $2::uuid[], $3::text[], $4::text[])`,
        [stream, [event.eventId], [head], [tail]],
      );
      // Not its own (older) id: the stream's last stamp, so revision 1 cannot sort before revision 0.
      expect(BigInt(rows[0].commit_position)).toBe(first.position.commit);
      await older.query('COMMIT');
    } finally {
      older.release();
    }
    const [, second] = await store.readStream(stream);
    await untilVisible(store, second.position);
    const all = await store.readAll({ filter: { streamPrefixes: [stream] } });
    expect(all.map((e) => [e.type, e.streamRevision])).toEqual([
      ['First', 0],
      ['Second', 1],
    ]);
  });

  it('refuses an event id already stored in another stream', async () => {
    const event = anEvent();
    await store.appendToStream(newStreamId(), [event], 'no_stream');
    await expect(store.appendToStream(newStreamId(), [event], 'no_stream')).rejects.toBeInstanceOf(DuplicateEventId);
  });

  it('wakes a subscriber in another process through LISTEN/NOTIFY, not the poll', async () => {
    const otherPool = new pg.Pool({
      connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
      max: 2,
    });
    const listener = await PostgresEventStore.create({ pool: otherPool, schema: db.schema, pollIntervalMs: 60_000 });
    const category = `wake${Date.now()}`;
    const seen: string[] = [];
    let live = false;
    const sub = listener.subscribeToAll((e) => void seen.push(e.eventId), {
      from: 'end',
      filter: { streamPrefixes: [`${category}-`] },
      onCaughtUp: () => (live = true),
    });
    try {
      // Caught up implies listening: subscriptions LISTEN before their first read.
      while (!live) await new Promise((r) => setTimeout(r, 10));
      const event = anEvent();
      await store.appendToStream(newStreamId(category), [event], 'no_stream');
      const deadline = Date.now() + 5000;
      while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(seen).toEqual([event.eventId]);
    } finally {
      await sub.stop();
      await listener.close();
      await otherPool.end();
    }
  });

  it('does not serialise appends to different streams on one lock', async () => {
    const holder = await db.pool.connect();
    const blocked = newStreamId('held');
    await store.appendToStream(blocked, [anEvent()], 'no_stream');
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM "${db.schema}".streams WHERE stream_id = $1 FOR UPDATE`, [blocked]);
      // While one stream is locked, another stream still appends.
      const result = await store.appendToStream(newStreamId('free'), [anEvent()], 'no_stream');
      expect(result.nextExpectedRevision).toBe(0);
      const waiting = store.appendToStream(blocked, [anEvent()], 0);
      let settled = false;
      void waiting.then(
        () => (settled = true),
        () => (settled = true),
      );
      await new Promise((r) => setTimeout(r, 200));
      expect(settled).toBe(false);
      await holder.query('COMMIT');
      expect((await waiting).nextExpectedRevision).toBe(1);
    } finally {
      holder.release();
    }
  });

  it('moves a filtered subscription past events that do not match, so it does not rescan them', async () => {
    const category = `rare${Date.now()}`;
    const checkpointId = `skip-${category}`;
    const seen: string[] = [];
    let live = false;
    const sub = store.subscribeToAll((e) => void seen.push(e.eventId), {
      checkpointId,
      filter: { streamPrefixes: [`${category}-`] },
      onCaughtUp: () => (live = true),
    });
    while (!live) await new Promise((r) => setTimeout(r, 10));
    let last = await store.appendToStream(newStreamId('noise'), [anEvent()], 'no_stream');
    for (let i = 0; i < 29; i++) last = await store.appendToStream(newStreamId('noise'), [anEvent()], 'no_stream');
    await untilVisible(store, last.position);
    const head = await store.headPosition();
    // The checkpoint follows the head although nothing matched.
    const deadline = Date.now() + 5000;
    let stored: string | undefined;
    while (Date.now() < deadline) {
      const { rows } = await db.pool.query(
        `SELECT position FROM "${db.schema}".checkpoints WHERE subscription_id = $1`,
        [`$all:${checkpointId}`],
      );
      stored = rows[0]?.position;
      if (stored === `${head!.commit}/${head!.prepare}`) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(stored).toBe(`${head!.commit}/${head!.prepare}`);
    const match = anEvent();
    await store.appendToStream(newStreamId(category), [match], 'no_stream');
    while (seen.length === 0 && Date.now() < deadline + 5000) await new Promise((r) => setTimeout(r, 10));
    await sub.stop();
    expect(seen).toEqual([match.eventId]);
  });

  it('never builds on a stale head another process has moved past', async () => {
    const other = await PostgresEventStore.create({ pool: db.pool, schema: db.schema });
    const stream = newStreamId('shared');
    await store.appendToStream(stream, [anEvent(), anEvent()], 'no_stream');
    await other.readStream(stream); // `other` now believes the head is revision 1
    await store.appendToStream(stream, [anEvent()], 1);
    const stale = await other.appendToStream(stream, [anEvent()], 1).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(WrongExpectedVersion);
    expect((stale as WrongExpectedVersion).actual).toBe(2);
    // With the right expectation it appends (its hint is stale, the database decides).
    expect((await other.appendToStream(stream, [anEvent(), anEvent()], 2)).nextExpectedRevision).toBe(4);
    expect((await store.appendToStream(stream, [anEvent()], 4)).nextExpectedRevision).toBe(5);
    expect(await store.verifyStream(stream)).toMatchObject({ ok: true, eventsChecked: 6 });
    await other.close();
  });
});
