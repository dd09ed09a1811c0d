import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { AUDIT_TOPIC, assertValidAuditEvent } from '@lead/contracts';
import {
  CHECKPOINT_SIGNED,
  checkpointRecord,
  checkpointStream,
  checkSignedStatement,
  keyRingFromPems,
  loadCheckpointSigner,
  takeCheckpoint,
  verifyAgainstCheckpoints,
  type Checkpoint,
  type SignedCheckpointStatement,
} from '@lead/event-store';
import { loadConfig } from '@lead/platform';
import {
  auditCheckpointPublication,
  decodeAuditEvent,
  MessagingConfig,
  MessagingRuntime,
  receivedMessage,
  SILENT_LOGGER,
  topicStream,
  type KafkaClient,
  type WireMessage,
} from '../src/index.js';
import { appendCheckIns, participantIds } from './support/check-in-domain.js';
import { eventually } from './support/eventually.js';
import { testDatabase, type TestDatabase } from './support/test-database.js';
import { createTestTopics, testBrokers, testKafkaClient, testPrefix } from './support/test-kafka.js';

/**
 * The store's signed checkpoints reach lead.audit.v1 (issue 16): recorded by the schedule in `auditcheckpoint-<store>`,
 * relayed by whichever service holds the store-wide lease (two services here, one store), keyed by the store id, and
 * verifiable by a keeper with the auditor's public key alone.
 */
