import { controlCommand } from '../../../../infra/kafka-mock/kafka-mock.mjs';
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { KafkajsClient, parseBrokers, type KafkaClient } from '../../src/index.js';

/**
 * The broker `npm test` started (infra/kafka-mock: librdkafka's mock cluster) or a real one from KAFKA_BROKERS.
 * Fails, never skips, without one: these tests are what proves the Kafka adapter.
 */
export function testBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    throw new Error(
      'KAFKA_BROKERS is not set: run the tests with `npm test` (it starts the mock broker from infra/kafka-mock, ' +
        'which needs librdkafka-dev: apt-get install -y librdkafka-dev), or point KAFKA_BROKERS at a Kafka cluster.',
    );
  }
  return parseBrokers(brokers);
}

/** A topic prefix of this test file's own, so files running in parallel never share topics or groups. */
export function testPrefix(label: string): string {
  return `t${randomBytes(4).toString('hex')}.${label}`;
}

/**
 * A Kafka client for tests. `fetchMaxWaitMs` is low because the mock broker holds an idle fetch for its whole
 * wait even when a record arrives (a real broker answers at once): a test-only setting, see docs/messaging.md.
 */
export function testKafkaClient(clientId = 'lead-test'): KafkaClient {
  return new KafkajsClient({
    brokers: testBrokers(),
    clientId,
    fetchMaxWaitMs: 20,
    sessionTimeoutMs: 10_000,
    heartbeatIntervalMs: 1000,
  });
}

/** Sends one line to the mock broker's control port. */
export function mockBrokerCommand(command: string): Promise<string> {
  const control = process.env.KAFKA_MOCK_CONTROL;
  if (!control) throw new Error('KAFKA_MOCK_CONTROL is not set: this needs the mock broker started by `npm test`');
  return controlCommand(control, command);
}

/**
 * Creates topics for a test. The mock broker has no CreateTopics (its control port creates them); a real cluster
 * gets them through the admin API.
 */
export async function createTestTopics(topics: string[], partitions = 6): Promise<void> {
  if (process.env.KAFKA_MOCK_CONTROL) {
    for (const topic of topics) {
      const answer = await mockBrokerCommand(`create ${topic} ${partitions}`);
      if (answer !== 'ok') throw new Error(`creating ${topic} on the mock broker failed: ${answer}`);
    }
    return;
  }
  const admin = new Kafka({ clientId: 'lead-test-admin', brokers: testBrokers(), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((topic) => ({ topic, numPartitions: partitions })),
    });
  } finally {
    await admin.disconnect();
  }
}
