import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ProgramActivityQuery } from '../program-journeys/program-activity.js';
import { ReferralJourneys } from '../program-journeys/referral-journeys.js';
import { programFigures } from './program-figures.js';
import type { ProgramReport } from './program-report.js';
import { ProgramReportQuery } from './program-report.query.js';

@QueryHandler(ProgramReportQuery)
export class ProgramReportHandler implements IQueryHandler<ProgramReportQuery, ProgramReport> {
  constructor(
    @Inject(ReferralJourneys) private readonly journeys: ReferralJourneys,
    @Inject(ProgramActivityQuery) private readonly activity: ProgramActivityQuery,
  ) {}

  async execute({ scope }: ProgramReportQuery): Promise<ProgramReport> {
    const cohort = {
      jurisdiction: scope.jurisdiction,
      firstDay: scope.period.firstDay,
      endDay: scope.period.endDay,
      asOf: scope.asOf,
    };
    const [journeys, activity] = await Promise.all([
      this.journeys.of(cohort),
      this.activity.of(cohort, scope.period.months),
    ]);
    return programFigures({ ...scope, journeys, activity });
  }
}
