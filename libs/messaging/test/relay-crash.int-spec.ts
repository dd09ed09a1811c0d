import { deadLetterTopic } from '@lead/contracts';
import { comparePositions, formatPosition, parsePosition } from '@lead/event-store';
import { SeededRandom } from '@lead/testing';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KafkaConsumer, type KafkaClient } from '../src/index.js';
import { TEST_POLICY } from './support/bus-under-test.js';
import { appendCheckIns, lastPosition, participantIds, type AppendedCheckIn } from './support/check-in-domain.js';
import { EffectLedger } from './support/effect-ledger.js';
import { eventually } from './support/eventually.js';
import { messagingDatabaseUrl, testDatabase, type TestDatabase } from './support/test-database.js';
import { createTestTopics, testBrokers, testKafkaClient, testPrefix } from './support/test-kafka.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..', '..');
const RUNNER = path.join(HERE, 'support', 'relay-process.mjs');

interface Replica {
  child: ChildProcess;
  states: string[];
  exited: Promise<void>;
}

describe('Relay crash safety', () => {
  let db: TestDatabase;
  let kafka: KafkaClient;
  let topic: string;
  const replicas = new Set<Replica>();

  beforeAll(async () => {
    // The replicas run the compiled library, as a service does.
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'libs/messaging/tsconfig.lib.json'],
      { cwd: ROOT, stdio: 'pipe' },
    );
    db = await testDatabase('crash');
    kafka = testKafkaClient();
    topic = `${testPrefix('crash')}.checkins.v1`;
    await createTestTopics([topic, deadLetterTopic(topic)]);
  }, 60_000);
  afterAll(async () => {
    for (const replica of replicas) replica.child.kill('SIGKILL');
    await kafka?.close();
    await db?.close();
  });

  function startReplica(): Replica {
    const child = spawn(process.execPath, [RUNNER], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        DATABASE_URL: messagingDatabaseUrl(),
        EVENT_STORE_SCHEMA: db.eventStoreSchema,
        SERVICE_SCHEMA: db.serviceSchema,
        KAFKA_BROKERS: testBrokers().join(','),
        TOPIC: topic,
        BATCH_SIZE: '20',
      },
    });
    const replica: Replica = {
      child,
      states: [],
      exited: new Promise((resolve) => child.once('exit', () => resolve())),
    };
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => replica.states.push(...chunk.split('\n').filter(Boolean)));
    replicas.add(replica);
    void replica.exited.then(() => replicas.delete(replica));
    return replica;
  }

  const isLeading = (replica: Replica) => replica.states[replica.states.length - 1] === 'leading';

  it('after SIGKILLs of the leading replica at random points while it publishes, every event is on the topic and the consumer’s effects equal the events', async () => {
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
    // A failing run is repeated with CRASH_SEED=<seed>.
    const random = new SeededRandom(seed);
    const group = 'lead.test-crash';
    const ledger = await new EffectLedger(db.pool, db.serviceSchema).create();
    const consumer = new KafkaConsumer({
      definition: ledger.definition(group, [topic]),
      client: kafka,
      pool: db.pool,
      schema: db.serviceSchema,
      policy: TEST_POLICY,
      partitionsConcurrently: 3,
    });
    await consumer.start();

    // Two replicas at all times: one leads, one stands by and must take over when the leader dies.
    startReplica();
    startReplica();
    const appended: AppendedCheckIn[] = [];
    const writing = (async () => {
      for (let round = 0; round < 10; round++) {
        appended.push(...(await appendCheckIns(db.store, participantIds(20), 5, { writers: 10 })));
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
    })();

    let kills = 0;
    for (; kills < 8; kills++) {
      const leader = await eventually(
        () => [...replicas].find(isLeading),
        (found) => found !== undefined,
        'a leading replica',
        20_000,
        2,
      );
      // Somewhere inside its publishing: right after it took the lease, or a few batches later.
      await new Promise((resolve) => setTimeout(resolve, random.int(150)));
      leader!.child.kill('SIGKILL');
      await leader!.exited;
      startReplica();
    }
    await writing;
    expect(appended).toHaveLength(1000);

    // The surviving replicas finish the job (up to the last append, which the store's head may not show yet).
    const head = lastPosition(appended);
    await eventually(
      async () =>
        (
          await db.pool.query<{ position: string }>(
            `SELECT position FROM "${db.serviceSchema}".relay_checkpoints WHERE relay_id = 'crash'`,
          )
        ).rows[0]?.position,
      (position) => position !== undefined && comparePositions(parsePosition(position), head) >= 0,
      `the relay checkpoint to reach ${formatPosition(head)}`,
    );
    await eventually(
      () => ledger.count(group),
      (n) => n >= appended.length,
      'the consumer to handle every event',
    );

    const onTopic = (await kafka.readTopic(topic)).map((record) => record.headers.ce_id);
    const distinct = new Set(onTopic);
    const missing = appended.filter((event) => !distinct.has(event.eventId));
    expect({ seed, kills, missing: missing.length }).toEqual({ seed, kills: 8, missing: 0 });
    expect(distinct.size).toBe(appended.length);
    expect(await ledger.count(group)).toBe(appended.length);
    const effects = await ledger.rows(group);
    expect(new Set(effects.map((row) => row.event_id)).size).toBe(appended.length);
    // Per participant, effects still follow the order of the check-ins (a republished batch is a duplicate, absorbed).
    const byParticipant = new Map<string, number[]>();
    for (const row of effects)
      byParticipant.set(row.participant_id, [...(byParticipant.get(row.participant_id) ?? []), row.sequence]);
    for (const sequences of byParticipant.values()) expect(sequences).toEqual([1, 2, 3, 4, 5]);
    process.stdout.write(
      `relay crash test: seed ${seed}, ${kills} SIGKILLs, ${onTopic.length - distinct.size} duplicates on the topic, none missing\n`,
    );

    for (const replica of replicas) replica.child.kill('SIGTERM');
    await Promise.all([...replicas].map((replica) => replica.exited));
    await consumer.stop();
    // Eight kills, each followed by a new replica process starting and a stand-by taking the lease: about 40 s on a
    // quiet machine, over 100 s beside a CPU-heavy process.
  }, 240_000);
});
