import { isolatedSchema, type IsolatedSchema } from '@lead/testing';
import { PostgresEventStore, PostgresStreamPurge, StreamNotFound, StreamNotPurgeable } from '../src/index.js';
import { anEvent, newStreamId } from './event-store.contract.js';

describe('PostgreSQL stream purge (hard delete of index streams)', () => {
  let db: IsolatedSchema;
  let store: PostgresEventStore;
  let purge: PostgresStreamPurge;

  beforeEach(async () => {
    db = await isolatedSchema('purge');
    store = await PostgresEventStore.create({ pool: db.pool, schema: db.schema });
    purge = new PostgresStreamPurge({ pool: db.pool, schema: db.schema, purgeablePrefixes: ['index-'] });
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  const rowsNaming = async (streamId: string) => {
    const { rows } = await db.pool.query<{ n: string }>(
      `SELECT (SELECT count(*) FROM "${db.schema}".events WHERE stream_id = $1)
            + (SELECT count(*) FROM "${db.schema}".streams WHERE stream_id = $1) AS n`,
      [streamId],
    );
    return Number(rows[0].n);
  };

  it('removes the stream, name and all; every other chain still verifies; a new stream of that name starts at 0', async () => {
    const record = newStreamId('record');
    const index = newStreamId('index');
    await store.appendToStream(record, [anEvent('A'), anEvent('B')], 'no_stream');
    await store.appendToStream(index, [anEvent('Claimed')], 'no_stream');
    await store.appendToStream(record, [anEvent('C')], 1);
    // Read once, so this process's head cache knows the stream.
    await store.readStream(index);

    expect(await purge.purge(index)).toEqual({ streamId: index, eventsRemoved: 1, existed: true });
    expect(await rowsNaming(index)).toBe(0);
    await expect(store.readStream(index)).rejects.toBeInstanceOf(StreamNotFound);
    expect(await store.verifyAll()).toMatchObject({ ok: true, eventsChecked: 3, streamsChecked: 1 });
    expect((await store.readAll()).map((e) => e.streamId)).toEqual([record, record, record]);

    // Idempotent: purging again removes nothing and succeeds.
    expect(await purge.purge(index)).toEqual({ streamId: index, eventsRemoved: 0, existed: false });
    // The name can be claimed again from scratch, and its new chain verifies.
    expect((await store.appendToStream(index, [anEvent('Claimed')], 'no_stream')).nextExpectedRevision).toBe(0);
    const [again] = await store.readStream(index);
    expect(again.previousHash).toBe('');
    expect(await store.verifyAll()).toMatchObject({ ok: true, eventsChecked: 4, streamsChecked: 2 });
  });

  it('refuses every stream outside its prefixes and removes nothing', async () => {
    const record = newStreamId('record');
    await store.appendToStream(record, [anEvent('A')], 'no_stream');
    await expect(purge.purge(record)).rejects.toBeInstanceOf(StreamNotPurgeable);
    expect(await rowsNaming(record)).toBe(2);
    expect(() => new PostgresStreamPurge({ pool: db.pool, purgeablePrefixes: [] })).toThrow(RangeError);
  });

  it('waits for an append in flight on the stream and removes what it stored', async () => {
    const index = newStreamId('index');
    await store.appendToStream(index, [anEvent('Claimed')], 'no_stream');
    const holder = await db.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM "${db.schema}".streams WHERE stream_id = $1 FOR UPDATE`, [index]);
      const purged = purge.purge(index);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await holder.query('COMMIT');
      expect((await purged).eventsRemoved).toBe(1);
    } finally {
      holder.release();
    }
    expect(await rowsNaming(index)).toBe(0);
  });

  it('finds the purgeable streams whose first event names one of the values, from committed rows', async () => {
    const [a, b, c] = [newStreamId('index'), newStreamId('index'), newStreamId('record')];
    await store.appendToStream(a, [anEvent('Claimed', { participantId: 'p-1' })], 'no_stream');
    await store.appendToStream(b, [anEvent('Claimed', { participantId: 'p-2' })], 'no_stream');
    await store.appendToStream(b, [anEvent('Claimed', { participantId: 'p-1' })], 0);
    await store.appendToStream(c, [anEvent('Other', { participantId: 'p-1' })], 'no_stream');
    expect(await purge.findByFirstEvent('index-', 'participantId', ['p-1'])).toEqual([a]);
    expect((await purge.findByFirstEvent('index-', 'participantId', ['p-1', 'p-2'])).sort()).toEqual([a, b].sort());
    expect(await purge.findByFirstEvent('index-', 'participantId', [])).toEqual([]);
    await expect(purge.findByFirstEvent('record-', 'participantId', ['p-1'])).rejects.toBeInstanceOf(
      StreamNotPurgeable,
    );
  });
});
