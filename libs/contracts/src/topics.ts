/**
 * Kafka topics, one per bounded context and major version (DESIGN.md §5). Dead letters go to
 * `<topic>.dlq`. Keys are the pseudonymous participant id, so one participant's events stay in order.
 */
export const TOPICS = {
  referrals: 'lead.referrals.v1',
  cases: 'lead.cases.v1',
  prosecution: 'lead.prosecution.v1',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/**
 * The store's signed checkpoints (docs/audit.md): keyed by the store id, not by a participant, and carrying no
 * participant's data, so it is a topic of its own, kept by auditors and integrators for as long as they keep
 * checkpoints: unlimited retention (`retention.ms=-1`, `cleanup.policy=delete`), never the default seven days and never
 * compacted (every message of a store has the same key: compaction would keep only the newest checkpoint).
 */
export const AUDIT_TOPIC = 'lead.audit.v1';

/** Every topic a contract can name. */
export type PublishedTopic = Topic | typeof AUDIT_TOPIC;

export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}
