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

export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}
