import { isolatedSchema, type IsolatedSchema } from '@lead/testing';
import type pg from 'pg';
import { PostgresEventStore, splitAroundRevision, type RecordedEvent } from '../src/index.js';
import { anEvent, newStreamId } from './event-store.contract.js';

/**
 * The failure this adapter exists to prevent: two writers take global positions 10 and 11; the one
 * holding 11 commits first. A reader trusting positions alone passes 11 and never sees 10.
 */
describe('PostgreSQL $all under out-of-order commits', () => {
  let db: IsolatedSchema;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await isolatedSchema('order');
    store = await PostgresEventStore.create({ pool: db.pool, schema: db.schema, pollIntervalMs: 50 });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  /** Appends one event through the store's SQL on `client`, inside whatever transaction it has open. */
  async function appendWith(client: pg.PoolClient, streamId: string, type = 'SlowWrite') {
    const event = anEvent(type);
    const { head, tail } = splitAroundRevision({
      eventId: event.eventId,
      type: event.type,
      schemaVersion: 1,
      streamId,
      recordedAt: new Date().toISOString(),
      data: event.data,
      metadata: event.metadata,
    });
    const { rows } = await client.query<{ prepare_position: string }>(
      `SELECT * FROM "${db.schema}".append_events($1, -1, $2::uuid[], $3::text[], $4::text[])`,
      [streamId, [event.eventId], [head], [tail]],
    );
    return { eventId: event.eventId, globalPosition: BigInt(rows[0].prepare_position) };
  }

  /** Appends inside a transaction the test keeps open, as a slow writer would. */
  async function appendInOpenTransaction(client: pg.PoolClient, streamId: string) {
    await client.query('BEGIN');
    return appendWith(client, streamId);
  }

  it('never lets a reader pass an event that commits late with a lower position', async () => {
    const delivered: RecordedEvent[] = [];
    const subscription = store.subscribeToAll((e) => void delivered.push(e));
    const first = await db.pool.connect();
    const second = await db.pool.connect();
    try {
      const lower = await appendInOpenTransaction(first, newStreamId('slow'));
      const higher = await appendInOpenTransaction(second, newStreamId('fast'));
      expect(higher.globalPosition).toBeGreaterThan(lower.globalPosition);

      await second.query('COMMIT');
      // The higher position is committed, yet nothing may be read past the open lower one.
      await new Promise((r) => setTimeout(r, 300));
      expect(await store.readAll()).toEqual([]);
      expect(delivered).toEqual([]);
      expect(await store.headPosition()).toBeUndefined();

      await first.query('COMMIT');
      const deadline = Date.now() + 5000;
      while (delivered.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(delivered.map((e) => e.eventId)).toEqual([lower.eventId, higher.eventId]);
      expect((await store.readAll()).map((e) => e.eventId)).toEqual([lower.eventId, higher.eventId]);
    } finally {
      first.release();
      second.release();
      await subscription.stop();
    }
    expect(delivered).toHaveLength(2);
  });

  it('orders by transaction, not by position, when a later transaction took an earlier position', async () => {
    // Where this test starts: a marker's own append position, not the visible head, which other transactions
    // (other test files' too) can hold behind the earlier tests' events.
    const { position: before } = await store.appendToStream(newStreamId('marker'), [anEvent('Marker')], 'no_stream');
    const older = await db.pool.connect();
    const newer = await db.pool.connect();
    try {
      // `older` gets its transaction id first but appends last.
      await older.query('BEGIN');
      await older.query('SELECT pg_current_xact_id()');
      const early = await appendInOpenTransaction(newer, newStreamId('early'));
      await newer.query('COMMIT');
      const late = await appendWith(older, newStreamId('late'), 'Late');
      expect(late.globalPosition).toBeGreaterThan(early.globalPosition);
      // Committed `newer` is still hidden: `older` (a lower transaction id) might yet write before it.
      expect((await store.readAll({ after: before })).map((e) => e.eventId)).not.toContain(early.eventId);
      await older.query('COMMIT');
      // Both become readable once every older transaction anywhere has ended, and in transaction order.
      let all = await store.readAll({ after: before });
      for (const deadline = Date.now() + 10_000; all.length < 2 && Date.now() < deadline;) {
        await new Promise((r) => setTimeout(r, 20));
        all = await store.readAll({ after: before });
      }
      expect(all.map((e) => e.type)).toEqual(['Late', 'SlowWrite']);
    } finally {
      older.release();
      newer.release();
    }
  });

  it('delivers an event held back by an unrelated open transaction as soon as that ends, without a notification', async () => {
    const slowPoll = await PostgresEventStore.create({ pool: db.pool, schema: db.schema, pollIntervalMs: 60_000 });
    const category = `held${Date.now()}`;
    const delivered: string[] = [];
    let live = false;
    const subscription = slowPoll.subscribeToAll((e) => void delivered.push(e.eventId), {
      from: 'end',
      filter: { streamPrefixes: [`${category}-`] },
      onCaughtUp: () => (live = true),
    });
    const unrelated = await db.pool.connect();
    try {
      while (!live) await new Promise((r) => setTimeout(r, 10));
      await unrelated.query('BEGIN');
      await unrelated.query('SELECT pg_current_xact_id()');
      const event = anEvent();
      await slowPoll.appendToStream(newStreamId(category), [event], 'no_stream');
      await new Promise((r) => setTimeout(r, 200));
      expect(delivered).toEqual([]);
      await unrelated.query('COMMIT');
      const deadline = Date.now() + 3000;
      while (delivered.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(delivered).toEqual([event.eventId]);
    } finally {
      unrelated.release();
      await subscription.stop();
      await slowPoll.close();
    }
  });
});
