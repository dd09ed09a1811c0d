import { quoteSchema } from '@lead/event-store';
import type pg from 'pg';

export type InboxResult<T> = { duplicate: true } | { duplicate: false; result: T };

/**
 * Exactly-once effect over at-least-once delivery: a handler runs inside a transaction that first inserts
 * (group, message id) into the inbox. A message already handled finds its row and runs nothing; two deliveries
 * racing on two connections serialise on the row (the second waits, then sees the first's commit). A handler
 * that throws rolls back its effect and the row, so the message counts as not handled.
 */
export class Inbox {
  private readonly s: string;

  constructor(
    private readonly pool: pg.Pool,
    schema: string,
  ) {
    this.s = quoteSchema(schema);
  }

  async run<T>(
    group: string,
    messageId: string,
    topic: string,
    work: (tx: pg.PoolClient) => Promise<T>,
  ): Promise<InboxResult<T>> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const inserted = await client.query(
        `INSERT INTO ${this.s}.inbox (consumer_group, message_id, topic) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [group, messageId, topic],
      );
      if (inserted.rowCount === 0) {
        await client.query('ROLLBACK');
        return { duplicate: true };
      }
      const result = await work(client);
      await client.query('COMMIT');
      return { duplicate: false, result };
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      // A connection that could not even roll back is not given back to the pool.
      client.release(broken);
    }
  }

  /**
   * One retention batch: deletes at most `limit` rows handled more than `retentionDays` ago, oldest first, skipping
   * rows another transaction holds. Returns how many it deleted. A message whose row is gone is no longer
   * recognised as handled: a redelivery of it would be handled again.
   */
  async deleteExpired(
    retentionDays: number,
    limit: number,
    db: Pick<pg.ClientBase, 'query'> = this.pool,
  ): Promise<number> {
    const deleted = await db.query(
      `WITH expired AS (
         SELECT consumer_group, message_id FROM ${this.s}.inbox
          WHERE handled_at < now() - make_interval(days => $1)
          ORDER BY handled_at
          LIMIT $2
          FOR UPDATE SKIP LOCKED)
       DELETE FROM ${this.s}.inbox i USING expired e
        WHERE i.consumer_group = e.consumer_group AND i.message_id = e.message_id`,
      [retentionDays, limit],
    );
    return deleted.rowCount ?? 0;
  }

  async contains(group: string, messageId: string): Promise<boolean> {
    const { rows } = await this.pool.query(
      `SELECT 1 FROM ${this.s}.inbox WHERE consumer_group = $1 AND message_id = $2`,
      [group, messageId],
    );
    return rows.length > 0;
  }
}
