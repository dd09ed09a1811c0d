import { deadLetterTopic, TOPICS } from '@lead/contracts';
import { isolatedSchema, testDatabaseUrl, type IsolatedSchema } from '@lead/testing';
import { CE, DLQ_HEADERS, migrateMessaging, runDeadLetterCli, type KafkaClient } from '../src/index.js';
import { createTestTopics, testKafkaClient, testPrefix } from './support/test-kafka.js';

/*
 * `lead-dlq replay --all` on Kafka, through the command line tool, as an operator of a deployment with a
 * KAFKA_TOPIC_PREFIX runs it: it finds the prefixed topic and group, and leaves dead letters older than the inbox
 * retention (the DLQ keeps them for ever, but the inbox rows that would say a replay handled them are swept).
 */
describe('lead-dlq replay --all on Kafka', () => {
  let client: KafkaClient;
  let db: IsolatedSchema;
  const prefix = `${testPrefix('dlq-age')}.`;
  const topic = `${prefix}${TOPICS.referrals}`;
  const group = 'lead.test-age';
  const DAY = 86_400_000;

  beforeAll(async () => {
    await createTestTopics([topic, deadLetterTopic(topic)], 1);
    db = await isolatedSchema('dlq_age');
    await migrateMessaging(db.pool, db.schema);
    client = testKafkaClient('dlq-age');
    // As the services' Kafka consumers dead-letter them: topic and group carry the prefix.
    const letter = (id: string, failedAt: Date) => ({
      key: 'participant-1',
      value: Buffer.from(JSON.stringify({ n: id })),
      headers: {
        [CE.id]: id,
        [CE.type]: 'lead.test.thing',
        [DLQ_HEADERS.group]: `${prefix}${group}`,
        [DLQ_HEADERS.topic]: topic,
        [DLQ_HEADERS.error]: 'boom',
        [DLQ_HEADERS.attempts]: '5',
        [DLQ_HEADERS.failedAt]: failedAt.toISOString(),
      },
    });
    await client.publisher().publish([
      {
        topic: deadLetterTopic(topic),
        messages: [
          letter('old-letter', new Date(Date.now() - 40 * DAY)),
          letter('recent-letter', new Date(Date.now() - DAY)),
        ],
      },
    ]);
  });
  afterAll(async () => {
    await client?.close();
    await db?.drop();
  });

  async function dlq(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const env = {
      BUS: 'kafka',
      KAFKA_TOPIC_PREFIX: prefix,
      INBOX_RETENTION_DAYS: '30',
      DATABASE_URL: testDatabaseUrl(),
      DATABASE_SCHEMA: db.schema,
    };
    const code = await runDeadLetterCli(
      argv,
      env,
      { out: (l) => out.push(l), err: (l) => err.push(l) },
      { kafka: client },
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('replays only the letters younger than the retention; an old one only by its id', async () => {
    const all = await dlq('replay', '--group', group, '--topic', TOPICS.referrals, '--all');
    expect(all).toMatchObject({ code: 0 });
    expect(all.out).toContain('1 dead letter(s) re-published');
    expect(all.out).toContain('recent-letter');
    expect(all.out).not.toContain('old-letter');
    const one = await dlq('replay', '--group', group, '--topic', TOPICS.referrals, '--id', 'old-letter');
    expect(one).toMatchObject({ code: 0 });
    expect(one.out).toContain('old-letter');
  });

  it('refuses an inbox retention that is not a whole number of days, touching nothing', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runDeadLetterCli(
      ['replay', '--group', group, '--all'],
      { BUS: 'kafka', INBOX_RETENTION_DAYS: '30d', DATABASE_URL: testDatabaseUrl(), DATABASE_SCHEMA: db.schema },
      { out: (l) => out.push(l), err: (l) => err.push(l) },
      { kafka: client },
    );
    expect(code).toBe(2);
    expect(err.join('\n')).toContain('INBOX_RETENTION_DAYS must be a whole number of days');
  });
});
