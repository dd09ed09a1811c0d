import { newEventId, PostgresEventStore, type RecordedEvent } from '@lead/event-store';
import { eventually } from '@lead/testing';
import { randomUUID } from 'node:crypto';
import { EncryptingEventStore } from '../src/encrypting-event-store.js';
import { ERASED } from '../src/erased.js';
import { isSealedValue } from '../src/sealed-value.js';
import { keyStoreFixture, type KeyStoreFixture } from './key-store-fixture.js';

describe('EncryptingEventStore', () => {
  let fixture: KeyStoreFixture;
  let inner: PostgresEventStore;
  let store: EncryptingEventStore;
  const eventSchema = () => `${fixture.database.schema}_events`;

  beforeAll(async () => {
    fixture = await keyStoreFixture();
    inner = await PostgresEventStore.create({ pool: fixture.database.pool, schema: eventSchema(), pollIntervalMs: 50 });
    store = new EncryptingEventStore(inner, fixture.cipher, { PersonRegistered: ['name', 'contacts.*.phone'] });
  });
  afterAll(async () => {
    await inner?.close();
    await fixture?.database.pool.query(`DROP SCHEMA IF EXISTS "${eventSchema()}" CASCADE`);
    await fixture?.database.drop();
  });

  function registered(participantId: string) {
    return {
      eventId: newEventId(),
      type: 'PersonRegistered',
      schemaVersion: 1,
      data: { name: 'Dee Park', contacts: [{ phone: '555-0142', kind: 'cell' }], district: 'D6' },
      metadata: { correlationId: randomUUID(), participantId },
    };
  }

  it('stores listed fields sealed and gives them back in plaintext on reads and subscriptions', async () => {
    const participantId = randomUUID();
    await store.appendToStream(`person-${participantId}`, [registered(participantId)], 'no_stream');

    const [raw] = await inner.readStream(`person-${participantId}`);
    const rawData = raw.data as { name: unknown; contacts: { phone: unknown; kind: string }[]; district: string };
    expect(isSealedValue(rawData.name)).toBe(true);
    expect(isSealedValue(rawData.contacts[0].phone)).toBe(true);
    expect(rawData.contacts[0].kind).toBe('cell');
    expect(rawData.district).toBe('D6');
    expect(JSON.stringify(raw.data)).not.toMatch(/Dee Park|555-0142/);

    const expected = { name: 'Dee Park', contacts: [{ phone: '555-0142', kind: 'cell' }], district: 'D6' };
    expect((await store.readStream(`person-${participantId}`))[0].data).toEqual(expected);
    // $all holds a committed event back while an older transaction anywhere in the cluster is open (the fence).
    const fromAll = await eventually(
      () => store.readAll({ filter: { streamPrefixes: [`person-${participantId}`] } }),
      (events) => events.length > 0,
      'the event on $all',
    );
    expect(fromAll.map((event) => event.data)).toEqual([expected]);

    const seen: RecordedEvent[] = [];
    const subscription = store.subscribeToStream(`person-${participantId}`, (event) => {
      seen.push(event);
    });
    await new Promise<void>((resolve) => {
      const check = () => (seen.length > 0 ? resolve() : setTimeout(check, 10));
      check();
    });
    await subscription.stop();
    expect(seen[0].data).toEqual(expected);
  });

  it('answers ERASED for the sealed fields once the key is shredded; the stream still verifies', async () => {
    const participantId = randomUUID();
    await store.appendToStream(`person-${participantId}`, [registered(participantId)], 'no_stream');
    await fixture.keys.shred(participantId);
    const [event] = await store.readStream(`person-${participantId}`);
    expect(event.data).toEqual({ name: ERASED, contacts: [{ phone: ERASED, kind: 'cell' }], district: 'D6' });
    await expect(store.verifyStream(`person-${participantId}`)).resolves.toMatchObject({ ok: true });
  });

  it('refuses to append a listed event type without a participant id, writing nothing', async () => {
    const event = { ...registered('x'), metadata: { correlationId: randomUUID() } };
    const streamId = `person-${randomUUID()}`;
    await expect(store.appendToStream(streamId, [event], 'no_stream')).rejects.toThrow(/needs metadata.participantId/);
    await expect(inner.readStream(streamId)).rejects.toThrow(/does not exist/);
  });

  it('passes other event types through untouched', async () => {
    const participantId = randomUUID();
    const event = {
      eventId: newEventId(),
      type: 'PersonMoved',
      schemaVersion: 1,
      data: { district: 'D2' },
      metadata: { correlationId: 'c', participantId },
    };
    await store.appendToStream(`person-${participantId}`, [event], 'any');
    expect((await inner.readStream(`person-${participantId}`))[0].data).toEqual({ district: 'D2' });
  });
});
