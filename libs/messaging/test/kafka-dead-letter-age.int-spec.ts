import { deadLetterTopic } from '@lead/contracts';
import { CE, DLQ_HEADERS, KafkaDeadLetterQueue, type KafkaClient } from '../src/index.js';
import { createTestTopics, testKafkaClient, testPrefix } from './support/test-kafka.js';

// `lead-dlq replay --all` leaves dead letters older than the inbox retention: the DLQ keeps them for ever, but the
// inbox rows that would say a replay already handled them are swept, so "unresolved" no longer means "unhandled".
describe('replaying every dead letter of a group on Kafka', () => {
  let client: KafkaClient;
  const topic = `${testPrefix('dlq-age')}.events.v1`;
  const group = 'lead.test-age';
  const DAY = 86_400_000;

  beforeAll(async () => {
    await createTestTopics([topic, deadLetterTopic(topic)], 1);
    client = testKafkaClient('dlq-age');
    const letter = (id: string, failedAt: Date) => ({
      key: 'participant-1',
      value: Buffer.from(JSON.stringify({ n: id })),
      headers: {
        [CE.id]: id,
        [CE.type]: 'lead.test.thing',
        [DLQ_HEADERS.group]: group,
        [DLQ_HEADERS.topic]: topic,
        [DLQ_HEADERS.error]: 'boom',
        [DLQ_HEADERS.attempts]: '5',
        [DLQ_HEADERS.failedAt]: failedAt.toISOString(),
      },
    });
    await client.publisher().publish([
      {
        topic: deadLetterTopic(topic),
        messages: [letter('old-letter', new Date(Date.now() - 40 * DAY)), letter('recent-letter', new Date(Date.now() - DAY))],
      },
    ]);
  });
  afterAll(async () => {
    await client?.close();
  });

  it('replays only the letters younger than the retention with --all; an old one only by its id', async () => {
    const queue = new KafkaDeadLetterQueue(client);
    const undecidableBefore = new Date(Date.now() - 30 * DAY);
    expect((await queue.replay(topic, group, undefined, { undecidableBefore })).map((e) => e.id)).toEqual(['recent-letter']);
    expect((await queue.replay(topic, group, 'old-letter', { undecidableBefore })).map((e) => e.id)).toEqual(['old-letter']);
  });
});
