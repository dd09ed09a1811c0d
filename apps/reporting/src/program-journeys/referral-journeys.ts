import { Inject, Injectable } from '@nestjs/common';
import { DATABASE_POOL } from '@lead/platform';
import type pg from 'pg';
import { LIVE_FACTS, ProgramFactProjection } from '../program-facts/program-fact-projection.js';
import type { ReferralJourney } from './referral-journey.js';

/** Which part of the program knew what, and when: every read is of facts recorded by the report's instant. */
export interface CohortQuery {
  jurisdiction: string;
  firstDay: string;
  endDay: string;
  asOf: Date;
}

/**
 * The referrals made in a period (by local day), each with the decision points it had reached by `asOf`: screening,
 * the prosecutor, the offer, the hand-off, enrolment, the intake and exit of its case, its charge, and the
 * participant's race and ethnicity from intake. One statement, one row per referral.
 */
@Injectable()
export class ReferralJourneys {
  private readonly sql: string;

  constructor(
    @Inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @Inject(ProgramFactProjection) facts: ProgramFactProjection,
  ) {
    const f = `${facts.schema}.${LIVE_FACTS}`;
    const last = (column: string, type: string) =>
      `(array_agg(${column} ORDER BY e.log_position DESC) FILTER (WHERE e.type = '${type}'))[1]`;
    this.sql = `
WITH cohort AS (
  SELECT referral_id, participant_id, outcome AS door, district, occurred_on
    FROM ${f}
   WHERE jurisdiction = $1 AND type = 'lead.referral.recorded' AND occurred_on >= $2 AND occurred_on < $3
     AND recorded_at <= $4)
SELECT c.referral_id, c.participant_id, c.door, c.district, to_char(c.occurred_on, 'YYYY-MM-DD') AS referred_on,
       r.screened, r.criteria, r.prosecutor, r.prosecutor_decision, r.offer, r.hand_off_minutes, r.within_target,
       r.enrolled, r.closed_reason, cs.intake_completed, cs.exit_reason, ch.charge, dm.race_ethnicity
  FROM cohort c
  LEFT JOIN LATERAL (
    SELECT ${last('e.outcome', 'lead.referral.screened')} AS screened,
           ${last("e.attrs->'criteria'", 'lead.referral.screened')} AS criteria,
           ${last('e.outcome', 'lead.referral.prosecutor-eligibility-decided')} AS prosecutor,
           ${last("e.attrs->>'decision'", 'lead.referral.prosecutor-eligibility-decided')} AS prosecutor_decision,
           (array_agg(e.type ORDER BY e.log_position DESC)
              FILTER (WHERE e.type IN ('lead.referral.offer-accepted', 'lead.referral.offer-declined')))[1] AS offer,
           ${last('e.minutes', 'lead.referral.handed-off')} AS hand_off_minutes,
           ${last("e.outcome = 'within_target'", 'lead.referral.handed-off')} AS within_target,
           coalesce(bool_or(e.type = 'lead.referral.accepted'), false) AS enrolled,
           ${last('e.outcome', 'lead.referral.closed')} AS closed_reason
      FROM ${f} e
     WHERE e.referral_id = c.referral_id AND e.recorded_at <= $4 AND e.type <> 'lead.referral.recorded'
  ) r ON true
  LEFT JOIN LATERAL (
    SELECT coalesce(bool_or(e.type = 'lead.case.intake-completed'), false) AS intake_completed,
           (array_agg(e.outcome ORDER BY e.log_position DESC) FILTER (WHERE e.type = 'lead.case.exited'))[1]
             AS exit_reason
      FROM ${f} o
      JOIN ${f} e ON e.case_id = o.case_id AND e.recorded_at <= $4
                 AND e.type IN ('lead.case.intake-completed', 'lead.case.exited')
     WHERE o.referral_id = c.referral_id AND o.type = 'lead.case.opened' AND o.recorded_at <= $4
  ) cs ON true
  LEFT JOIN LATERAL (
    SELECT CASE WHEN count(m.event_id) > 0 THEN coalesce(
             (array_agg(e.type ORDER BY e.log_position DESC) FILTER (WHERE e.type IS NOT NULL))[1],
             'lead.prosecution.charge-held') END AS charge
      FROM ${f} m
      LEFT JOIN ${f} e ON e.matter_id = m.matter_id AND e.recorded_at <= $4
                      AND e.type IN ('lead.prosecution.charge-declined', 'lead.prosecution.charge-released',
                                     'lead.prosecution.charge-filed')
     WHERE m.referral_id = c.referral_id AND m.type = 'lead.prosecution.charge-held' AND m.recorded_at <= $4
  ) ch ON true
  LEFT JOIN LATERAL (
    SELECT d.attrs->'demographics'->'raceEthnicity' AS race_ethnicity
      FROM ${f} d
     WHERE d.participant_id = c.participant_id AND d.type = 'lead.case.demographics-recorded' AND d.recorded_at <= $4
     ORDER BY d.log_position DESC LIMIT 1
  ) dm ON true`;
  }

  async of(query: CohortQuery): Promise<ReferralJourney[]> {
    const { rows } = await this.pool.query<Row>(this.sql, [
      query.jurisdiction,
      query.firstDay,
      query.endDay,
      query.asOf,
    ]);
    return rows.map(journeyOf);
  }
}

interface Row {
  referral_id: string;
  participant_id: string;
  door: string;
  district: string;
  referred_on: string;
  screened: 'eligible' | 'ineligible' | null;
  criteria: Array<{ criterion: string; outcome: string }> | null;
  prosecutor: 'eligible' | 'ineligible' | null;
  prosecutor_decision: 'confirmed' | 'overridden' | null;
  offer: string | null;
  hand_off_minutes: number | null;
  within_target: boolean | null;
  enrolled: boolean;
  closed_reason: string | null;
  intake_completed: boolean | null;
  exit_reason: string | null;
  charge: string | null;
  race_ethnicity: string[] | null;
}

const CHARGE: Record<string, ReferralJourney['charge']> = {
  'lead.prosecution.charge-held': 'held',
  'lead.prosecution.charge-declined': 'declined',
  'lead.prosecution.charge-released': 'released',
  'lead.prosecution.charge-filed': 'filed',
};

function journeyOf(row: Row): ReferralJourney {
  return {
    referralId: row.referral_id,
    participantId: row.participant_id,
    door: row.door,
    district: row.district,
    referredOn: row.referred_on,
    screened: row.screened,
    excludedBy: (row.criteria ?? []).filter((c) => c.outcome === 'exclude').map((c) => c.criterion),
    prosecutor:
      row.prosecutor && row.prosecutor_decision ? { outcome: row.prosecutor, decision: row.prosecutor_decision } : null,
    offer:
      row.offer === 'lead.referral.offer-accepted'
        ? 'accepted'
        : row.offer === 'lead.referral.offer-declined'
          ? 'declined'
          : null,
    handOff:
      row.hand_off_minutes === null
        ? null
        : { minutes: row.hand_off_minutes, withinTarget: row.within_target === true },
    enrolled: row.enrolled,
    closedReason: row.closed_reason,
    intakeCompleted: row.intake_completed === true,
    charge: row.charge ? CHARGE[row.charge] : null,
    exitReason: row.exit_reason,
    raceEthnicity: row.race_ethnicity,
  };
}
