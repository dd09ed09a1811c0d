import { comparePositions, newEventId, PostgresEventStore, type EventStore, type Position } from '@lead/event-store';
import {
  migrateMessaging,
  Relay,
  type IntegrationEventMapper,
  type KafkaClient,
  type KafkaRecord,
} from '@lead/messaging';
import { isolatedSchema, type IsolatedSchema } from '@lead/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { ConfiguredMasterKey } from '../src/configured-master-key.js';
import { DataKeyStore } from '../src/data-key-store.js';
import { EncryptingEventStore } from '../src/encrypting-event-store.js';
import { ERASED, isErased } from '../src/erased.js';
import { PersonalDataCipher } from '../src/personal-data-cipher.js';
import { eventually } from '../../messaging/test/support/eventually.js';
import { createTestTopics, testKafkaClient, testPrefix } from '../../messaging/test/support/test-kafka.js';
import { findPlaintext, scannedTables } from './plaintext-scan.js';

/**
 * Expungement by crypto-shredding, end to end on PostgreSQL: personal fields go into events sealed
 * with the participant's data key, a read model is built from them, the key is destroyed, the read
 * model is rebuilt — and then no table of the event store, the key store or the read model holds any
 * of the participant's personal values, while every hash chain (audit trail included) still verifies.
 * The events also go to a Kafka topic through the real relay, forwarded exactly as stored: no message
 * on it carries a personal value either.
 */
const personalFields = {
  ParticipantIdentified: ['name', 'dateOfBirth', 'address', 'phone'],
  OffenseRecorded: ['narrative'],
} as const;

interface Person {
  participantId: string;
  name: string;
  dateOfBirth: string;
  address: { line1: string; city: string; postalCode: string };
  phone: string;
  narrative: string;
}

/** `day` of birth: the two people of the test must not share a needle (a random day collided 1 run in 18). */
function person(day: number): Person {
  const tag = randomBytes(4).toString('hex');
  return {
    participantId: randomUUID(),
    name: `Marisol Quintero-${tag}`,
    dateOfBirth: `1983-07-${String(day).padStart(2, '0')}`,
    address: { line1: `4821 Larimer St Apt ${tag}`, city: 'Denver', postalCode: '80205' },
    phone: `720-555-${tag.slice(0, 4)}`,
    narrative: `Found sleeping in the doorway of unit ${tag}, small amount of suspected fentanyl`,
  };
}

/** The values that identify `p`; city and postal code are shared by many people and are not needles. */
function needlesOf(p: Person): string[] {
  return [p.name, p.dateOfBirth, p.address.line1, p.phone, p.narrative];
}

