import { quoteSchema } from '@lead/event-store';
import type pg from 'pg';
import type { Refusal } from './refusal.js';

interface Tally {
  windowStart: number;
  refusal: Refusal;
  count: number;
  firstAt: number;
  lastAt: number;
}

/** Distinct tallies kept in memory between flushes; beyond it, refusals from new addresses share one tally. */
const MAX_TALLIES = 10_000;
export const OVERFLOW_ADDRESS = '(too many addresses)';

/**
 * Counts refused requests per address, reason and window instead of writing each one: a refusal
 * costs a map update, and the counts reach PostgreSQL (`refusal_counts`, shared by the replicas)
 * once a second in one statement. `RefusalAuditWorker` turns each closed window into one audit
 * event per address. What a SIGKILL loses is the last second's counts of this process.
 */
export class RefusalLedger {
  private tallies = new Map<string, Tally>();
  private readonly table: string;

  constructor(
    private readonly pool: pg.Pool,
    schema: string,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.table = `${quoteSchema(schema)}.refusal_counts`;
  }

  record(refusal: Refusal): void {
    const at = this.now();
    const windowStart = at - (at % this.windowMs);
    let counted = refusal;
    let key = tallyKey(windowStart, counted);
    if (!this.tallies.has(key) && this.tallies.size >= MAX_TALLIES) {
      counted = { ...refusal, address: OVERFLOW_ADDRESS, subject: null, agency: null };
      key = tallyKey(windowStart, counted);
    }
    const tally = this.tallies.get(key);
    if (tally) {
      tally.count++;
      tally.lastAt = at;
    } else this.tallies.set(key, { windowStart, refusal: counted, count: 1, firstAt: at, lastAt: at });
  }

  /** Adds the counts since the last flush to the shared table; on failure they are kept for the next one. */
  async flush(): Promise<void> {
    if (this.tallies.size === 0) return;
    const batch = [...this.tallies.values()];
    this.tallies = new Map();
    try {
      await this.pool.query(
        `INSERT INTO ${this.table} AS c
           (window_start, address, status, reason, method, route, subject, agency, count, first_at, last_at)
         SELECT to_timestamp(w / 1000.0), a, st, r, m, rt, sub, ag, n, to_timestamp(f / 1000.0), to_timestamp(l / 1000.0)
           FROM unnest($1::float8[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                       $9::bigint[], $10::float8[], $11::float8[]) AS u(w, a, st, r, m, rt, sub, ag, n, f, l)
         ON CONFLICT (window_start, address, status, reason, method, route, subject, agency) DO UPDATE SET
           count = c.count + EXCLUDED.count,
           first_at = LEAST(c.first_at, EXCLUDED.first_at),
           last_at = GREATEST(c.last_at, EXCLUDED.last_at)`,
        [
          batch.map((t) => t.windowStart),
          batch.map((t) => t.refusal.address),
          batch.map((t) => t.refusal.status),
          batch.map((t) => t.refusal.reason),
          batch.map((t) => t.refusal.method),
          batch.map((t) => t.refusal.route ?? ''),
          batch.map((t) => t.refusal.subject ?? ''),
          batch.map((t) => t.refusal.agency ?? ''),
          batch.map((t) => t.count),
          batch.map((t) => t.firstAt),
          batch.map((t) => t.lastAt),
        ],
      );
    } catch (error) {
      for (const tally of batch) this.merge(tally);
      throw error;
    }
  }

  get pendingTallies(): number {
    return this.tallies.size;
  }

  private merge(tally: Tally): void {
    const key = tallyKey(tally.windowStart, tally.refusal);
    const current = this.tallies.get(key);
    if (!current) this.tallies.set(key, tally);
    else {
      current.count += tally.count;
      current.firstAt = Math.min(current.firstAt, tally.firstAt);
      current.lastAt = Math.max(current.lastAt, tally.lastAt);
    }
  }
}

function tallyKey(windowStart: number, refusal: Refusal): string {
  return JSON.stringify([
    windowStart,
    refusal.address,
    refusal.status,
    refusal.reason,
    refusal.method,
    refusal.route,
    refusal.subject,
    refusal.agency,
  ]);
}
