import { randomUUID } from 'node:crypto';
import { deadLetterTopic } from '@lead/contracts';
import {
  chainHash,
  comparePositions,
  formatPosition,
  parsePosition,
  withChainCheck,
  type Position,
} from '@lead/event-store';
import { Registry } from 'prom-client';
import { prometheusMessagingObserver, Relay, type KafkaClient, type RelayOptions } from '../src/index.js';
import {
  appendCheckIns,
  CHECKED_IN,
  checkInMapper,
  checkInStream,
  INTEGRATION_TYPE,
  lastPosition,
  participantIds,
} from './support/check-in-domain.js';
import { eventually } from './support/eventually.js';
import { GatedPublisher } from './support/gated-publisher.js';
import { testDatabase, type TestDatabase } from './support/test-database.js';
import { createTestTopics, testKafkaClient, testPrefix } from './support/test-kafka.js';

describe('Relay (event store → Kafka)', () => {
  let db: TestDatabase;
  let kafka: KafkaClient;
  const relays: Relay[] = [];

  beforeAll(async () => {
    db = await testDatabase('relay');
    kafka = testKafkaClient();
  });
  afterAll(async () => {
    await Promise.all(relays.map((relay) => relay.stop()));
    await kafka.close();
    await db.close();
  });

  /** Each test gets its own topic and relay name (its own lease and checkpoint). */
  async function setup(label: string) {
    const topic = `${testPrefix(label)}.checkins.v1`;
    await createTestTopics([topic, deadLetterTopic(topic)]);
    const mapper = checkInMapper(topic);
    const relay = (overrides: Partial<RelayOptions> = {}) => {
      const created = new Relay({
        name: label,
        store: db.store,
        pool: db.pool,
        schema: db.serviceSchema,
        mapper,
        publisher: kafka.publisher(),
        batchSize: 100,
        leaseRetryMs: 50,
        lagSampleMs: 0,
        retry: { initialDelayMs: 5, maxDelayMs: 50 },
        ...overrides,
      });
      relays.push(created);
      return created;
    };
    const checkpoint = async (): Promise<string | undefined> => {
      const { rows } = await db.pool.query<{ position: string }>(
        `SELECT position FROM "${db.serviceSchema}".relay_checkpoints WHERE relay_id = $1`,
        [label],
      );
      return rows[0]?.position;
    };
    return { topic, mapper, relay, checkpoint };
  }

  const caughtUp = async (relay: Relay, until: Position) => {
    await eventually(
      () => relay.acknowledgedPosition,
      (acked?: Position) => acked !== undefined && comparePositions(acked, until) >= 0,
      `the relay to acknowledge ${formatPosition(until)}`,
    );
  };

  it('publishes each mapped event keyed by participant, as a binary-mode CloudEvent, and passes over internal events', async () => {
    const { topic, relay, checkpoint } = await setup('publish');
    const appended = await appendCheckIns(db.store, participantIds(3), 2);
    const instance = relay().start();
    await caughtUp(instance, lastPosition(appended));

    const records = await kafka.readTopic(topic);
    const ours = records.filter((record) => appended.some((event) => event.eventId === record.headers.ce_id));
    expect(ours).toHaveLength(6); // the three notes were not published
    for (const event of appended) {
      const record = ours.find((r) => r.headers.ce_id === event.eventId)!;
      expect(record.key).toBe(event.participantId);
      expect(record.headers).toMatchObject({
        ce_type: INTEGRATION_TYPE,
        ce_specversion: '1.0',
        ce_subject: event.participantId,
        ce_jurisdiction: 'test-jurisdiction',
        'content-type': 'application/json',
      });
      expect(JSON.parse(record.value.toString())).toEqual({ sequence: event.sequence, poison: false });
    }
    // One participant, one partition, in order.
    for (const participant of new Set(appended.map((event) => event.participantId))) {
      const mine = ours.filter((record) => record.key === participant);
      expect(new Set(mine.map((record) => record.partition)).size).toBe(1);
      expect(mine.map((record) => JSON.parse(record.value.toString()).sequence)).toEqual([1, 2]);
    }
    expect(await checkpoint()).toBe(formatPosition(instance.acknowledgedPosition!));
  });

  it('moves its checkpoint only after the broker acknowledged the batch', async () => {
    const { relay, checkpoint } = await setup('ack');
    const publisher = new GatedPublisher(kafka.publisher());
    publisher.close();
    const before = await checkpoint();
    const instance = relay({ publisher }).start();
    const appended = await appendCheckIns(db.store, participantIds(5), 1);
    await publisher.attempted();
    // Sent, not acknowledged: the checkpoint has not moved.
    expect(await checkpoint()).toBe(before);
    expect(instance.acknowledgedPosition).toBeUndefined();
    publisher.release();
    await caughtUp(instance, lastPosition(appended));
    const stored = parsePosition((await checkpoint())!);
    expect(stored).toEqual(instance.acknowledgedPosition);
    expect(comparePositions(stored, lastPosition(appended))).toBeGreaterThanOrEqual(0);
  });

  it('lets one instance publish at a time: a second stands by, then continues from the first one’s checkpoint', async () => {
    const { topic, relay } = await setup('lease');
    const first = relay().start();
    await eventually(
      () => first.state,
      (state) => state === 'leading',
      'the first relay to lead',
    );
    const secondPublisher = new GatedPublisher(kafka.publisher());
    const second = relay({ publisher: secondPublisher }).start();
    await eventually(
      () => second.state,
      (state) => state === 'standby',
      'the second relay to stand by',
    );

    const early = await appendCheckIns(db.store, participantIds(10), 1);
    await caughtUp(first, lastPosition(early));
    expect(secondPublisher.calls).toBe(0);
    expect(second.state).toBe('standby');

    await first.stop();
    await eventually(
      () => second.state,
      (state) => state === 'leading',
      'the second relay to take over',
    );
    const late = await appendCheckIns(db.store, participantIds(10), 1);
    await caughtUp(second, lastPosition(late));

    const ids = (await kafka.readTopic(topic)).map((record) => record.headers.ce_id);
    // A graceful hand-over republishes nothing: each check-in in the store (this test's and earlier ones') once.
    const checkIns = await db.store.readAll({ maxCount: 100_000, filter: { eventTypes: [CHECKED_IN] } });
    expect(ids.sort()).toEqual(checkIns.map((event) => event.eventId).sort());
    expect(ids).toEqual(expect.arrayContaining([...early, ...late].map((event) => event.eventId)));
  });

  it('exports its lag (events after the acknowledged checkpoint) as a Prometheus gauge', async () => {
    const { relay } = await setup('lag');
    const registry = new Registry();
    const publisher = new GatedPublisher(kafka.publisher());
    publisher.close();
    // A fresh relay name starts from the beginning of the store: everything is behind it.
    const instance = relay({ publisher, observer: prometheusMessagingObserver(registry) }).start();
    await publisher.attempted();
    const behind = await instance.sampleLag();
    const inStore = (await db.store.readAll({ maxCount: 100_000, filter: { streamPrefixes: ['checkin-'] } })).length;
    expect(behind).toBe(inStore);
    expect(await registry.getSingleMetricAsString('lead_relay_lag_events')).toContain(
      `lead_relay_lag_events{relay="lag"} ${inStore}`,
    );

    publisher.release();
    // A check-in appended now is the end marker: every earlier one sorts before it. Not the visible head: `$all`
    // hides what older transactions (other test files' too) may still precede, so it can lag what is stored.
    const marker = await appendCheckIns(db.store, participantIds(1), 1);
    await caughtUp(instance, lastPosition(marker));
    expect(await instance.sampleLag()).toBe(0);
    expect(await registry.getSingleMetricAsString('lead_relay_lag_events')).toContain(
      'lead_relay_lag_events{relay="lag"} 0',
    );
    expect(await registry.getSingleMetricAsString('lead_relay_leading')).toContain('lead_relay_leading{relay="lag"} 1');
  });

  it('stops at an event its contract check refuses, never skipping it, and goes on once the check passes', async () => {
    const { topic, relay } = await setup('validate');
    const [good, bad, after] = await appendCheckIns(db.store, participantIds(3), 1, { writers: 1 });
    let refuse = true;
    const instance = relay({
      validate: (event) => {
        if (refuse && event.id === bad.eventId) throw new Error(`${event.id} breaks the published schema`);
      },
    }).start();
    await eventually(
      () => instance.recentError,
      (error) => error !== undefined,
      'the relay to hit the refused event',
    );
    expect(String(instance.recentError)).toContain('breaks the published schema');
    const ids = () => kafka.readTopic(topic).then((records) => records.map((record) => record.headers.ce_id));
    expect(await ids()).not.toContain(after.eventId);

    refuse = false; // the mapper is fixed and redeployed
    await caughtUp(instance, lastPosition([good, bad, after]));
    const published = await ids();
    expect(published).toEqual(expect.arrayContaining([good.eventId, bad.eventId, after.eventId]));
  });

  it('never publishes an event edited in the database: it stops there, and goes on once the row is restored', async () => {
    const { topic, relay } = await setup('tampered');
    const [good, edited, after] = await appendCheckIns(db.store, participantIds(3), 1, { writers: 1 });
    const events = `"${db.eventStoreSchema}".events`;
    const { rows } = await db.pool.query<{ data: unknown }>(`SELECT data FROM ${events} WHERE event_id = $1`, [
      edited.eventId,
    ]);
    await db.pool.query(`UPDATE ${events} SET data = jsonb_set(data, '{tampered}', 'true') WHERE event_id = $1`, [
      edited.eventId,
    ]);
    const instance = relay().start();
    await eventually(
      () => instance.recentError,
      (error) => error !== undefined,
      'the relay to stop at the edited event',
    );
    expect(String(instance.recentError)).toContain('integrity');
    const ids = () => kafka.readTopic(topic).then((records) => records.map((record) => record.headers.ce_id));
    expect(await ids()).not.toContain(edited.eventId);
    expect(await ids()).not.toContain(after.eventId);

    await db.pool.query(`UPDATE ${events} SET data = $2 WHERE event_id = $1`, [edited.eventId, rows[0]!.data]);
    await caughtUp(instance, lastPosition([good, edited, after]));
    expect(await ids()).toEqual(expect.arrayContaining([good.eventId, edited.eventId, after.eventId]));
  });

  it('never publishes an event inserted with a forged link: its own hash right, its previous hash not its predecessor’s', async () => {
    const { topic, relay } = await setup('forged-link');
    const [participant] = participantIds(1);
    const [first, linked] = await appendCheckIns(db.store, [participant!], 2, { writers: 1 });
    const events = `"${db.eventStoreSchema}".events`;
    const stored = (await db.store.readStream(checkInStream(participant!))).find((e) => e.eventId === linked.eventId);
    // What a writer with SQL and the public hashing rule does to splice an event in: a link of their choosing, and
    // the event's own hash recomputed over it, so the event alone verifies.
    const forgedPrevious = 'f'.repeat(64);
    const forgedHash = chainHash(forgedPrevious, { ...stored!, recordedAt: stored!.recordedAt.toISOString() });
    await db.pool.query(`UPDATE ${events} SET previous_hash = $2, hash = $3 WHERE event_id = $1`, [
      linked.eventId,
      forgedPrevious,
      forgedHash,
    ]);
    const instance = relay().start();
    await eventually(
      () => instance.recentError,
      (error) => error !== undefined,
      'the relay to stop at the forged link',
    );
    expect(String(instance.recentError)).toContain('previous-hash-mismatch');
    const ids = () => kafka.readTopic(topic).then((records) => records.map((record) => record.headers.ce_id));
    expect(await ids()).not.toContain(linked.eventId);

    await db.pool.query(`UPDATE ${events} SET previous_hash = $2, hash = $3 WHERE event_id = $1`, [
      linked.eventId,
      stored!.previousHash,
      stored!.hash,
    ]);
    await caughtUp(instance, lastPosition([first, linked]));
    expect(await ids()).toEqual(expect.arrayContaining([first.eventId, linked.eventId]));
  });

  it('stops at an event whose predecessor it cannot read because the stream is held, rather than publish it unchecked', async () => {
    const { topic, relay } = await setup('held-predecessor');
    const [participant] = participantIds(1);
    const [first] = await appendCheckIns(db.store, [participant!], 1, { writers: 1 });
    const before = relay().start();
    await caughtUp(before, lastPosition([first]));
    await before.stop();
    // The stream is found broken and held (as the platform's chain check does); an event is appended to it before.
    const held = new Set<string>();
    const store = withChainCheck(db.store, {
      openFindings: (streamId) => (held.has(streamId) ? ['previous-hash-mismatch'] : []),
      reportBroken: () => {},
    });
    const laterId = randomUUID();
    const appended = await db.store.appendToStream(
      checkInStream(participant!),
      [
        {
          eventId: laterId,
          type: CHECKED_IN,
          schemaVersion: 1,
          data: { participantId: participant!, sequence: 2, poison: false },
          metadata: { correlationId: randomUUID(), participantId: participant! },
        },
      ],
      'any',
    );
    const later = { eventId: laterId, position: appended.position };
    held.add(checkInStream(participant!));
    // A new leader starts after the acknowledged first event: the later one is the first of its stream it sees.
    const after = relay({ store }).start();
    await eventually(
      () => after.recentError,
      (error) => error !== undefined,
      'the relay to stop at the event it cannot link',
    );
    expect(String(after.recentError)).toContain('integrity');
    const ids = () => kafka.readTopic(topic).then((records) => records.map((record) => record.headers.ce_id));
    expect(await ids()).not.toContain(later.eventId);

    held.clear(); // released once an audit finds the stream whole
    await caughtUp(after, later.position);
    expect(await ids()).toContain(later.eventId);
  });
});
