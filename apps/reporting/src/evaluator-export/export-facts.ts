import { Inject, Injectable } from '@nestjs/common';
import { DATABASE_POOL } from '@lead/platform';
import type pg from 'pg';
import { LIVE_FACTS, ProgramFactProjection } from '../program-facts/program-fact-projection.js';
import type { ExportFact } from './export-row.js';

export interface ExportSelection {
  jurisdiction: string;
  /** The period's first local day, and the day after its last (half-open). */
  firstDay: string;
  endDay: string;
  /** Facts recorded after this instant (the export's start) are not in it: the file is the facts as then known. */
  asOf: Date;
}

/** Not a participant's event: the justice feed's aggregates of the comparison cohort. */
const NOT_PARTICIPANT_FACTS = ['lead.justice.comparison-counted'];
const DEMOGRAPHICS_RECORDED = 'lead.case.demographics-recorded';
const FIRST_KEY = { participantId: '00000000-0000-0000-0000-000000000000', logPosition: '0' };

/**
 * The facts of one jurisdiction's period, one page at a time, in (participant, log position) order: each page is
 * one short statement resuming after the last row of the one before (a keyset cursor on the facts' participant
 * index), so memory holds one page whatever the size of the export, and no transaction or lock is held between
 * pages: a held snapshot would hold back the event store's `$all` fence and a rebuild's switch for the length of a
 * download. A fact's log position is unique (one fact per logged event), so the key never repeats.
 */
@Injectable()
export class ExportFacts {
  private readonly pageSql: string;
  private readonly demographicsSql: string;

  constructor(
    @Inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @Inject(ProgramFactProjection) facts: ProgramFactProjection,
  ) {
    const table = `${facts.schema}.${LIVE_FACTS}`;
    this.pageSql = `
SELECT participant_id, log_position, type, jurisdiction, to_char(occurred_on, 'YYYY-MM-DD') AS occurred_on,
       district, outcome, minutes
  FROM ${table}
 WHERE (participant_id, log_position) > ($1::uuid, $2::bigint)
   AND jurisdiction = $3 AND occurred_on >= $4::date AND occurred_on < $5::date AND recorded_at <= $6
   AND type <> ALL($7::text[])
 ORDER BY participant_id, log_position
 LIMIT $8`;
    this.demographicsSql = `
SELECT DISTINCT ON (participant_id) participant_id, attrs->'demographics' AS demographics
  FROM ${table}
 WHERE participant_id = ANY($1::uuid[]) AND type = '${DEMOGRAPHICS_RECORDED}' AND recorded_at <= $2
 ORDER BY participant_id, log_position DESC`;
  }

  /** The pages of the selection; stops when the caller stops asking (a download cut off reads nothing more). */
  async *pages(selection: ExportSelection, pageSize: number): AsyncGenerator<ExportFact[]> {
    let after = FIRST_KEY;
    for (;;) {
      const { rows } = await this.pool.query<PageRow>(this.pageSql, [
        after.participantId,
        after.logPosition,
        selection.jurisdiction,
        selection.firstDay,
        selection.endDay,
        selection.asOf,
        NOT_PARTICIPANT_FACTS,
        pageSize,
      ]);
      if (rows.length === 0) return;
      const demographics = await this.demographicsOf(rows, selection.asOf);
      yield rows.map((row) => ({
        participantId: row.participant_id,
        type: row.type,
        jurisdiction: row.jurisdiction,
        occurredOn: row.occurred_on,
        district: row.district,
        outcome: row.outcome,
        minutes: row.minutes,
        demographics: demographics.get(row.participant_id) ?? null,
      }));
      if (rows.length < pageSize) return;
      const last = rows.at(-1)!;
      after = { participantId: last.participant_id, logPosition: last.log_position };
    }
  }

  /** The latest demographics of the page's participants, as known at the export's instant (one statement). */
  private async demographicsOf(rows: readonly PageRow[], asOf: Date): Promise<Map<string, unknown>> {
    const participants = [...new Set(rows.map((row) => row.participant_id))];
    const { rows: found } = await this.pool.query<{ participant_id: string; demographics: unknown }>(
      this.demographicsSql,
      [participants, asOf],
    );
    return new Map(found.map((row) => [row.participant_id, row.demographics]));
  }
}

interface PageRow {
  participant_id: string;
  log_position: string;
  type: string;
  jurisdiction: string;
  occurred_on: string;
  district: string | null;
  outcome: string | null;
  minutes: number | null;
}
