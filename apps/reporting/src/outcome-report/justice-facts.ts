import { Inject, Injectable } from '@nestjs/common';
import { DATABASE_POOL } from '@lead/platform';
import type pg from 'pg';
import { LIVE_FACTS, ProgramFactProjection } from '../program-facts/program-fact-projection.js';
import type { ComparisonPart } from './comparison-cohort.js';
import type { JusticeKind, JusticeRecord } from './justice-history.js';

/** The justice-system facts of a jurisdiction recorded by an instant: participants' records, imports, comparison. */
@Injectable()
export class JusticeFacts {
  private readonly f: string;

  constructor(
    @Inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @Inject(ProgramFactProjection) facts: ProgramFactProjection,
  ) {
    this.f = `${facts.schema}.${LIVE_FACTS}`;
  }

  /** The matched records of these participants. */
  async recordsOf(jurisdiction: string, participantIds: readonly string[], asOf: Date): Promise<JusticeRecord[]> {
    if (participantIds.length === 0) return [];
    const { rows } = await this.pool.query<{
      participant_id: string;
      day: string;
      kind: JusticeKind;
      felony: boolean;
      jail_days: number;
    }>(
      `SELECT participant_id, to_char(occurred_on, 'YYYY-MM-DD') AS day, outcome AS kind,
              coalesce((attrs->>'felony')::boolean, false) AS felony,
              coalesce((attrs->>'jailDays')::int, 0) AS jail_days
         FROM ${this.f}
        WHERE participant_id = ANY($2::uuid[]) AND jurisdiction = $1 AND type = 'lead.justice.record-imported'
          AND recorded_at <= $3`,
      [jurisdiction, participantIds, asOf],
    );
    return rows.map((row) => ({
      participantId: row.participant_id,
      day: row.day,
      kind: row.kind,
      felony: row.felony,
      jailDays: row.jail_days,
    }));
  }

  /** The latest day an import of the jurisdiction is complete through; null when none was recorded yet. */
  async coveredThrough(jurisdiction: string, asOf: Date): Promise<string | null> {
    const { rows } = await this.pool.query<{ covered: string | null }>(
      `SELECT to_char(max((attrs->>'coveredThrough')::date), 'YYYY-MM-DD') AS covered
         FROM ${this.f}
        WHERE jurisdiction = $1 AND type IN ('lead.justice.record-imported', 'lead.justice.comparison-counted')
          AND recorded_at <= $2`,
      [jurisdiction, asOf],
    );
    return rows[0]?.covered ?? null;
  }

  /** Every comparison part of the jurisdiction (latestComparison picks the import to use). */
  async comparisonParts(jurisdiction: string, asOf: Date): Promise<ComparisonPart[]> {
    const { rows } = await this.pool.query<{ attrs: Record<string, unknown>; recorded_at: Date }>(
      `SELECT attrs, recorded_at FROM ${this.f}
        WHERE jurisdiction = $1 AND type = 'lead.justice.comparison-counted' AND recorded_at <= $2
        ORDER BY log_position`,
      [jurisdiction, asOf],
    );
    return rows.map(({ attrs, recorded_at }) => ({
      comparisonId: String(attrs.comparisonId),
      coveredThrough: String(attrs.coveredThrough),
      part: Number(attrs.part),
      parts: Number(attrs.parts),
      recordedAt: recorded_at.toISOString(),
      survival: (attrs.survival ?? []) as ComparisonPart['survival'],
    }));
  }
}
