import { Inject, Injectable } from '@nestjs/common';
import { DATABASE_POOL } from '@lead/platform';
import type pg from 'pg';
import { LIVE_FACTS, ProgramFactProjection } from '../program-facts/program-fact-projection.js';
import type { CohortQuery } from '../program-journeys/referral-journeys.js';
import type { ProgramEntry } from './justice-history.js';

/**
 * The participants who entered the program in a period: those whose first referral that was accepted (by `asOf`)
 * was made on a local day of the period. A participant referred before and declined, then referred again and
 * accepted, entered at the second referral. The outcome, cost and monthly-series reports share this cohort.
 */
@Injectable()
export class ProgramEntries {
  private readonly sql: string;

  constructor(
    @Inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @Inject(ProgramFactProjection) facts: ProgramFactProjection,
  ) {
    const f = `${facts.schema}.${LIVE_FACTS}`;
    this.sql = `
SELECT r.participant_id, to_char(min(r.occurred_on), 'YYYY-MM-DD') AS entry_day
  FROM ${f} r
 WHERE r.jurisdiction = $1 AND r.type = 'lead.referral.recorded' AND r.recorded_at <= $4
   AND EXISTS (SELECT 1 FROM ${f} a
                WHERE a.referral_id = r.referral_id AND a.type = 'lead.referral.accepted' AND a.recorded_at <= $4)
 GROUP BY r.participant_id
HAVING min(r.occurred_on) >= $2 AND min(r.occurred_on) < $3
 ORDER BY 2, 1`;
  }

  async of(query: CohortQuery): Promise<ProgramEntry[]> {
    const { rows } = await this.pool.query<{ participant_id: string; entry_day: string }>(this.sql, [
      query.jurisdiction,
      query.firstDay,
      query.endDay,
      query.asOf,
    ]);
    return rows.map((row) => ({ participantId: row.participant_id, entryDay: row.entry_day }));
  }
}
