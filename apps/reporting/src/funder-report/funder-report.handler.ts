import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { JurisdictionCalendar } from '../program-calendar/jurisdiction-calendar.js';
import { FunderCases } from './funder-cases.js';
import { funderFigures } from './funder-figures.js';
import type { FunderReport } from './funder-report.js';
import { FunderReportQuery } from './funder-report.query.js';

@QueryHandler(FunderReportQuery)
export class FunderReportHandler implements IQueryHandler<FunderReportQuery, FunderReport> {
  constructor(
    @Inject(FunderCases) private readonly cases: FunderCases,
    @Inject(JurisdictionCalendar) private readonly calendar: JurisdictionCalendar,
  ) {}

  async execute({ scope }: FunderReportQuery): Promise<FunderReport> {
    const cases = await this.cases.of(scope.jurisdiction, scope.period.firstDay, scope.period.endDay, scope.asOf);
    const today = this.calendar.localDayOf(scope.jurisdiction, scope.asOf.toISOString());
    return funderFigures({ ...scope, today, cases });
  }
}
