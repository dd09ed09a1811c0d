import { quoteSchema } from '@lead/event-store';
import type pg from 'pg';

export interface ThrottlePolicy {
  /** Refused requests an address may make at once before it is throttled. */
  burst: number;
  /** Refused requests per minute an address may make in the long run. */
  perMinute: number;
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** A throttled address is answered from memory for at most this long, so a lifted block takes effect soon everywhere. */
const REMEMBER_BLOCK_MS = 2000;

/**
 * A token bucket per client address, shared by every replica (one row per address in PostgreSQL),
 * spent only by requests that are refused before anyone is authenticated: no or a bad token, an
 * unreadable request. A caller with a valid token is never throttled by it, so a client flooding
 * garbage from an address shared with others (a NAT, a proxy) throttles only itself.
 *
 * The bucket is kept as GCRA's single instant: `tat` advances by one emission interval per spent
 * token and the bucket is empty while `tat` is more than `burst − 1` intervals ahead of now. One
 * upsert decides and spends atomically, however many replicas race. An address found throttled is
 * answered from memory for up to two seconds, so a flood costs the database a row update per
 * address every two seconds, not one per request.
 */
export class AddressThrottle {
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  private readonly blocked = new Map<string, { until: number; retryAt: number }>();

  private constructor(
    private readonly pool: pg.Pool,
    private readonly table: string,
    policy: ThrottlePolicy,
    private readonly now: () => number,
  ) {
    this.intervalMs = 60_000 / policy.perMinute;
    this.toleranceMs = (policy.burst - 1) * this.intervalMs;
  }

  static create(pool: pg.Pool, schema: string, policy: ThrottlePolicy, now: () => number = Date.now): AddressThrottle {
    return new AddressThrottle(pool, `${quoteSchema(schema)}.address_throttle`, policy, now);
  }

  /** Spends a token of `address`'s bucket, or says how long until one is back. */
  async spend(address: string): Promise<ThrottleVerdict> {
    const now = this.now();
    const remembered = this.blocked.get(address);
    if (remembered !== undefined && remembered.until > now) return this.refused(remembered.retryAt - now);
    this.blocked.delete(address);
    // Every expression on the right of SET reads the row as it was, so `granted` and `tat` agree.
    const { rows } = await this.pool.query<{ granted: boolean; wait_ms: number }>(
      `INSERT INTO ${this.table} AS t (address, tat, granted) VALUES ($1, now() + make_interval(secs => $2), true)
       ON CONFLICT (address) DO UPDATE SET
         granted = GREATEST(t.tat, now()) - now() <= make_interval(secs => $3),
         tat = CASE WHEN GREATEST(t.tat, now()) - now() <= make_interval(secs => $3)
                    THEN GREATEST(t.tat, now()) + make_interval(secs => $2) ELSE t.tat END
       RETURNING granted, EXTRACT(EPOCH FROM tat - now() - make_interval(secs => $3)) * 1000 AS wait_ms`,
      [address, this.intervalMs / 1000, this.toleranceMs / 1000],
    );
    const { granted, wait_ms: waitMs } = rows[0];
    if (granted) return { allowed: true };
    const wait = Number(waitMs);
    this.blocked.set(address, { until: now + Math.min(REMEMBER_BLOCK_MS, wait), retryAt: now + wait });
    return this.refused(wait);
  }

  /** Refills `address`'s bucket (an administrator lifted its block); says whether it was throttled. */
  async lift(address: string): Promise<boolean> {
    this.blocked.delete(address);
    const { rows } = await this.pool.query<{ throttled: boolean }>(
      `DELETE FROM ${this.table} WHERE address = $1
       RETURNING tat - now() > make_interval(secs => $2) AS throttled`,
      [address, this.toleranceMs / 1000],
    );
    return rows[0]?.throttled ?? false;
  }

  /** Addresses throttled now, with when each gets its next token. */
  async throttled(limit: number): Promise<{ address: string; retryAfterSeconds: number }[]> {
    const { rows } = await this.pool.query<{ address: string; wait_ms: number }>(
      `SELECT address, EXTRACT(EPOCH FROM tat - now() - make_interval(secs => $1)) * 1000 AS wait_ms
         FROM ${this.table} WHERE tat - now() > make_interval(secs => $1)
        ORDER BY tat DESC LIMIT $2`,
      [this.toleranceMs / 1000, limit],
    );
    return rows.map((row) => ({ address: row.address, retryAfterSeconds: seconds(Number(row.wait_ms)) }));
  }

  private refused(waitMs: number): ThrottleVerdict {
    return { allowed: false, retryAfterSeconds: seconds(waitMs) };
  }
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
