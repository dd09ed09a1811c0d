import { Inject, NotFoundException } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DATABASE_POOL } from '@lead/platform';
import type pg from 'pg';
import { LIVE_FACTS, ProgramFactProjection } from '../program-facts/program-fact-projection.js';
import type { JourneyStep, ParticipantJourney } from './participant-journey.js';
import { ParticipantJourneyQuery } from './participant-journey.query.js';

/** One participant's steps by their index (participant, log position): one index range scan at any log size. */
@QueryHandler(ParticipantJourneyQuery)
export class ParticipantJourneyHandler implements IQueryHandler<ParticipantJourneyQuery, ParticipantJourney> {
  private readonly sql: string;

  constructor(
    @Inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @Inject(ProgramFactProjection) facts: ProgramFactProjection,
  ) {
    this.sql = `
SELECT event_id, type, jurisdiction, to_char(occurred_on, 'YYYY-MM-DD') AS occurred_on, occurred_at, recorded_at,
       referral_id, case_id, matter_id, district, outcome
  FROM ${facts.schema}.${LIVE_FACTS}
 WHERE participant_id = $1 AND recorded_at <= $2
 ORDER BY log_position`;
  }

  async execute({ participantId, jurisdictions, asOf }: ParticipantJourneyQuery): Promise<ParticipantJourney> {
    const { rows } = await this.pool.query<{
      event_id: string;
      type: string;
      jurisdiction: string;
      occurred_on: string;
      occurred_at: Date | null;
      recorded_at: Date;
      referral_id: string | null;
      case_id: string | null;
      matter_id: string | null;
      district: string | null;
      outcome: string | null;
    }>(this.sql, [participantId, asOf]);
    // A participant belongs to one jurisdiction (ids are minted per jurisdiction's referrals service).
    const jurisdiction = rows[0]?.jurisdiction;
    if (jurisdiction === undefined || !jurisdictions.includes(jurisdiction))
      throw new NotFoundException('No such participant is known to the reports.');
    const steps: JourneyStep[] = rows.map((row) => ({
      eventId: row.event_id,
      type: row.type,
      occurredOn: row.occurred_on,
      occurredAt: row.occurred_at?.toISOString() ?? null,
      recordedAt: row.recorded_at.toISOString(),
      referralId: row.referral_id,
      caseId: row.case_id,
      matterId: row.matter_id,
      district: row.district,
      outcome: row.outcome,
    }));
    return { participantId, jurisdiction, asOf: asOf.toISOString(), steps };
  }
}
