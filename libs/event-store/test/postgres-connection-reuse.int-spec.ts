import { isolatedSchema, type IsolatedSchema } from '@lead/testing';
import { DuplicateEventId, PostgresEventStore, WrongExpectedVersion } from '../src/index.js';
import { anEvent, newStreamId } from './event-store.contract.js';

/**
 * `pg.Pool#query` destroys its connection whenever a query fails. A refused append is an ordinary
 * answer (participant matching, for one, expects a wrong expected version on every repeat
 * referral), so it must not cost a reconnect: a new backend per conflict was most of the
 * database's work under load (bench/referrals).
 */
describe('PostgreSQL adapter: refused appends keep their connection', () => {
  let db: IsolatedSchema;
  let store: PostgresEventStore;
  let connects = 0;

  beforeAll(async () => {
    db = await isolatedSchema('pgconn', 2);
    db.pool.on('connect', () => connects++);
    store = await PostgresEventStore.create({ pool: db.pool, schema: db.schema });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('keeps the connection after a wrong expected version, whichever append path refused it', async () => {
    const stream = newStreamId('conflict');
    await store.appendToStream(stream, [anEvent()], 'no_stream');
    for (let i = 0; i < 10; i++) {
      // no_stream on an existing stream; a stale revision; a multi-event append at a stale revision.
      await expect(store.appendToStream(stream, [anEvent()], 'no_stream')).rejects.toBeInstanceOf(WrongExpectedVersion);
      await expect(store.appendToStream(stream, [anEvent()], 5)).rejects.toBeInstanceOf(WrongExpectedVersion);
      await expect(store.appendToStream(stream, [anEvent(), anEvent()], 7)).rejects.toBeInstanceOf(
        WrongExpectedVersion,
      );
    }
    // At most the pool's two connections were ever opened (the store's NOTIFY may need the second).
    expect(connects).toBeLessThanOrEqual(2);
    // The kept connections still answer.
    await expect(store.appendToStream(stream, [anEvent()], 0)).resolves.toMatchObject({ nextExpectedRevision: 1 });
  });

  it('keeps the connection after a duplicate event id', async () => {
    const event = anEvent();
    await store.appendToStream(newStreamId('dup'), [event], 'no_stream');
    for (let i = 0; i < 10; i++) {
      await expect(store.appendToStream(newStreamId('dup'), [event], 'no_stream')).rejects.toBeInstanceOf(
        DuplicateEventId,
      );
    }
    expect(connects).toBeLessThanOrEqual(2);
  });
});
