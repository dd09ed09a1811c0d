import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AUDIT_TOPIC } from '@lead/contracts';
import {
  checkpointRecord,
  checkpointStream,
  loadCheckpointSigner,
  takeCheckpoint,
  type Checkpoint,
  type RecordedEvent,
} from '@lead/event-store';
import { assertBuiltForLeadAudit, runLeadAudit } from '@lead/testing';
import { auditCheckpointPublication, type KafkaClient, type WireMessage } from '../src/index.js';
import { appendCheckIns, participantIds } from './support/check-in-domain.js';
import { eventually } from './support/eventually.js';
import { messagingDatabaseUrl, testDatabase, type TestDatabase } from './support/test-database.js';
import { createTestTopics, testBrokers, testKafkaClient, testPrefix } from './support/test-kafka.js';

/**
 * `lead-audit keep`, run as a process (issue 16): the auditor keeps the checkpoints the bus carries in a directory of
 * their own, checked with their own public keys; a message nobody with the key could have signed is refused, and
 * `verify --checkpoints` then measures the store against what was kept.
 */
// Each run is a process that joins the broker with a throwaway group to read the topic: seconds apiece.
describe('lead-audit keep (the checkpoints of lead.audit.v1, kept off the database)', () => {
  let db: TestDatabase;
  let kafka: KafkaClient;
  let dir: string;
  let prefix: string;
  let topic: string;
  const storeId = 'keeper-test-store';
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const signer = loadCheckpointSigner({ pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
  const publication = () => auditCheckpointPublication(storeId, topic);
  const kept = () => path.join(dir, 'kept');
  const keys = () => path.join(dir, 'keys');

  beforeAll(async () => {
    assertBuiltForLeadAudit();
    db = await testDatabase('keeper');
    kafka = testKafkaClient();
    dir = await mkdtemp(path.join(tmpdir(), 'lead-keep-'));
    await mkdir(keys());
    await writeFile(path.join(keys(), 'auditor.pem'), publicKey.export({ type: 'spki', format: 'pem' }).toString());
    // As the services name it: KAFKA_TOPIC_PREFIX before lead.audit.v1 (the keeper's default topic).
    prefix = `${testPrefix('keep')}.`;
    topic = `${prefix}${AUDIT_TOPIC}`;
    await createTestTopics([topic], 1);
  });
  afterAll(async () => {
    await kafka?.close();
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A checkpoint recorded as the schedule records it, and its message as the relay publishes it. */
  async function signAndPublish(): Promise<{ checkpoint: Checkpoint; message: WireMessage }> {
    await appendCheckIns(db.store, participantIds(2), 1);
    const checkpoint = await takeCheckpoint(db.store, { storeId, signer });
    await db.store.appendToStream(checkpointStream(storeId), [checkpointRecord(checkpoint)], 'any');
    const [recorded] = (await db.store.readStream(checkpointStream(storeId))).filter(
      (event: RecordedEvent) => event.eventId === checkpoint.id,
    );
    const message = publication().messageFor(recorded!)!;
    await kafka.publisher().publish([{ topic, messages: [message] }]);
    return { checkpoint, message };
  }

  const keep = () =>
    runLeadAudit(['keep', '--out', kept(), '--keys', keys(), '--store-id', storeId], {
      KAFKA_BROKERS: testBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
    });

  it('keeps each signed statement once, refuses a forged one (exit 1), and raises a forgery only once', async () => {
    const first = await signAndPublish();
    const second = await signAndPublish();
    // A writer of the topic who edited a statement (one event fewer): the signature no longer matches.
    const data = JSON.parse(first.message.value.toString('utf8')) as Record<string, unknown>;
    const forged = { ...first.message, value: Buffer.from(JSON.stringify({ ...data, eventCount: 1 })) };
    await kafka.publisher().publish([{ topic, messages: [forged] }]);
    await eventually(
      () => kafka.readTopic(topic),
      (records) => records.length === 3,
      'three messages on the audit topic',
    );

    const run = await keep();
    expect(run).toMatchObject({ code: 1 });
    const out = run.stdout
      .trim()
      .split('\n')
      .map((line) => line.split('\t'));
    expect(out.filter(([kind]) => kind === 'kept').map(([, , id]) => id)).toEqual([
      first.checkpoint.id,
      second.checkpoint.id,
    ]);
    expect(out.filter(([kind]) => kind === 'refused')).toEqual([
      ['refused', expect.any(String), expect.stringContaining('signature does not match')],
    ]);
    expect(run.stderr).toContain('2 checkpoint(s) kept');
    expect((await readdir(kept())).filter((name) => name.endsWith('.json') && !name.startsWith('.'))).toHaveLength(2);

    // A rerun keeps nothing new and does not raise the same forgery again (the ledger has it): exit 0 ...
    const again = await keep();
    expect(again).toMatchObject({ code: 0, stderr: expect.stringContaining('0 checkpoint(s) kept') });
    expect(again.stderr).toContain('2 already kept, 0 message(s) refused now, 1 refused before');
    expect(again.stdout).toContain('refused-before');
    // ... but a new one is raised, and a topic whose newest checkpoint is too old is raised too.
    await kafka
      .publisher()
      .publish([{ topic, messages: [{ ...forged, headers: { ...forged.headers, ce_id: randomUUID() } }] }]);
    await eventually(
      () => kafka.readTopic(topic),
      (records) => records.length === 4,
      'the second forgery',
    );
    expect(await keep()).toMatchObject({ code: 1, stderr: expect.stringContaining('1 message(s) refused now') });
    expect(await keep()).toMatchObject({ code: 0 });
  }, 120_000);

  it('--max-age: raises a topic whose newest trustworthy checkpoint is too old', async () => {
    // The checkpoints were signed moments ago, so an hour's bound holds; a topic with none fails it.
    const env = { KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix };
    expect(await runLeadAudit(['keep', '--out', kept(), '--keys', keys(), '--max-age', '60'], env)).toMatchObject({
      code: 0,
    });
    const silent = `${testPrefix('silent')}.${AUDIT_TOPIC}`;
    await createTestTopics([silent], 1);
    const stale = await runLeadAudit(
      ['keep', '--out', path.join(dir, 'silent'), '--keys', keys(), '--topic', silent, '--max-age', '60'],
      env,
    );
    expect(stale).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('no checkpoint of any store newer than 60 minute(s)'),
    });
  }, 60_000);

  it('verify measures the store against the kept statements, and finds a truncation with them', async () => {
    // The kept statements (no heads) are what verify measures the store against.
    const verify = await runLeadAudit(
      ['verify', '--schema', db.eventStoreSchema, '--checkpoints', kept(), '--keys', keys(), '--store-id', storeId],
      { DATABASE_URL: messagingDatabaseUrl() },
    );
    expect(verify).toMatchObject({ code: 0, stderr: expect.stringContaining('2 checkpoint(s), 0 refused') });
    // After a truncation of the store's newest events, the same statements find it.
    await db.pool.query(
      `DELETE FROM "${db.eventStoreSchema}".events WHERE event_id IN (
         SELECT event_id FROM "${db.eventStoreSchema}".events ORDER BY transaction_id DESC, global_position DESC LIMIT 2)`,
    );
    const truncated = await runLeadAudit(
      ['verify', '--schema', db.eventStoreSchema, '--checkpoints', kept(), '--keys', keys()],
      { DATABASE_URL: messagingDatabaseUrl() },
    );
    expect(truncated.code).toBe(1);
    expect(truncated.stdout).toContain('all-truncated');
  }, 60_000);

  it('usage and setup errors exit 2', async () => {
    expect(await runLeadAudit(['keep', '--keys', keys()], { KAFKA_BROKERS: '' })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--out DIR[\s\S]*--brokers \(or KAFKA_BROKERS\) is required/),
    });
    expect(
      await runLeadAudit(['keep', '--out', kept(), '--keys', path.join(dir, 'no-such-keys')], {
        KAFKA_BROKERS: testBrokers().join(','),
      }),
    ).toMatchObject({ code: 2, stderr: expect.stringContaining('--keys') });
  });
});
