import { Inject, Injectable } from '@nestjs/common';
import { DATABASE_POOL } from '@lead/platform';
import type pg from 'pg';
import { LIVE_FACTS, ProgramFactProjection } from '../program-facts/program-fact-projection.js';
import type { EquityGroup } from './equity-group.js';

/**
 * Arrests of people outside LEAD by group, in some districts and months, from the justice-system import's comparison
 * cohort (lead.justice.comparison-counted, aggregates only). Null when the jurisdiction's feed counted none of those
 * months: no feed is not the same as no arrests.
 */
@Injectable()
export class ComparisonArrests {
  private readonly sql: string;

  constructor(
    @Inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @Inject(ProgramFactProjection) facts: ProgramFactProjection,
  ) {
    this.sql = `
SELECT c->>'equityGroup' AS grp, sum((c->>'arrests')::int)::int AS arrests, bool_or(c->>'district' = ANY($4)) AS here
  FROM ${facts.schema}.${LIVE_FACTS} f, jsonb_array_elements(f.attrs->'counts') c
 WHERE f.jurisdiction = $1 AND f.type = 'lead.justice.comparison-counted' AND f.recorded_at <= $2
   AND c->>'month' = ANY($3)
 GROUP BY 1, c->>'district' = ANY($4)`;
  }

  async of(
    jurisdiction: string,
    asOf: Date,
    months: readonly string[],
    districts: readonly string[],
  ): Promise<{ districts: string[]; byGroup: Partial<Record<EquityGroup, number>> } | null> {
    const { rows } = await this.pool.query<{ grp: EquityGroup; arrests: number; here: boolean }>(this.sql, [
      jurisdiction,
      asOf,
      months,
      districts,
    ]);
    if (rows.length === 0) return null;
    const byGroup: Partial<Record<EquityGroup, number>> = {};
    for (const row of rows.filter((r) => r.here)) byGroup[row.grp] = (byGroup[row.grp] ?? 0) + row.arrests;
    return { districts: [...districts].sort(), byGroup };
  }
}
