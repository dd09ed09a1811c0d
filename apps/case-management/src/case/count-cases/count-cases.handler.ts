import { SMALL_CELL_MINIMUM } from '@lead/disclosure-control';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_DATA_SOURCE } from '@lead/platform';
import type { Clock } from '@lead/scheduling';
import type { DataSource } from 'typeorm';
import { CaseSummary } from '../../projections/case-summary.entity.js';
import { CLOCK } from '@lead/scheduling/service';
import { ENGAGEMENT_LEVELS, EXIT_REASONS, type EngagementLevel, type ExitReason } from '../case-vocabulary.js';
import { withholdSmallCells, withinDeadlineRate } from './case-small-cell-suppression.js';
import { CountCasesQuery, type CaseCounts, type CaseCountsReport, type Count } from './count-cases.query.js';

/** Each counter: its SQL condition over the summary row (property names; TypeORM maps them to columns). */
const COUNTERS = {
  cases: 'TRUE',
  open: 's.exitedAt IS NULL',
  exited: 's.exitedAt IS NOT NULL',
  intakeCompleted: 's.intakeCompletedOn IS NOT NULL',
  intakeWithinDeadline: 's.intakeDeadlineMet IS TRUE',
  intakeOverdue: 's.intakeCompletedOn IS NULL AND s.intakeDueOn < :today',
} as const;

type Row = { jurisdiction: string; provider: string } & Record<string, number>;

/** Counts over the case read model, by jurisdiction and provider agency, limited to the caller's jurisdictions. */
@QueryHandler(CountCasesQuery)
export class CountCasesHandler implements IQueryHandler<CountCasesQuery, CaseCountsReport> {
  constructor(
    @Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ filter, jurisdictions: callers, suppressSmallCells }: CountCasesQuery): Promise<CaseCountsReport> {
    const today = this.clock.now().toISOString().slice(0, 10);
    const report: CaseCountsReport = {
      today,
      suppressedBelow: suppressSmallCells ? SMALL_CELL_MINIMUM : null,
      groups: [],
    };
    const jurisdictions = callers.filter((j) => filter.jurisdiction === undefined || j === filter.jurisdiction);
    if (jurisdictions.length === 0) return report;
    const query = this.dataSource
      .getRepository(CaseSummary)
      .createQueryBuilder('s')
      .select('s.jurisdiction', 'jurisdiction')
      .addSelect('s.providerAgency', 'provider')
      .where('s.jurisdiction IN (:...jurisdictions)', { jurisdictions })
      .setParameter('today', today)
      .groupBy('s.jurisdiction')
      .addGroupBy('s.providerAgency')
      .orderBy('s.jurisdiction')
      .addOrderBy('s.providerAgency');
    for (const [name, condition] of Object.entries(COUNTERS))
      query.addSelect(`COUNT(*) FILTER (WHERE ${condition})::int`, name);
    ENGAGEMENT_LEVELS.forEach((level, index) => {
      query
        .addSelect(
          `COUNT(*) FILTER (WHERE s.exitedAt IS NULL AND s.engagement = :level${index})::int`,
          `level_${level}`,
        )
        .setParameter(`level${index}`, level);
    });
    EXIT_REASONS.forEach((reason, index) => {
      query
        .addSelect(`COUNT(*) FILTER (WHERE s.exitReason = :reason${index})::int`, `exit_${reason}`)
        .setParameter(`reason${index}`, reason);
    });
    if (filter.provider) query.andWhere('s.providerAgency = :provider', { provider: filter.provider });
    const rows = await query.getRawMany<Row>();
    report.groups = rows.map((row) => {
      const group = countsOf(row);
      return suppressSmallCells ? withholdSmallCells(group) : group;
    });
    return report;
  }
}

function countsOf(row: Row): CaseCounts {
  const intake = {
    completed: row.intakeCompleted,
    withinDeadline: row.intakeWithinDeadline,
    overdue: row.intakeOverdue,
  };
  return {
    jurisdiction: row.jurisdiction,
    provider: row.provider,
    cases: row.cases,
    open: row.open,
    exited: row.exited,
    engagement: Object.fromEntries(ENGAGEMENT_LEVELS.map((level) => [level, row[`level_${level}`]])) as Record<
      EngagementLevel,
      Count
    >,
    intake: { ...intake, withinDeadlineRate: withinDeadlineRate(intake) },
    exitsByReason: Object.fromEntries(EXIT_REASONS.map((reason) => [reason, row[`exit_${reason}`]])) as Record<
      ExitReason,
      Count
    >,
  };
}
