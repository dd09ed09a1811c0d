import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { testBrokers } from '../../libs/messaging/test/support/test-kafka.js';
import { eventually } from './running-service.js';

export interface TopicMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: Record<string, string>;
  value: string;
}

/** A message as one text: topic, key, every header and the value, for a substring scan. */
export function messageText(message: TopicMessage): string {
  return JSON.stringify(message);
}

/**
 * Every message on every topic of the broker whose name starts with `prefix` (dead-letter topics included), from the
 * beginning of each partition up to its high watermark when the read began: a consumer group of its own, created
 * for this read, consumes until it has seen the last offset of every non-empty partition.
 */
export async function readAllTopicMessages(
  prefix: string,
  timeoutMs = 30_000,
): Promise<{ topics: string[]; messages: TopicMessage[] }> {
  const kafka = new Kafka({ clientId: 'lead-topic-scan', brokers: testBrokers(), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  let topics: string[];
  const targets = new Map<string, bigint>(); // `${topic}/${partition}` -> last offset to reach
  try {
    topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix)).sort();
    for (const topic of topics) {
      for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(high) > BigInt(low)) targets.set(`${topic}/${partition}`, BigInt(high) - 1n);
      }
    }
  } finally {
    await admin.disconnect();
  }
  const messages: TopicMessage[] = [];
  if (targets.size === 0) return { topics, messages };
  const seen = new Map<string, bigint>();
  const consumer = kafka.consumer({
    groupId: `${prefix}scan-${randomBytes(4).toString('hex')}`,
    maxWaitTimeInMs: 20,
    sessionTimeout: 10_000,
    heartbeatInterval: 1000,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        messages.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          headers: Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([name, value]) => [
              name,
              Array.isArray(value) ? value.map(String).join(',') : String(value ?? ''),
            ]),
          ),
          value: message.value?.toString() ?? '',
        });
        const at = `${topic}/${partition}`;
        const offset = BigInt(message.offset);
        if (offset > (seen.get(at) ?? -1n)) seen.set(at, offset);
      },
    });
    await eventually(
      () => [...targets].filter(([at, last]) => (seen.get(at) ?? -1n) < last).map(([at]) => at),
      (behind) => behind.length === 0,
      `every message of the ${prefix}* topics to be read`,
      timeoutMs,
    );
  } finally {
    await consumer.disconnect();
  }
  return { topics, messages };
}
