import { deriveEventId, DuplicateEventId, quoteSchema, type EventData, type EventStore } from '@lead/event-store';
import { LeasedWorker, sleep, type Stoppable } from '@lead/platform';
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { RouteKey } from '../policy/route-key.js';
import {
  failureAuditStream,
  REQUESTS_REFUSED,
  type RefusalCount,
  type RequestsRefused,
} from './access-audit-events.js';
import type { RefusalReason } from './refusal.js';

export interface RefusalAuditOptions {
  pool: pg.Pool;
  schema: string;
  store: EventStore;
  logger: Logger;
  windowMs: number;
  /** How long after a window ends its counts may still arrive from a replica's flush (default: 5 s, or the window when shorter). */
  graceMs?: number;
  pollMs?: number;
}

interface CountRow {
  window_start: Date;
  address: string;
  status: number;
  reason: string;
  method: string;
  route: string;
  subject: string;
  agency: string;
  count: string;
  first_at: Date;
  last_at: Date;
}

/** Rows turned into events per cycle; the rest wait for the next. */
const ROWS_PER_CYCLE = 2000;

/**
 * Writes the refusals counted in `refusal_counts` to the access audit: one `RequestsRefused` event
 * per address per closed window, then takes the written counts off the table. One replica does it
 * (a lease). The event id is derived from the window, the address and the counts, so a cycle cut
 * off between the append and the delete writes nothing new when it runs again; counts that arrive
 * after their window was written (a replica's late flush) become a second, smaller event.
 * It also forgets throttle rows of addresses whose bucket is full again.
 */
export class RefusalAuditWorker implements Stoppable {
  private worker: LeasedWorker | undefined;
  private readonly counts: string;
  private readonly throttle: string;

  constructor(private readonly options: RefusalAuditOptions) {
    this.counts = `${quoteSchema(options.schema)}.refusal_counts`;
    this.throttle = `${quoteSchema(options.schema)}.address_throttle`;
  }

  start(): void {
    this.worker ??= new LeasedWorker({
      name: `access-refusal-audit:${this.options.schema}`,
      database: this.options.pool.options,
      cycle: async (_lease, signal) => {
        while (!signal.aborted) {
          await this.writeClosedWindows();
          await sleep(this.options.pollMs ?? 5000, signal);
        }
      },
      onFailure: (error, failures) =>
        this.options.logger.error({ err: error, failures }, 'could not write refused requests to the access audit'),
    }).start();
  }

  async stop(): Promise<void> {
    await this.worker?.stop();
    this.worker = undefined;
  }

  /** Writes every window closed for longer than the grace; returns the events appended (written again or not). */
  async writeClosedWindows(): Promise<number> {
    const { pool, windowMs } = this.options;
    const closedBefore = Date.now() - windowMs - (this.options.graceMs ?? Math.min(5000, windowMs));
    const { rows } = await pool.query<CountRow>(
      `SELECT * FROM ${this.counts} WHERE window_start < to_timestamp($1 / 1000.0)
        ORDER BY window_start, address, status, reason, method, route, subject, agency LIMIT $2`,
      [closedBefore, ROWS_PER_CYCLE],
    );
    const groups = new Map<string, CountRow[]>();
    for (const row of rows) {
      const key = `${row.window_start.toISOString()} ${row.address}`;
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    const byStream = new Map<string, EventData[]>();
    for (const group of groups.values()) {
      const stream = failureAuditStream(group[0].window_start);
      byStream.set(stream, [...(byStream.get(stream) ?? []), this.eventOf(group)]);
    }
    for (const [stream, events] of byStream) await this.appendOnce(stream, events);
    if (rows.length > 0) await this.takeOff(rows);
    await pool.query(`DELETE FROM ${this.throttle} WHERE tat < now()`);
    return [...byStream.values()].reduce((sum, events) => sum + events.length, 0);
  }

  private eventOf(group: CountRow[]): EventData {
    const windowStart = group[0].window_start;
    const refusals: RefusalCount[] = group.map((row) => ({
      status: row.status,
      reason: row.reason as RefusalReason,
      method: row.method,
      route: row.route === '' ? null : (row.route as RouteKey),
      subject: row.subject === '' ? null : row.subject,
      agency: row.agency === '' ? null : row.agency,
      count: Number(row.count),
      firstAt: row.first_at.toISOString(),
      lastAt: row.last_at.toISOString(),
    }));
    const data: RequestsRefused = {
      address: group[0].address,
      windowStart: windowStart.toISOString(),
      windowEnd: new Date(windowStart.getTime() + this.options.windowMs).toISOString(),
      total: refusals.reduce((sum, refusal) => sum + refusal.count, 0),
      refusals,
    };
    const digest = createHash('sha256').update(JSON.stringify(data)).digest('hex');
    return {
      eventId: deriveEventId(`refusals/${this.options.schema}/${data.windowStart}/${data.address}`, digest),
      type: REQUESTS_REFUSED,
      schemaVersion: 1,
      data,
      metadata: { correlationId: `refusals-${data.windowStart}`, actor: null },
    };
  }

  /** Appends, treating events already stored (a cycle cut off before its delete) as written. */
  private async appendOnce(stream: string, events: EventData[]): Promise<void> {
    try {
      await this.options.store.appendToStream(stream, events, 'any');
    } catch (error) {
      if (!(error instanceof DuplicateEventId)) throw error;
      for (const event of events) {
        try {
          await this.options.store.appendToStream(stream, [event], 'any');
        } catch (single) {
          if (!(single instanceof DuplicateEventId)) throw single;
        }
      }
    }
  }

  /** Subtracts what was written, so counts added since (a late flush) stay for the next cycle. */
  private async takeOff(rows: CountRow[]): Promise<void> {
    await this.options.pool.query(
      `UPDATE ${this.counts} c SET count = c.count - w.count
         FROM unnest($1::timestamptz[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[],
                     $7::text[], $8::text[], $9::bigint[])
              AS w(window_start, address, status, reason, method, route, subject, agency, count)
        WHERE (c.window_start, c.address, c.status, c.reason, c.method, c.route, c.subject, c.agency)
            = (w.window_start, w.address, w.status, w.reason, w.method, w.route, w.subject, w.agency)`,
      [
        rows.map((row) => row.window_start),
        rows.map((row) => row.address),
        rows.map((row) => row.status),
        rows.map((row) => row.reason),
        rows.map((row) => row.method),
        rows.map((row) => row.route),
        rows.map((row) => row.subject),
        rows.map((row) => row.agency),
        rows.map((row) => row.count),
      ],
    );
    await this.options.pool.query(`DELETE FROM ${this.counts} WHERE count <= 0`);
  }
}
