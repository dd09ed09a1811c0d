import type { ReceivedMessage } from '../wire/wire-message.js';

/** A message a consumer group gave up on, with why and after how many attempts. */
export interface DeadLetter {
  group: string;
  message: ReceivedMessage;
  /** The integration event id (ce_id), when the message had one. */
  messageId: string | null;
  error: { name: string; message: string };
  attempts: number;
  failedAt: Date;
}

/** Where a consumer puts messages it gives up on: `<topic>.dlq` on Kafka, a table on the embedded bus. */
export interface DeadLetterSink {
  /** Resolves once the dead letter is stored (the consumer only then moves on). */
  put(letter: DeadLetter): Promise<void>;
}

/** A dead letter as listed by the command line tool, whichever bus holds it. */
export interface DeadLetterEntry {
  /** What `replay --id` takes: the message id (ce_id). */
  id: string;
  group: string;
  topic: string;
  type: string | null;
  key: string | null;
  error: string;
  attempts: number;
  failedAt: string;
  /** Where it was stored: `dlq partition/offset` on Kafka, `row <id>` in the table. */
  location: string;
  /** The message's headers as it was delivered (CloudEvents attributes, trace context; on Kafka the lead_dlq_ ones). */
  headers: Record<string, string>;
  /** The message's value (the event data, JSON) as text. */
  value: string;
  /** The group's inbox has the message: a replay (or a later redelivery) handled it. */
  resolved: boolean;
  /** Embedded bus: a replay was asked for and the consumer has not picked it up yet. */
  replayRequested?: boolean;
}

/** Headers added to a message moved to `<topic>.dlq`; the original headers are kept as they were. */
export const DLQ_HEADERS = {
  group: 'lead_dlq_group',
  topic: 'lead_dlq_topic',
  origin: 'lead_dlq_origin',
  error: 'lead_dlq_error',
  errorName: 'lead_dlq_error_name',
  attempts: 'lead_dlq_attempts',
  failedAt: 'lead_dlq_failed_at',
} as const;

/**
 * Set on a message re-published from a dead-letter topic: only this consumer group handles it; other groups
 * (which handled the original) pass it over without opening a transaction.
 */
export const REPLAY_GROUP_HEADER = 'lead_replay_group';

/** Error texts are cut to this many characters: they travel in headers and rows, not as whole stack dumps. */
export const MAX_ERROR_LENGTH = 2000;

export function describeError(error: unknown): { name: string; message: string } {
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  return { name, message: message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH)}…` : message };
}
