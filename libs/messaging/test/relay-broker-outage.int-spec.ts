import { comparePositions, type Position } from '@lead/event-store';
import { controlCommand, startKafkaMock, type MockBroker } from '../../../infra/kafka-mock/kafka-mock.mjs';
import { KafkajsClient, Relay, type MessagingLogger } from '../src/index.js';
import { appendCheckIns, checkInMapper, lastPosition, participantIds } from './support/check-in-domain.js';
import { eventually } from './support/eventually.js';
import { testDatabase, type TestDatabase } from './support/test-database.js';

/** Collects the relay's warnings: how it tells an operator it is retrying. */
class WarningLog implements MessagingLogger {
  readonly warnings: string[] = [];
  debug() {}
  info() {}
  warn(_: object, message?: string) {
    this.warnings.push(message ?? '');
  }
  error() {}
}

// A broker of this file's own: taking every broker down must not disturb the files sharing npm test's broker.
describe('Relay through a broker outage', () => {
  let broker: MockBroker;
  let db: TestDatabase;
  let kafka: KafkajsClient;
  let relay: Relay;
  const topic = 'lead.outage.v1';

  beforeAll(async () => {
    broker = await startKafkaMock({ brokers: 3, partitions: 6, topics: [topic] });
    db = await testDatabase('outage');
    kafka = new KafkajsClient({
      brokers: broker.bootstrap.split(','),
      clientId: 'outage-test',
      fetchMaxWaitMs: 20,
      connectionTimeoutMs: 300,
      requestTimeoutMs: 1000,
    });
  });
  afterAll(async () => {
    await relay?.stop();
    await kafka.close();
    await db.close();
    await broker.stop();
  });

  const caughtUp = async (until: Position) => {
    await eventually(
      () => relay.acknowledgedPosition,
      (acked?: Position) => acked !== undefined && comparePositions(acked, until) >= 0,
      'the relay to catch up',
      30_000,
    );
  };

  it('keeps retrying while no broker answers, skips nothing, and delivers everything once they are back', async () => {
    const log = new WarningLog();
    relay = new Relay({
      name: 'outage',
      store: db.store,
      pool: db.pool,
      schema: db.serviceSchema,
      mapper: checkInMapper(topic),
      publisher: kafka.publisher(),
      leaseRetryMs: 50,
      lagSampleMs: 0,
      retry: { initialDelayMs: 20, maxDelayMs: 200 },
      logger: log,
    }).start();
    const before = await appendCheckIns(db.store, participantIds(10), 1);
    await caughtUp(lastPosition(before));

    for (const id of [1, 2, 3]) expect(await controlCommand(broker.control, `down ${id}`)).toBe('ok');
    const during = await appendCheckIns(db.store, participantIds(20), 1);
    await eventually(
      () => log.warnings.filter((w) => w.startsWith('publish failed')).length,
      (n) => n >= 2,
      'publish retries during the outage',
      30_000,
    );
    const stuckAt = relay.acknowledgedPosition!;
    expect(comparePositions(stuckAt, lastPosition(during))).toBeLessThan(0);

    for (const id of [1, 2, 3]) expect(await controlCommand(broker.control, `up ${id}`)).toBe('ok');
    await caughtUp(lastPosition(during));
    const published = new Set((await kafka.readTopic(topic)).map((record) => record.headers.ce_id));
    for (const event of [...before, ...during]) expect(published.has(event.eventId)).toBe(true);
  });
});
