import { quoteSchema } from '@lead/event-store';
import type pg from 'pg';
import { CE } from '../wire/cloud-events-headers.js';
import type { ReceivedMessage } from '../wire/wire-message.js';
import type { DeadLetter, DeadLetterEntry, DeadLetterSink } from './dead-letter.js';

/** A dead letter row waiting for its replay. */
export interface ReplayRequest {
  row: string;
  message: ReceivedMessage;
}

interface DeadLetterRow {
  id: string;
  consumer_group: string;
  topic: string;
  message_id: string | null;
  message_key: string | null;
  headers: Record<string, string>;
  value: Buffer;
  origin: string;
  error: string;
  attempts: number;
  failed_at: Date;
  replay_requested_at: Date | null;
  resolved_at: Date | null;
}

/**
 * The embedded bus's dead letters: rows in the service's `dead_letters` table, with the message as it was
 * delivered (key, headers, value), the error and the attempt count. Replay is a request on the row; the running
 * consumer (the one holding its group's lease) picks requested rows up, runs its handler with the inbox, and marks
 * the row resolved, or records the new failure and clears the request.
 */
export class DeadLetterTable implements DeadLetterSink {
  private readonly s: string;

  constructor(
    private readonly pool: pg.Pool,
    schema: string,
  ) {
    this.s = quoteSchema(schema);
  }

  async put(letter: DeadLetter): Promise<void> {
    const { message } = letter;
    await this.pool.query(
      `INSERT INTO ${this.s}.dead_letters (consumer_group, topic, message_id, message_key, headers, value, origin, error, error_name, attempts, failed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        letter.group,
        message.topic,
        letter.messageId,
        message.key,
        message.headers,
        message.value,
        message.origin,
        letter.error.message,
        letter.error.name,
        letter.attempts,
        letter.failedAt,
      ],
    );
  }

  async list(group: string, topic?: string): Promise<DeadLetterEntry[]> {
    const { rows } = await this.pool.query<DeadLetterRow>(
      `SELECT * FROM ${this.s}.dead_letters WHERE consumer_group = $1 AND ($2::text IS NULL OR topic = $2) ORDER BY id`,
      [group, topic ?? null],
    );
    return rows.map((row) => ({
      id: row.message_id ?? `row-${row.id}`,
      group: row.consumer_group,
      topic: row.topic,
      type: row.headers[CE.type] ?? null,
      key: row.message_key,
      error: row.error,
      attempts: row.attempts,
      failedAt: row.failed_at.toISOString(),
      location: `row ${row.id}`,
      headers: row.headers,
      value: row.value.toString('utf8'),
      resolved: row.resolved_at !== null,
      replayRequested: row.replay_requested_at !== null,
    }));
  }

  /** Asks the running consumer to replay the unresolved dead letters of `group` (all, or message `id`). */
  async requestReplay(group: string, options: { topic?: string; id?: string } = {}): Promise<DeadLetterEntry[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      `UPDATE ${this.s}.dead_letters SET replay_requested_at = now()
        WHERE consumer_group = $1 AND resolved_at IS NULL AND ($2::text IS NULL OR topic = $2)
          AND ($3::text IS NULL OR message_id = $3 OR 'row-' || id = $3)
        RETURNING id`,
      [group, options.topic ?? null, options.id ?? null],
    );
    const requested = new Set(rows.map((row) => `row ${row.id}`));
    return (await this.list(group, options.topic)).filter((entry) => requested.has(entry.location));
  }

  /** Rows of `group` whose replay was requested, oldest first. */
  async pendingReplays(group: string, limit = 100): Promise<ReplayRequest[]> {
    const { rows } = await this.pool.query<DeadLetterRow>(
      `SELECT * FROM ${this.s}.dead_letters
        WHERE consumer_group = $1 AND replay_requested_at IS NOT NULL AND resolved_at IS NULL ORDER BY id LIMIT $2`,
      [group, limit],
    );
    return rows.map((row) => ({
      row: row.id,
      message: { topic: row.topic, key: row.message_key, value: row.value, headers: row.headers, origin: row.origin },
    }));
  }

  async markResolved(row: string): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.s}.dead_letters SET resolved_at = now(), replay_requested_at = NULL WHERE id = $1`,
      [row],
    );
  }

  /** The replay failed too: the row keeps the message with the new error, and waits for the next request. */
  async markFailedAgain(row: string, letter: DeadLetter): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.s}.dead_letters SET error = $2, error_name = $3, attempts = attempts + $4, failed_at = $5, replay_requested_at = NULL WHERE id = $1`,
      [row, letter.error.message, letter.error.name, letter.attempts, letter.failedAt],
    );
  }
}
