import { Inject, Injectable } from '@nestjs/common';
import { DATABASE_POOL } from '@lead/platform';
import type pg from 'pg';
import { LIVE_FACTS, ProgramFactProjection } from '../program-facts/program-fact-projection.js';
import { lastDayOfMonth } from '../reporting-period/reporting-period.js';
import type { CohortQuery } from './referral-journeys.js';

/** How many of each code (outcome) an event type had in the period. */
export type CodeCounts = Record<string, number>;

/** What happened in a period, whoever it happened to (not a cohort): intakes, exits, charges, sealing, services. */
export interface ProgramActivity {
  intakes: CodeCounts;
  exits: CodeCounts;
  charges: { declined: CodeCounts; released: CodeCounts; filed: number };
  /** Custodians that confirmed sealing in the period, and those overdue at its end (30 days after eligibility). */
  sealing: { confirmed: CodeCounts; overdue: CodeCounts };
  /** Service connections that changed in the period: category → their status at its end → count. */
  serviceConnections: Record<string, CodeCounts>;
  /** Each month's end: the participants in the program then, by engagement level. */
  engagementByMonth: Array<{ month: string; levels: CodeCounts }>;
}

/** Days a custodian has to confirm sealing before the matter lists it overdue (the prosecution service's rule). */
export const SEALING_CONFIRMATION_DAYS = 30;

@Injectable()
export class ProgramActivityQuery {
  private readonly f: string;

  constructor(
    @Inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @Inject(ProgramFactProjection) facts: ProgramFactProjection,
  ) {
    this.f = `${facts.schema}.${LIVE_FACTS}`;
  }

  async of(query: CohortQuery, months: readonly string[]): Promise<ProgramActivity> {
    const [intakes, exits, declined, released, filed, confirmed, overdue, services, engagement] = await Promise.all([
      this.codes('lead.case.intake-completed', query),
      this.codes('lead.case.exited', query),
      this.codes('lead.prosecution.charge-declined', query),
      this.codes('lead.prosecution.charge-released', query),
      this.codes('lead.prosecution.charge-filed', query),
      this.codes('lead.prosecution.sealing-confirmed', query),
      this.sealingOverdue(query),
      this.serviceConnections(query),
      this.engagement(query, months),
    ]);
    const total = (counts: CodeCounts) => Object.values(counts).reduce((sum, n) => sum + n, 0);
    return {
      intakes,
      exits,
      charges: { declined, released, filed: total(filed) },
      sealing: { confirmed, overdue },
      serviceConnections: services,
      engagementByMonth: engagement,
    };
  }

  private async codes(type: string, q: CohortQuery): Promise<CodeCounts> {
    const { rows } = await this.pool.query<{ code: string; n: number }>(
      `SELECT coalesce(outcome, '') AS code, count(*)::int AS n FROM ${this.f}
        WHERE jurisdiction = $1 AND type = $2 AND occurred_on >= $3 AND occurred_on < $4 AND recorded_at <= $5
        GROUP BY 1`,
      [q.jurisdiction, type, q.firstDay, q.endDay, q.asOf],
    );
    return Object.fromEntries(rows.map((r) => [r.code, r.n]));
  }

  private async sealingOverdue(q: CohortQuery): Promise<CodeCounts> {
    const { rows } = await this.pool.query<{ code: string; n: number }>(
      `SELECT custodian AS code, count(*)::int AS n
         FROM ${this.f} e, jsonb_array_elements_text(e.attrs->'recordCustodians') AS custodian
        WHERE e.jurisdiction = $1 AND e.type = 'lead.prosecution.sealing-eligible' AND e.recorded_at <= $3
          AND e.occurred_on + $4::int < $2::date
          AND NOT EXISTS (
            SELECT 1 FROM ${this.f} c
             WHERE c.matter_id = e.matter_id AND c.type = 'lead.prosecution.sealing-confirmed' AND c.outcome = custodian
               AND c.occurred_on < $2 AND c.recorded_at <= $3)
        GROUP BY 1`,
      [q.jurisdiction, q.endDay, q.asOf, SEALING_CONFIRMATION_DAYS],
    );
    return Object.fromEntries(rows.map((r) => [r.code, r.n]));
  }

