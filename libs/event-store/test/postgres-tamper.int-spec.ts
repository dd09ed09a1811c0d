import { isolatedSchema, type IsolatedSchema } from '@lead/testing';
import { PostgresEventStore } from '../src/index.js';
import { anEvent, newStreamId } from './event-store.contract.js';

describe('PostgreSQL hash chain against edits behind the store', () => {
  let db: IsolatedSchema;
  let store: PostgresEventStore;

  beforeEach(async () => {
    db = await isolatedSchema('tamper');
    store = await PostgresEventStore.create({ pool: db.pool, schema: db.schema });
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  async function fiveEvents() {
    const clean = newStreamId('clean');
    const target = newStreamId('target');
    await store.appendToStream(clean, [anEvent(), anEvent()], 'no_stream');
    for (let i = 0; i < 5; i++)
      await store.appendToStream(target, [anEvent('Step', { i })], i === 0 ? 'no_stream' : i - 1);
    expect((await store.verifyStream(target)).ok).toBe(true);
    expect((await store.verifyStream(clean)).ok).toBe(true);
    return target;
  }

  it('finds an edited payload at exactly that event', async () => {
    const target = await fiveEvents();
    expect(await store.verifyAll()).toMatchObject({ ok: true, eventsChecked: 7, streamsChecked: 2 });
    await db.pool.query(
      `UPDATE "${db.schema}".events SET data = jsonb_set(data, '{i}', '99') WHERE stream_id = $1 AND stream_revision = 2`,
      [target],
    );
    expect(await store.verifyStream(target)).toMatchObject({
      ok: false,
      streamId: target,
      revision: 2,
      reason: 'content does not match its hash',
    });
    expect(await store.verifyAll()).toMatchObject({ ok: false, streamId: target, revision: 2 });
  });

  it('finds edited metadata (who did it) and a re-hashed event whose successor no longer links', async () => {
    const target = await fiveEvents();
    await db.pool.query(
      `UPDATE "${db.schema}".events SET metadata = jsonb_set(metadata, '{actor,subject}', '"someone-else"') WHERE stream_id = $1 AND stream_revision = 1`,
      [target],
    );
    expect(await store.verifyStream(target)).toMatchObject({ ok: false, revision: 1 });
    const second = await fiveEvents();
    await db.pool.query(
      `UPDATE "${db.schema}".events SET hash = repeat('0', 64) WHERE stream_id = $1 AND stream_revision = 3`,
      [second],
    );
    expect(await store.verifyStream(second)).toMatchObject({ ok: false, revision: 3 });
  });

  it('finds a removed event, including the newest one', async () => {
    const target = await fiveEvents();
    await db.pool.query(`DELETE FROM "${db.schema}".events WHERE stream_id = $1 AND stream_revision = 4`, [target]);
    expect(await store.verifyStream(target)).toMatchObject({ ok: false, revision: 4 });
    const other = await fiveEvents();
    await db.pool.query(`DELETE FROM "${db.schema}".events WHERE stream_id = $1 AND stream_revision = 1`, [other]);
    expect(await store.verifyStream(other)).toMatchObject({ ok: false, revision: 1, reason: 'revision 1 is missing' });
  });

  it('finds a stream whose every event was deleted, which the walk over event rows never meets', async () => {
    const target = await fiveEvents();
    await db.pool.query(`DELETE FROM "${db.schema}".events WHERE stream_id = $1`, [target]);
    const broken = { ok: false, streamId: target, revision: 0, reason: 'every event of the stream is missing' };
    expect(await store.verifyAll()).toMatchObject(broken);
    expect(await store.verifyStream(target)).toMatchObject(broken);
  });
});
