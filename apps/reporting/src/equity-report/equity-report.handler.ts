import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ReferralJourneys } from '../program-journeys/referral-journeys.js';
import { ComparisonArrests } from './comparison-arrests.js';
import { equityFigures } from './equity-figures.js';
import type { EquityReport } from './equity-report.js';
import { EquityReportQuery } from './equity-report.query.js';

@QueryHandler(EquityReportQuery)
export class EquityReportHandler implements IQueryHandler<EquityReportQuery, EquityReport> {
  constructor(
    @Inject(ReferralJourneys) private readonly journeys: ReferralJourneys,
    @Inject(ComparisonArrests) private readonly arrests: ComparisonArrests,
  ) {}

  async execute({ scope }: EquityReportQuery): Promise<EquityReport> {
    const journeys = await this.journeys.of({
      jurisdiction: scope.jurisdiction,
      firstDay: scope.period.firstDay,
      endDay: scope.period.endDay,
      asOf: scope.asOf,
    });
    // The front door is compared where LEAD took arrest diversions: the districts of the period's referrals.
    const districts = [...new Set(journeys.filter((j) => j.door === 'arrest_diversion').map((j) => j.district))];
    const comparisonArrests = await this.arrests.of(scope.jurisdiction, scope.asOf, scope.period.months, districts);
    return equityFigures({ ...scope, journeys, comparisonArrests });
  }
}