  /**
   * The connections whose status changed in the period, each at its last status by the period's end. Found through
   * their cases (the case index), not by scanning every status change of the jurisdiction's history.
   */
  private async serviceConnections(q: CohortQuery): Promise<Record<string, CodeCounts>> {
    const { rows } = await this.pool.query<{ category: string; status: string; n: number }>(
      `WITH changed AS (
         SELECT DISTINCT case_id, attrs->>'serviceConnectionId' AS connection_id FROM ${this.f}
          WHERE jurisdiction = $1 AND type = 'lead.case.service-referral-status-changed'
            AND occurred_on >= $2 AND occurred_on < $3 AND recorded_at <= $4),
       latest AS (
         SELECT DISTINCT ON (c.connection_id) x.attrs->>'serviceCategory' AS category, x.outcome AS status
           FROM changed c
           JOIN ${this.f} x ON x.case_id = c.case_id AND x.type = 'lead.case.service-referral-status-changed'
                           AND x.attrs->>'serviceConnectionId' = c.connection_id
                           AND x.occurred_on < $3 AND x.recorded_at <= $4
          ORDER BY c.connection_id, x.occurred_at DESC, x.log_position DESC)
       SELECT category, status, count(*)::int AS n FROM latest GROUP BY 1, 2`,
      [q.jurisdiction, q.firstDay, q.endDay, q.asOf],
    );
    const out: Record<string, CodeCounts> = {};
    for (const row of rows) (out[row.category] ??= {})[row.status] = row.n;
    return out;
  }

  /**
   * At each month's end, the cases open then (opened by that day, and not exited since their last re-enrolment) by
   * their engagement level then (engaged until a change says otherwise). Set-based: the jurisdiction's openings, exits,
   * re-enrolments and level changes up to the last month's end are each read once by the period index and joined,
   * rather than looked up case by case and month by month (which grew with the whole history).
   */
  private async engagement(q: CohortQuery, months: readonly string[]) {
    const ends = months.map(lastDayOfMonth);
    const { rows } = await this.pool.query<{ month_end: string; level: string; n: number }>(
      `WITH ends AS (SELECT unnest($2::date[]) AS month_end),
       opened AS (
         SELECT case_id, occurred_on FROM ${this.f}
          WHERE jurisdiction = $1 AND type = 'lead.case.opened' AND recorded_at <= $3 AND occurred_on <= $4),
       status AS (
         SELECT DISTINCT ON (e.month_end, x.case_id) e.month_end, x.case_id, x.type
           FROM ends e
           JOIN ${this.f} x ON x.jurisdiction = $1 AND x.type IN ('lead.case.exited', 'lead.case.reenrolled')
                           AND x.recorded_at <= $3 AND x.occurred_on <= e.month_end
          ORDER BY e.month_end, x.case_id, x.occurred_on DESC, x.log_position DESC),
       level AS (
         SELECT DISTINCT ON (e.month_end, x.case_id) e.month_end, x.case_id, x.outcome AS level
           FROM ends e
           JOIN ${this.f} x ON x.jurisdiction = $1 AND x.type = 'lead.case.engagement-changed'
                           AND x.recorded_at <= $3 AND x.occurred_on <= e.month_end
          ORDER BY e.month_end, x.case_id, x.occurred_on DESC, x.log_position DESC)
       SELECT to_char(e.month_end, 'YYYY-MM-DD') AS month_end, coalesce(l.level, 'engaged') AS level,
              count(*)::int AS n
         FROM ends e
         JOIN opened o ON o.occurred_on <= e.month_end
         LEFT JOIN status s ON s.month_end = e.month_end AND s.case_id = o.case_id
         LEFT JOIN level l ON l.month_end = e.month_end AND l.case_id = o.case_id
        WHERE s.type IS DISTINCT FROM 'lead.case.exited'
        GROUP BY 1, 2`,
      [q.jurisdiction, ends, q.asOf, ends.at(-1)],
    );
    return months.map((month, i) => ({
      month,
      levels: Object.fromEntries(rows.filter((r) => r.month_end === ends[i]).map((r) => [r.level, r.n])),
    }));
  }
}
