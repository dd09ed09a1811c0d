import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { quoteSchema } from '@lead/event-store';
import { DATABASE_POOL, SERVICE_SCHEMA } from '@lead/platform';
import type { Clock } from '@lead/scheduling';
import { CLOCK } from '@lead/scheduling/service';
import type pg from 'pg';
import type { RecordCustodian } from '../prosecution-matter.events.js';
import {
  ListOverdueCustodiansQuery,
  type OverdueCustodian,
  type OverdueCustodianPage,
} from './list-overdue-custodians.query.js';
import { CURSOR, DEFAULT_PAGE_SIZE } from './list-overdue-custodians.request.js';

interface Row {
  matter_id: string;
  jurisdiction: string;
  custodian: RecordCustodian;
  sealable_since: string;
  due_on: string;
  days_overdue: number;
}

/**
 * Reads the sealing read model (eventually consistent: a sealable arrest or a confirmation shows once the
 * projection has reached it). A custodian is overdue when it has no confirmation and today, in the matter's time
 * zone by the service's clock, is after its due day: the same rule as the matter's `overdue` flag. Keyset paging on
 * (due day, matter, custodian), so pages stay stable while custodians are added or confirm.
 */
@QueryHandler(ListOverdueCustodiansQuery)
export class ListOverdueCustodiansHandler implements IQueryHandler<ListOverdueCustodiansQuery, OverdueCustodianPage> {
  private readonly matters: string;
  private readonly custodians: string;

  constructor(
    @Inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) schema: string,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.matters = `${quoteSchema(schema)}.sealing_matters`;
    this.custodians = `${quoteSchema(schema)}.sealing_custodians`;
  }

  async execute({ filter, lister }: ListOverdueCustodiansQuery): Promise<OverdueCustodianPage> {
    const jurisdictions = lister.jurisdictions.filter(
      (j) => filter.jurisdiction === undefined || j === filter.jurisdiction,
    );
    if (jurisdictions.length === 0) return { custodians: [] };
    const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [this.clock.now().toISOString(), jurisdictions, limit + 1];
    const where = ['c.sealed_on IS NULL', 'm.jurisdiction = ANY($2::text[])', 'c.due_on < t.today'];
    if (filter.custodian) {
      params.push(filter.custodian);
      where.push(`c.custodian = $${params.length}`);
    }
    if (filter.after) {
      const [, dueOn, matterId, custodian] = CURSOR.exec(filter.after)!;
      params.push(dueOn, matterId, custodian);
      const n = params.length;
      where.push(`(c.due_on, c.matter_id, c.custodian) > ($${n - 2}::date, $${n - 1}::uuid, $${n})`);
    }
    const { rows } = await this.pool.query<Row>(
      `SELECT c.matter_id, m.jurisdiction, c.custodian,
              to_char(c.eligible_on, 'YYYY-MM-DD') AS sealable_since,
              to_char(c.due_on, 'YYYY-MM-DD') AS due_on,
              (t.today - c.due_on) AS days_overdue
         FROM ${this.custodians} c
         JOIN ${this.matters} m USING (matter_id)
         CROSS JOIN LATERAL (SELECT ($1::timestamptz AT TIME ZONE coalesce(m.time_zone, 'UTC'))::date AS today) t
        WHERE ${where.join(' AND ')}
        ORDER BY c.due_on, c.matter_id, c.custodian
        LIMIT $3`,
      params,
    );
    const page = rows.slice(0, limit).map(toView);
    const last = page[page.length - 1];
    return {
      custodians: page,
      ...(rows.length > limit && last ? { next: `${last.dueOn}_${last.matterId}_${last.custodian}` } : {}),
    };
  }
}

function toView(row: Row): OverdueCustodian {
  return {
    matterId: row.matter_id,
    jurisdiction: row.jurisdiction,
    custodian: row.custodian,
    sealableSince: row.sealable_since,
    dueOn: row.due_on,
    daysOverdue: Number(row.days_overdue),
  };
}
