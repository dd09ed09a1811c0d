import { deadLetterTopic } from '@lead/contracts';
import type { Inbox } from '../consumer/inbox.js';
import type { KafkaClient, KafkaRecord } from '../transport/kafka/kafka-client.port.js';
import type { MessagePublisher } from '../transport/message-publisher.port.js';
import { CE } from '../wire/cloud-events-headers.js';
import {
  DLQ_HEADERS,
  REPLAY_GROUP_HEADER,
  type DeadLetter,
  type DeadLetterEntry,
  type DeadLetterSink,
} from './dead-letter.js';

/**
 * Kafka's dead letters: `<topic>.dlq`, shared by every consumer group of `<topic>`. A dead letter is the original
 * record (same key, so the same participant stays on one partition; same value; the original headers) plus
 * `lead_dlq_*` headers naming the group, the error, the attempt count and where the original was.
 *
 * Replay re-publishes a dead letter to its original topic with `lead_replay_group: <group>`, so only that group
 * handles it again (other groups pass over it; they handled the original). A replay that fails again lands in the
 * DLQ again. Whether a dead letter is resolved is read from the group's inbox.
 */
export class KafkaDeadLetterQueue implements DeadLetterSink {
  private readonly publisher: MessagePublisher;

  constructor(
    private readonly client: KafkaClient,
    private readonly inbox?: Inbox,
  ) {
    this.publisher = client.publisher();
  }

  async put(letter: DeadLetter): Promise<void> {
    const { message } = letter;
    await this.publisher.publish([
      {
        topic: deadLetterTopic(message.topic),
        messages: [
          {
            key: message.key,
            value: message.value,
            headers: {
              ...message.headers,
              [DLQ_HEADERS.group]: letter.group,
              [DLQ_HEADERS.topic]: message.topic,
              [DLQ_HEADERS.origin]: message.origin,
              [DLQ_HEADERS.error]: letter.error.message,
              [DLQ_HEADERS.errorName]: letter.error.name,
              [DLQ_HEADERS.attempts]: String(letter.attempts),
              [DLQ_HEADERS.failedAt]: letter.failedAt.toISOString(),
            },
          },
        ],
      },
    ]);
  }

  /** Dead letters of `group` in `<topic>.dlq`, oldest first per partition. */
  async list(topic: string, group: string): Promise<DeadLetterEntry[]> {
    return (await this.read(topic, group)).map(({ entry }) => entry);
  }

  /**
   * Re-publishes the unresolved dead letters of `group` (all, or the one with message id `id`) to their original
   * topic for that group only. Without an id, letters that failed before `undecidableBefore` (the inbox retention)
   * are left alone: the DLQ keeps them for ever, but their inbox rows, had a replay handled them, are gone. Each message is sent once, whatever the number of its copies in the DLQ.
   * @returns the entries replayed.
   */
  async replay(
    topic: string,
    group: string,
    id?: string,
    options: { undecidableBefore?: Date } = {},
  ): Promise<DeadLetterEntry[]> {
    const chosen = new Map<string, { entry: DeadLetterEntry; record: KafkaRecord }>();
    for (const letter of await this.read(topic, group)) {
      if (letter.entry.resolved || (id !== undefined && letter.entry.id !== id)) continue;
      // The inbox no longer remembers whether a letter this old was handled: only a replay by id, after checking.
      if (id === undefined && options.undecidableBefore && isOlder(letter.entry.failedAt, options.undecidableBefore))
        continue;
      chosen.set(letter.entry.id, letter);
    }
    if (chosen.size === 0) return [];
    await this.publisher.publish([
      {
        topic,
        messages: [...chosen.values()].map(({ record }) => ({
          key: record.key,
          value: record.value,
          headers: { ...originalHeaders(record.headers), [REPLAY_GROUP_HEADER]: group },
        })),
      },
    ]);
    return [...chosen.values()].map(({ entry }) => entry);
  }

  private async read(topic: string, group: string): Promise<{ entry: DeadLetterEntry; record: KafkaRecord }[]> {
    const records = (await this.client.readTopic(deadLetterTopic(topic))).filter(
      (record) => record.headers[DLQ_HEADERS.group] === group,
    );
    const letters: { entry: DeadLetterEntry; record: KafkaRecord }[] = [];
    for (const record of records) {
      const messageId = record.headers[CE.id];
      const entry: DeadLetterEntry = {
        id: messageId ?? `${record.partition}/${record.offset}`,
        group,
        topic: record.headers[DLQ_HEADERS.topic] ?? topic,
        type: record.headers[CE.type] ?? null,
        key: record.key,
        error: record.headers[DLQ_HEADERS.error] ?? '',
        attempts: Number(record.headers[DLQ_HEADERS.attempts] ?? 0),
        failedAt: record.headers[DLQ_HEADERS.failedAt] ?? '',
        location: `${deadLetterTopic(topic)} ${record.partition}/${record.offset}`,
        headers: record.headers,
        value: record.value.toString('utf8'),
        resolved: this.inbox !== undefined && messageId !== undefined && (await this.inbox.contains(group, messageId)),
      };
      letters.push({ entry, record });
    }
    return letters;
  }
}

/** The headers the record had before it was dead-lettered. */
function originalHeaders(headers: Record<string, string>): Record<string, string> {
  const dlq = new Set<string>(Object.values(DLQ_HEADERS));
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !dlq.has(name)));
}

function isOlder(failedAt: string, cutoff: Date): boolean {
  const at = Date.parse(failedAt);
  return Number.isNaN(at) || at < cutoff.getTime();
}
