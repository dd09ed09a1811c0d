import pg from 'pg';
import { sleep } from './retry-policy.js';

export interface LeaseOptions {
  /** How often a standby asks for the lease again. Default 1000 ms. */
  retryMs?: number;
  signal?: AbortSignal;
  /** Called once when the lease is found held by another instance (this one becomes a standby). */
  onStandby?: () => void;
}

/** The session holding the lease ended: whoever holds it now, it is not this instance. */
export class LeaseLost extends Error {
  override readonly name = 'LeaseLost';
}

/**
 * "One instance at a time" for a named worker (a service's relay, an embedded consumer group): a PostgreSQL
 * session-level advisory lock, held on a connection of its own. A standby asks again every `retryMs`; when the
 * holder dies its session ends, PostgreSQL releases the lock, and a standby takes over.
 *
 * Writes that must only come from the holder (the relay's checkpoint) go through `query`, on the locking session
 * itself: if that session is gone the write fails, so an instance that lost the lease cannot move a checkpoint
 * that its successor now owns.
 */
export class PostgresLease {
  private lostError: LeaseLost | undefined;
  private readonly lostWaiters = new Set<(error: LeaseLost) => void>();

  private constructor(
    readonly name: string,
    private readonly client: pg.Client,
  ) {
    const lose = (why: string) => this.markLost(why);
    client.on('error', (error) => lose(`lease connection failed: ${error.message}`));
    client.on('end', () => lose('lease connection closed'));
  }

  /**
   * Waits until this instance holds the lease `name` (or `signal` aborts: then it rejects with the abort reason).
   * Database errors while waiting are retried; the lease is only ever held on a healthy connection.
   */
  static async acquire(poolOptions: pg.PoolConfig, name: string, options: LeaseOptions = {}): Promise<PostgresLease> {
    const retryMs = options.retryMs ?? 1000;
    let reportedStandby = false;
    while (!options.signal?.aborted) {
      // keepAlive: a holder whose host vanished (no FIN) is noticed by the server within the TCP keepalive time.
      const client = new pg.Client({
        ...poolOptions,
        keepAlive: true,
        application_name: `lead lease ${name}`.slice(0, 63),
      });
      client.on('error', () => undefined);
      try {
        await client.connect();
        while (!options.signal?.aborted) {
          const { rows } = await client.query<{ acquired: boolean }>(
            'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS acquired',
            [`lead-lease:${name}`],
          );
          if (rows[0].acquired) {
            client.removeAllListeners('error');
            return new PostgresLease(name, client);
          }
          if (!reportedStandby) {
            reportedStandby = true;
            options.onStandby?.();
          }
          await sleep(retryMs, options.signal);
        }
      } catch {
        // Database unreachable: wait and try again with a fresh connection.
        await sleep(retryMs, options.signal);
      }
      await client.end().catch(() => undefined);
    }
    throw options.signal?.reason ?? new Error('aborted');
  }

  get held(): boolean {
    return this.lostError === undefined;
  }

  /** Resolves (never rejects) when the lease is lost or released. */
  lost(): Promise<LeaseLost> {
    if (this.lostError) return Promise.resolve(this.lostError);
    return new Promise((resolve) => this.lostWaiters.add(resolve));
  }

  /** Runs a statement on the lease's own session; fails with `LeaseLost` once the lease is gone. */
  async query<Row extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<pg.QueryResult<Row>> {
    if (this.lostError) throw this.lostError;
    try {
      return await this.client.query<Row>(text, values);
    } catch (error) {
      if (this.lostError) throw this.lostError;
      throw error;
    }
  }

  async release(): Promise<void> {
    this.markLost('released');
    await this.client.end().catch(() => undefined);
  }

  private markLost(why: string): void {
    if (this.lostError) return;
    this.lostError = new LeaseLost(`lease ${this.name}: ${why}`);
    for (const resolve of this.lostWaiters) resolve(this.lostError);
    this.lostWaiters.clear();
  }
}
