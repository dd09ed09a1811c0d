import { Inject, Injectable } from '@nestjs/common';
import { DATABASE_POOL } from '@lead/platform';
import type pg from 'pg';
import { LIVE_FACTS, ProgramFactProjection } from '../program-facts/program-fact-projection.js';
import type { CaseHistory } from './enrolment.js';

const CHANGES: Record<string, CaseHistory['changes'][number]['change']> = {
  'lead.case.opened': 'opened',
  'lead.case.exited': 'exited',
  'lead.case.reenrolled': 'reenrolled',
};

/** Every case of a jurisdiction opened by an instant, with its exits and re-enrolments then known. */
@Injectable()
export class CaseHistories {
  private readonly f: string;

  constructor(
    @Inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @Inject(ProgramFactProjection) facts: ProgramFactProjection,
  ) {
    this.f = `${facts.schema}.${LIVE_FACTS}`;
  }

  async of(jurisdiction: string, asOf: Date): Promise<CaseHistory[]> {
    const { rows } = await this.pool.query<{ case_id: string; participant_id: string; type: string; day: string }>(
      `SELECT o.case_id, o.participant_id, x.type, to_char(x.occurred_on, 'YYYY-MM-DD') AS day
         FROM ${this.f} o
         JOIN ${this.f} x ON x.case_id = o.case_id AND x.recorded_at <= $2
                         AND x.type IN ('lead.case.opened', 'lead.case.exited', 'lead.case.reenrolled')
        WHERE o.jurisdiction = $1 AND o.type = 'lead.case.opened' AND o.recorded_at <= $2
        ORDER BY o.case_id, x.occurred_on, coalesce(x.occurred_at, x.recorded_at), x.log_position`,
      [jurisdiction, asOf],
    );
    const cases = new Map<string, CaseHistory>();
    for (const row of rows) {
      const history = cases.get(row.case_id) ?? { caseId: row.case_id, participantId: row.participant_id, changes: [] };
      history.changes.push({ day: row.day, change: CHANGES[row.type] });
      cases.set(row.case_id, history);
    }
    return [...cases.values()];
  }
}