describe('the audit checkpoint relay (event store → lead.audit.v1)', () => {
  let db: TestDatabase;
  let kafka: KafkaClient;
  const runtimes: MessagingRuntime[] = [];
  const passedOver: Array<[string, unknown]> = [];
  const storeId = 'relay-test-store';
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const signer = loadCheckpointSigner({ pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
  const ring = keyRingFromPems({ [signer.keyId]: publicKey.export({ type: 'spki', format: 'pem' }).toString() });

  beforeAll(async () => {
    db = await testDatabase('audit_relay');
    kafka = testKafkaClient();
  });
  afterAll(async () => {
    await Promise.all(runtimes.map((runtime) => runtime.stop()));
    await kafka.close();
    await db.close();
  });

  /** One service of several on the store: its own schema, the store-wide audit relay. */
  async function service(name: string, env: Record<string, string>): Promise<MessagingRuntime> {
    const schema = `${db.serviceSchema}_${name}`;
    await db.pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const runtime = new MessagingRuntime({
      serviceName: name,
      config: loadConfig(MessagingConfig, env),
      pool: db.pool,
      schema,
      store: db.store,
      // Each service's own client, as in production (the runtime closes it on stop).
      kafka: env.BUS === 'kafka' ? testKafkaClient(name) : undefined,
      auditCheckpoints: { storeId, schema: db.eventStoreSchema },
      observer: { relayPassedOver: (relay, error) => passedOver.push([relay, error]) },
      consumers: [],
      logger: SILENT_LOGGER,
    });
    runtimes.push(runtime);
    await runtime.start();
    return runtime;
  }

  /** A checkpoint of what the store holds now, recorded as the schedule records it. */
  async function checkpointNow(): Promise<Checkpoint> {
    await appendCheckIns(db.store, participantIds(2), 2);
    const checkpoint = await takeCheckpoint(db.store, { storeId, signer });
    await db.store.appendToStream(checkpointStream(storeId), [checkpointRecord(checkpoint)], 'any');
    return checkpoint;
  }

  /** What a keeper does with a message: decode, check the contract, check the signature, verify the store. */
  async function keep(message: WireMessage): Promise<SignedCheckpointStatement> {
    const event = decodeAuditEvent(message);
    assertValidAuditEvent(event);
    expect(message.key).toBe(storeId);
    expect(event).toMatchObject({ subject: storeId, source: `/lead/event-store/${storeId}` });
    const statement = event.data as unknown as SignedCheckpointStatement;
    expect(checkSignedStatement(statement, ring)).toEqual({ ok: true });
    expect(await verifyAgainstCheckpoints(db.store, [statement], ring, { storeId })).toMatchObject({ ok: true });
    return statement;
  }

  /** The embedded audit topic's messages, once the given checkpoint is among them. */
  const auditTopicLog = (checkpointId: string) =>
    eventually(
      async () => (await db.store.readStream(topicStream(AUDIT_TOPIC)).catch(() => [])).map(receivedMessage),
      (messages) => messages.some((m) => m.headers.ce_id === checkpointId),
      `checkpoint ${checkpointId} on the embedded audit topic`,
    );

  it('publishes the checkpoint of an empty store (no event: an empty digest)', async () => {
    // Before any event of this file: the first checkpoint of a new deployment.
    const empty = await takeCheckpoint(db.store, { storeId, signer });
    expect(empty).toMatchObject({ eventCount: 0, allDigest: '', lastGlobalPosition: null });
    await db.store.appendToStream(checkpointStream(storeId), [checkpointRecord(empty)], 'any');
    const [recorded] = await db.store.readStream(checkpointStream(storeId));
    const message = auditCheckpointPublication(storeId).messageFor(recorded!);
    expect(message?.key).toBe(storeId);
    expect(await keep(message!)).toMatchObject({ id: empty.id, eventCount: 0 });
  });

  it('on Kafka: each checkpoint once, by one of the services, keyed by the store, verifiable with the public key', async () => {
    const prefix = `${testPrefix('audit')}.`;
    await createTestTopics([`${prefix}${AUDIT_TOPIC}`], 1);
    const env = {
      BUS: 'kafka',
      KAFKA_BROKERS: testBrokers().join(','),
      KAFKA_FETCH_MAX_WAIT_MS: '20',
      KAFKA_TOPIC_PREFIX: prefix,
    };
    await service('alpha', env);
    await service('beta', env);
    const first = await checkpointNow();
    const second = await checkpointNow();

    const records = await eventually(
      () => kafka.readTopic(`${prefix}${AUDIT_TOPIC}`),
      (found) => found.some((r) => r.headers.ce_id === second.id),
      'both checkpoints on the audit topic',
    );
    // One relay leads for the whole store: one message per checkpoint (the empty store's first), in signed order.
    const ids = records.map((r) => r.headers.ce_id);
    expect(new Set(ids).size).toBe(ids.length);
    const ours = records.filter((r) => r.headers.ce_id === first.id || r.headers.ce_id === second.id);
    expect(ours.map((r) => r.headers.ce_id)).toEqual([first.id, second.id]);
    const kept = [];
    for (const record of ours) kept.push(await keep(record));
    expect(kept.map((statement) => statement.merkleRoot)).toEqual([first.merkleRoot, second.merkleRoot]);
    // The lease and its position live beside the store, shared by every service on it.
    const { rows } = await db.pool.query<{ relay_id: string }>(
      `SELECT relay_id FROM "${db.eventStoreSchema}".relay_checkpoints ORDER BY relay_id`,
    );
    expect(rows.map((r) => r.relay_id)).toEqual([`audit-checkpoints:${storeId}`]);
    await Promise.all(runtimes.splice(0).map((runtime) => runtime.stop()));
  });

  it('on the embedded bus: the topic log lead.audit.v1 carries the same messages', async () => {
    await service('gamma', { BUS: 'embedded' });
    const checkpoint = await checkpointNow();
    const logged = await auditTopicLog(checkpoint.id);
    const message = logged.find((m) => m.headers.ce_id === checkpoint.id)!;
    expect((await keep(message)).id).toBe(checkpoint.id);
  });

  it('never publishes another store’s checkpoints (whose id merely starts with this one’s)', async () => {
    const other = await takeCheckpoint(db.store, { storeId: `${storeId}-2`, signer });
    await db.store.appendToStream(checkpointStream(`${storeId}-2`), [checkpointRecord(other)], 'any');
    const ours = await checkpointNow();
    const logged = await auditTopicLog(ours.id);
    expect(logged.map((m) => m.headers.ce_id)).not.toContain(other.id);
  });

  it('passes over a record it cannot publish (counted and logged), so later checkpoints still reach the bus', async () => {
    // A database writer's record in the checkpoint stream: neither a valid statement nor signed.
    const poison = randomUUID();
    await db.store.appendToStream(
      checkpointStream(storeId),
      [
        {
          eventId: poison,
          type: CHECKPOINT_SIGNED,
          schemaVersion: 1,
          data: { format: 'forged' },
          metadata: { correlationId: poison, jurisdiction: null },
        },
      ],
      'any',
    );
    const after = await checkpointNow();
    const logged = await auditTopicLog(after.id);
    expect(logged.map((m) => m.headers.ce_id)).not.toContain(poison);
    expect(passedOver).toContainEqual([`audit-checkpoints:${storeId}.embedded`, expect.anything()]);
  });
});
