import { migrate, quoteSchema } from '@lead/event-store';
import type pg from 'pg';
import { idempotencyMigrations } from './idempotency-migrations.js';

export type Reservation =
  | { kind: 'reserved' }
  | { kind: 'replay'; status: number; response: unknown }
  | { kind: 'in-progress' }
  | { kind: 'mismatch' };

/**
 * Remembers, per caller and key, the request a write was made with and the response it got. A
 * key is reserved before the handler runs (so two concurrent retries cannot both execute) and
 * completed with the response, or released when the handler failed (so the client may retry).
 */
export class IdempotencyStore {
  private constructor(
    private readonly pool: pg.Pool,
    private readonly s: string,
    private readonly abandonAfterSeconds: number,
  ) {}

  /**
   * `abandonAfterSeconds`: a reservation still unfinished after this long belongs to a process that
   * died mid-request (a live handler is far quicker); a retry may then take it over instead of
   * getting 409 forever.
   */
  static async create(pool: pg.Pool, schema: string, abandonAfterSeconds = 60): Promise<IdempotencyStore> {
    await migrate(pool, schema, idempotencyMigrations, 'idempotency');
    return new IdempotencyStore(pool, quoteSchema(schema), abandonAfterSeconds);
  }

  async reserve(scope: string, key: string, requestHash: string): Promise<Reservation> {
    const inserted = await this.pool.query(
      `INSERT INTO ${this.s}.idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
      [scope, key, requestHash],
    );
    if (inserted.rowCount === 1) return { kind: 'reserved' };
    const { rows } = await this.pool.query<{ request_hash: string; status: number | null; response: unknown }>(
      `SELECT request_hash, status, response FROM ${this.s}.idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    const row = rows[0];
    // Released between our insert and select: the earlier attempt failed; let the client retry.
    if (!row) return this.reserve(scope, key, requestHash);
    if (row.request_hash !== requestHash) return { kind: 'mismatch' };
    if (row.status === null) {
      const takenOver = await this.pool.query(
        `UPDATE ${this.s}.idempotency_keys SET created_at = now()
          WHERE scope = $1 AND key = $2 AND status IS NULL AND created_at < now() - make_interval(secs => $3) RETURNING 1`,
        [scope, key, this.abandonAfterSeconds],
      );
      return takenOver.rowCount === 1 ? { kind: 'reserved' } : { kind: 'in-progress' };
    }
    return { kind: 'replay', status: row.status, response: row.response };
  }

  async complete(scope: string, key: string, status: number, response: unknown): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.s}.idempotency_keys SET status = $3, response = $4, completed_at = now() WHERE scope = $1 AND key = $2`,
      [scope, key, status, JSON.stringify(response ?? null)],
    );
  }

  async release(scope: string, key: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.s}.idempotency_keys WHERE scope = $1 AND key = $2 AND status IS NULL`, [
      scope,
      key,
    ]);
  }

  /**
   * One retention batch: deletes at most `limit` keys reserved more than `retentionHours` ago, oldest first — the
   * completed ones and reservations abandoned by a process that died, never one still in flight (younger than the
   * abandonment window, whatever the retention). Rows another transaction holds (a take-over in progress) are
   * skipped, not waited for. Returns how many it deleted.
   */
  async deleteExpired(
    retentionHours: number,
    limit: number,
    db: Pick<pg.ClientBase, 'query'> = this.pool,
  ): Promise<number> {
    const deleted = await db.query(
      `WITH expired AS (
         SELECT scope, key FROM ${this.s}.idempotency_keys
          WHERE created_at < now() - make_interval(hours => $1)
            AND (status IS NOT NULL OR created_at < now() - make_interval(secs => $2))
          ORDER BY created_at
          LIMIT $3
          FOR UPDATE SKIP LOCKED)
       DELETE FROM ${this.s}.idempotency_keys k USING expired e WHERE k.scope = e.scope AND k.key = e.key`,
      [retentionHours, this.abandonAfterSeconds, limit],
    );
    return deleted.rowCount ?? 0;
  }
}
