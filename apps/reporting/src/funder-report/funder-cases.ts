import { Inject, Injectable } from '@nestjs/common';
import { DATABASE_POOL } from '@lead/platform';
import type pg from 'pg';
import { LIVE_FACTS, ProgramFactProjection } from '../program-facts/program-fact-projection.js';
import { SUPRT_INSTRUMENT } from './suprt-schedule.js';

/** One case's days the SUPRT windows run from, and its SUPRT assessments, as recorded by an instant. */
export interface FunderCase {
  caseId: string;
  intakeOn: string | null;
  /** The last exit's day, when the case's last word is an exit (a re-enrolment reopens care). */
  exitedOn: string | null;
  assessments: Array<{ occasion: string; completedOn: string }>;
}

/** The cases of a jurisdiction whose intake or exit could put a SUPRT window's close in the period. */
@Injectable()
export class FunderCases {
  private readonly sql: string;

  constructor(
    @Inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @Inject(ProgramFactProjection) facts: ProgramFactProjection,
  ) {
    const f = `${facts.schema}.${LIVE_FACTS}`;
    this.sql = `
WITH cases AS (
  SELECT DISTINCT case_id FROM ${f}
   WHERE jurisdiction = $1 AND recorded_at <= $4
     AND ((type = 'lead.case.intake-completed' AND occurred_on >= $2::date - 240 AND occurred_on < $3)
       OR (type = 'lead.case.exited' AND occurred_on >= $2::date - 60 AND occurred_on < $3)))
SELECT c.case_id,
       to_char(min(e.occurred_on) FILTER (WHERE e.type = 'lead.case.intake-completed'), 'YYYY-MM-DD') AS intake_on,
       (array_agg(e.type ORDER BY e.occurred_on DESC, e.log_position DESC)
          FILTER (WHERE e.type IN ('lead.case.exited', 'lead.case.reenrolled')))[1] AS last_word,
       to_char(max(e.occurred_on) FILTER (WHERE e.type = 'lead.case.exited'), 'YYYY-MM-DD') AS exited_on,
       coalesce(jsonb_agg(jsonb_build_object('occasion', e.outcome, 'completedOn', to_char(e.occurred_on, 'YYYY-MM-DD')))
         FILTER (WHERE e.type = 'lead.case.assessment-completed' AND e.attrs->'instrument'->>'id' = $5), '[]') AS assessments
  FROM cases c
  JOIN ${f} e ON e.case_id = c.case_id AND e.recorded_at <= $4
   AND e.type IN ('lead.case.intake-completed', 'lead.case.exited', 'lead.case.reenrolled',
                  'lead.case.assessment-completed')
 GROUP BY c.case_id`;
  }

  async of(jurisdiction: string, firstDay: string, endDay: string, asOf: Date): Promise<FunderCase[]> {
    const { rows } = await this.pool.query<{
      case_id: string;
      intake_on: string | null;
      last_word: string | null;
      exited_on: string | null;
      assessments: Array<{ occasion: string; completedOn: string }>;
    }>(this.sql, [jurisdiction, firstDay, endDay, asOf, SUPRT_INSTRUMENT]);
    return rows.map((row) => ({
      caseId: row.case_id,
      intakeOn: row.intake_on,
      exitedOn: row.last_word === 'lead.case.exited' ? row.exited_on : null,
      assessments: row.assessments,
    }));
  }
}