describe('crypto-shredding (erasure by destroying the data key)', () => {
  let database: IsolatedSchema;
  let eventSchema: string;
  let keySchema: string;
  let inner: PostgresEventStore;
  let store: EventStore;
  let keys: DataKeyStore;
  const erased = person(11);
  const kept = person(23);
  let kafka: KafkaClient;
  let relay: Relay;
  let topic: string;

  /** Forwards every event of the participant and audit streams verbatim: the stored form, ciphertext and all. */
  function verbatim(to: string): IntegrationEventMapper {
    return {
      topic: to,
      filter: { streamPrefixes: ['participant-', 'audit-'] },
      map: (event) => ({
        id: event.eventId,
        type: `lead.test.${event.type}`,
        schemaVersion: 1,
        source: '/lead/test-crypto-shredding',
        time: event.recordedAt.toISOString(),
        participantId: String(event.metadata.participantId),
        jurisdiction: 'denver',
        correlationId: event.metadata.correlationId,
        causationId: null,
        data: { stored: event.data as Record<string, unknown> },
      }),
    };
  }

  function messageText(record: KafkaRecord): string {
    return `${record.key ?? ''}\n${record.value.toString('utf8')}\n${JSON.stringify(record.headers)}`;
  }

  /** The newest event this test appended: the relay is done when it has acknowledged that one. */
  let lastAppended: Position | undefined;

  async function record(p: Person): Promise<void> {
    const metadata = { correlationId: randomUUID(), participantId: p.participantId, jurisdiction: 'denver' };
    await store.appendToStream(
      `participant-${p.participantId}`,
      [
        {
          eventId: newEventId(),
          type: 'ParticipantIdentified',
          schemaVersion: 1,
          data: {
            participantId: p.participantId,
            name: p.name,
            dateOfBirth: p.dateOfBirth,
            address: p.address,
            phone: p.phone,
          },
          metadata,
        },
        {
          eventId: newEventId(),
          type: 'OffenseRecorded',
          schemaVersion: 1,
          data: { code: 'CO-18-18-403.5', narrative: p.narrative },
          metadata,
        },
        {
          eventId: newEventId(),
          type: 'ParticipantEnrolled',
          schemaVersion: 1,
          data: { enrolledOn: '2025-03-01' },
          metadata,
        },
      ],
      'no_stream',
    );
    // The access audit trail names the participant by id only, and must survive the erasure.
    ({ position: lastAppended } = await store.appendToStream(
      `audit-${p.participantId}`,
      [
        {
          eventId: newEventId(),
          type: 'ParticipantRecordRead',
          schemaVersion: 1,
          data: {
            participantId: p.participantId,
            actor: { subject: 'cm-1', agency: 'WOW', role: 'case_manager' },
            purpose: 'case-management',
          },
          metadata,
        },
      ],
      'any',
    ));
  }

  /** A projector as a service would write one: it sees plaintext, or ERASED once the key is gone. */
  async function rebuildReadModel(): Promise<void> {
    const table = `"${database.schema}".participants`;
    // TRUNCATE, not DELETE: it drops the table's files, so no dead tuple keeps old plaintext on disk.
    await database.pool.query(`TRUNCATE ${table}`);
    for (const event of await store.readAll({ filter: { streamPrefixes: ['participant-'] } })) {
      const data = event.data as Record<string, unknown>;
      const participantId = event.metadata.participantId;
      if (event.type === 'ParticipantIdentified') {
        const isGone = isErased(data.name);
        await database.pool.query(
          `INSERT INTO ${table} (participant_id, name, date_of_birth, address, phone, erased) VALUES ($1, $2, $3, $4, $5, $6)`,
          isGone
            ? [participantId, null, null, null, null, true]
            : [participantId, data.name, data.dateOfBirth, JSON.stringify(data.address), data.phone, false],
        );
      } else if (event.type === 'OffenseRecorded') {
        await database.pool.query(`UPDATE ${table} SET narrative = $2 WHERE participant_id = $1`, [
          participantId,
          isErased(data.narrative) ? null : data.narrative,
        ]);
      }
    }
  }

  function schemas(): string[] {
    return [eventSchema, keySchema, database.schema];
  }

  beforeAll(async () => {
    database = await isolatedSchema('t_shred_rm');
    eventSchema = `${database.schema}_events`;
    keySchema = `${database.schema}_keys`;
    inner = await PostgresEventStore.create({ pool: database.pool, schema: eventSchema });
    const masterKey = ConfiguredMasterKey.fromBase64(randomBytes(32).toString('base64'), 'test');
    keys = await DataKeyStore.create({ pool: database.pool, schema: keySchema, masterKey });
    store = new EncryptingEventStore(inner, new PersonalDataCipher(keys), personalFields);
    await database.pool.query(
      `CREATE TABLE "${database.schema}".participants (
         participant_id text PRIMARY KEY, name text, date_of_birth text, address jsonb, phone text, narrative text,
         erased boolean NOT NULL)`,
    );
    await record(erased);
    await record(kept);
    await rebuildReadModel();

    const relaySchema = `${database.schema}_relay`;
    await migrateMessaging(database.pool, relaySchema);
    kafka = testKafkaClient('lead-crypto-shredding');
    topic = `${testPrefix('shred')}.participants.v1`;
    await createTestTopics([topic]);
    relay = new Relay({
      name: 'crypto-shredding',
      store: inner,
      pool: database.pool,
      schema: relaySchema,
      mapper: verbatim(topic),
      publisher: kafka.publisher(),
      batchSize: 100,
      leaseRetryMs: 50,
      lagSampleMs: 0,
    }).start();
    // Not the store's head read now: under the event store's visibility fence it may still lag the appends.
    const head = lastAppended!;
    await eventually(
      () => relay.acknowledgedPosition,
      (acked?: Position) => acked !== undefined && comparePositions(acked, head) >= 0,
      'the relay to publish every event',
    );
  });

  afterAll(async () => {
    await relay?.stop();
    await kafka?.close();
    await inner?.close();
    if (database) {
      for (const schema of [eventSchema, keySchema, `${database.schema}_relay`]) {
        await database.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      }
      await database.drop();
    }
  });

  it('never stores personal values in the event log, only in the read model built from it', async () => {
    const inEventLog = await findPlaintext(
      database.pool,
      [eventSchema, keySchema],
      [...needlesOf(erased), ...needlesOf(kept)],
    );
    expect(inEventLog).toEqual([]);
    // The scan finds what is there: before shredding, the read model holds every value in plaintext.
    const inReadModel = await findPlaintext(database.pool, [database.schema], needlesOf(erased));
    expect(inReadModel.map((finding) => finding.needle).sort()).toEqual(needlesOf(erased).sort());
  });

  describe('after the participant’s data key is shredded and the read model rebuilt', () => {
    beforeAll(async () => {
      await keys.shred(erased.participantId);
      await rebuildReadModel();
    });

    it('no table of the event store, key store or read model holds any of their personal values', async () => {
      expect(await scannedTables(database.pool, schemas())).toEqual(
        expect.arrayContaining([
          `${eventSchema}.events`,
          `${eventSchema}.streams`,
          `${keySchema}.participant_data_keys`,
          `${database.schema}.participants`,
        ]),
      );
      expect(await findPlaintext(database.pool, schemas(), needlesOf(erased))).toEqual([]);
    });

    it('the read model shows them as erased, and other participants as before', async () => {
      const { rows } = await database.pool.query(
        `SELECT participant_id, name, phone, narrative, erased FROM "${database.schema}".participants ORDER BY erased`,
      );
      expect(rows).toEqual([
        {
          participant_id: kept.participantId,
          name: kept.name,
          phone: kept.phone,
          narrative: kept.narrative,
          erased: false,
        },
        { participant_id: erased.participantId, name: null, phone: null, narrative: null, erased: true },
      ]);
      expect(await findPlaintext(database.pool, schemas(), [kept.name, kept.phone])).toHaveLength(2);
    });

    it('no message on the Kafka topic the events were relayed to carries any of their personal values', async () => {
      const records = await kafka.readTopic(topic);
      // 3 participant events and 1 audit entry for each of the two participants, as stored: sealed.
      expect(records).toHaveLength(8);
      const texts = records.map(messageText);
      expect(texts.filter((text) => text.includes('"$sealed"'))).toHaveLength(4);
      expect(texts.filter((text) => text.includes('CO-18-18-403.5'))).toHaveLength(2);
      for (const needle of [...needlesOf(erased), ...needlesOf(kept)]) {
        expect({ needle, found: texts.filter((text) => text.includes(needle)).length }).toEqual({ needle, found: 0 });
      }
    });

    it('keeps every event: personal fields read as ERASED, the rest as recorded', async () => {
      const events = await store.readStream(`participant-${erased.participantId}`);
      expect(events.map((event) => event.type)).toEqual([
        'ParticipantIdentified',
        'OffenseRecorded',
        'ParticipantEnrolled',
      ]);
      expect(events[0].data).toEqual({
        participantId: erased.participantId,
        name: ERASED,
        dateOfBirth: ERASED,
        address: ERASED,
        phone: ERASED,
      });
      expect(events[1].data).toEqual({ code: 'CO-18-18-403.5', narrative: ERASED });
      expect(events[2].data).toEqual({ enrolledOn: '2025-03-01' });
    });

    it('leaves every hash chain intact, the audit trail included', async () => {
      await expect(inner.verifyStream(`participant-${erased.participantId}`)).resolves.toMatchObject({
        ok: true,
        eventsChecked: 3,
      });
      await expect(inner.verifyStream(`audit-${erased.participantId}`)).resolves.toMatchObject({
        ok: true,
        eventsChecked: 1,
      });
      await expect(inner.verifyAll()).resolves.toMatchObject({ ok: true, eventsChecked: 8, streamsChecked: 4 });
      const audit = await store.readStream(`audit-${erased.participantId}`);
      expect(audit[0].data).toMatchObject({ participantId: erased.participantId, purpose: 'case-management' });
    });
  });
});
