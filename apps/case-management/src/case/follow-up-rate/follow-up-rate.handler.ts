import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_DATA_SOURCE } from '@lead/platform';
import type { Clock } from '@lead/scheduling';
import type { DataSource } from 'typeorm';
import { dayNumber } from '../../assessment/instrument/calendar-day.js';
import {
  FOLLOW_UP_TARGET,
  followUpRate,
  InstrumentRegistry,
  occasionWindow,
  type FollowUpCase,
  type Occasion,
  type Schedule,
} from '../../assessment/instrument/index.js';
import { CaseSummary } from '../../projections/case-summary.entity.js';
import { CLOCK } from '@lead/scheduling/service';
import { FollowUpRateQuery, type FollowUpRateReport, type ProgramFollowUp } from './follow-up-rate.query.js';

/**
 * The SAMHSA-style follow-up rate per program, from the case read model: each case's intake, its baseline (the
 * schedule's first occasion counted from the intake), its reassessment and its exit, as of the service's day.
 */
@QueryHandler(FollowUpRateQuery)
export class FollowUpRateHandler implements IQueryHandler<FollowUpRateQuery, FollowUpRateReport> {
  constructor(
    @Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(InstrumentRegistry) private readonly instruments: InstrumentRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ filter, caller }: FollowUpRateQuery): Promise<FollowUpRateReport> {
    const today = this.clock.now().toISOString().slice(0, 10);
    const report: FollowUpRateReport = { today, target: FOLLOW_UP_TARGET, programs: [] };
    const jurisdictions = caller.jurisdictions.filter(
      (j) => filter.jurisdiction === undefined || j === filter.jurisdiction,
    );
    if (jurisdictions.length === 0) return report;
    const query = this.dataSource
      .getRepository(CaseSummary)
      .createQueryBuilder('s')
      .where('s.jurisdiction IN (:...jurisdictions)', { jurisdictions })
      .orderBy('s.jurisdiction')
      .addOrderBy('s.providerAgency')
      .addOrderBy('s.instrumentId')
      .addOrderBy('s.instrumentVersion');
    // A supervisor: their provider's programs only.
    if (caller.role === 'supervisor') query.andWhere('s.providerAgency = :agency', { agency: caller.principal.agency });
    if (filter.provider) query.andWhere('s.providerAgency = :provider', { provider: filter.provider });
    const programs = new Map<string, CaseSummary[]>();
    for (const row of await query.getMany()) {
      const key = [row.jurisdiction, row.providerAgency, row.instrumentId, row.instrumentVersion].join('\u0000');
      const rows = programs.get(key);
      if (rows) rows.push(row);
      else programs.set(key, [row]);
    }
    report.programs = [...programs.values()].map((rows) => this.programOf(rows, today));
    return report;
  }

  private programOf(rows: CaseSummary[], today: string): ProgramFollowUp {
    const { jurisdiction, providerAgency, instrumentId, instrumentVersion } = rows[0]!;
    const instrument = this.instruments.get(instrumentId, instrumentVersion);
    if (!instrument) throw new Error(`Cases follow ${instrumentId} ${instrumentVersion}, not configured`);
    const occasions = followUpOccasions(instrument.schedule);
    const program = {
      jurisdiction,
      provider: providerAgency,
      instrument: { id: instrumentId, version: instrumentVersion },
      cases: rows.length,
    };
    if (!occasions) return { ...program, occasion: null, followUp: null };
    const { baseline, reassessment } = occasions;
    return {
      ...program,
      occasion: reassessment.occasion,
      followUp: followUpRate(
        rows.flatMap((row) => followUpCaseOf(row, baseline, reassessment)),
        today,
        reassessment,
      ),
    };
  }
}

/**
 * The baseline (the first occasion counted from the intake) and the follow-up (the one other occasion counted from
 * the intake); undefined when the schedule does not have exactly one such follow-up. A repeating reassessment (every
 * 90 days) is followed up by its first window: the first reassessment is what "followed up" asks of an intake.
 */
function followUpOccasions(schedule: Schedule): { baseline: Occasion; reassessment: Occasion } | undefined {
  const fromIntake = schedule.occasions.filter((o) => o.anchor === 'intake');
  const baseline = fromIntake[0];
  const followUps = fromIntake.slice(1).filter((o) => o.offsetDays > 0);
  if (!baseline || followUps.length !== 1) return undefined;
  const { repeat: _repeat, ...first } = followUps[0]!;
  return { baseline, reassessment: first };
}

/** A case as the rate reads it; none before the intake (nothing is owed before it). */
function followUpCaseOf(row: CaseSummary, baseline: Occasion, reassessment: Occasion): FollowUpCase[] {
  if (row.intakeCompletedOn === null) return [];
  const days = (occasion: Occasion) =>
    row.assessments
      .filter((a) => a.occasion === occasion.occasion)
      .map((a) => a.completedOn)
      .sort();
  // Of several reassessments, the one inside the window is the follow-up (else the first, which does not count).
  const window = occasionWindow(reassessment, dayNumber(row.intakeCompletedOn) + reassessment.offsetDays);
  const reassessments = days(reassessment);
  const reassessedOn =
    reassessments.find((d) => dayNumber(d) >= window.opens && dayNumber(d) <= window.closes) ?? reassessments[0];
  const baselineOn = days(baseline)[0];
  return [
    {
      intakeOn: row.intakeCompletedOn,
      ...(baselineOn !== undefined ? { baselineOn } : {}),
      ...(reassessedOn !== undefined ? { reassessedOn } : {}),
      ...(row.exitedAt ? { exitedOn: row.exitedAt.toISOString().slice(0, 10) } : {}),
    },
  ];
}
