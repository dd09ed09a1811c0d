import { Inject, Injectable } from '@nestjs/common';
import { DATABASE_POOL } from '@lead/platform';
import type pg from 'pg';
import { LIVE_FACTS, ProgramFactProjection } from '../program-facts/program-fact-projection.js';

/** One participant's monthly snapshot (lead.case.monthly-snapshot-recorded), the latest recorded for the month. */
export interface MonthlySnapshot {
  participantId: string;
  month: string;
  housingStatus: string;
  employmentStatus: string;
  income: string;
  nonCashBenefits: string;
  healthInsurance: string;
}

@Injectable()
export class MonthlySnapshots {
  private readonly f: string;

  constructor(
    @Inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @Inject(ProgramFactProjection) facts: ProgramFactProjection,
  ) {
    this.f = `${facts.schema}.${LIVE_FACTS}`;
  }

  /** The participants' snapshots recorded by `asOf`, one per participant and month (a correction replaces). */
  async of(jurisdiction: string, participantIds: readonly string[], asOf: Date): Promise<MonthlySnapshot[]> {
    if (participantIds.length === 0) return [];
    const { rows } = await this.pool.query<{ participant_id: string; attrs: Record<string, unknown> }>(
      `SELECT DISTINCT ON (participant_id, attrs->>'month') participant_id, attrs
         FROM ${this.f}
        WHERE participant_id = ANY($2::uuid[]) AND jurisdiction = $1 AND type = 'lead.case.monthly-snapshot-recorded'
          AND recorded_at <= $3
        ORDER BY participant_id, attrs->>'month', log_position DESC`,
      [jurisdiction, participantIds, asOf],
    );
    return rows.map(({ participant_id, attrs }) => ({
      participantId: participant_id,
      month: String(attrs.month),
      housingStatus: String(attrs.housingStatus),
      employmentStatus: String(attrs.employmentStatus),
      income: String(attrs.income),
      nonCashBenefits: String(attrs.nonCashBenefits),
      healthInsurance: String(attrs.healthInsurance),
    }));
  }
}
