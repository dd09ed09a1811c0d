import { Controller, Get, Inject, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { ServiceClock } from '@lead/scheduling/service';
import { ReportRequest } from '../program-report/report-request.js';
import { reportScope } from '../program-report/report-scope.js';
import type { MonthlySeries } from './monthly-series.js';
import { MonthlySeriesQuery } from './monthly-series.query.js';

@Controller('reports')
export class MonthlySeriesController {
  constructor(
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(ServiceClock) private readonly clock: ServiceClock,
  ) {}

  /**
   * Housing (HMIS living-situation group), employment, income, non-cash benefits and health insurance of the
   * participants who entered in the period, for each of the 18 months after the entry month, from case management's
   * monthly snapshots; each month against the same people's baseline (the month before referral, else their first
   * snapshot, labelled). Program admins get exact figures (and may ask `asOf`); evaluators closed periods with small
   * cells withheld.
   */
  @Get('monthly-series')
  monthlySeries(@Query() request: ReportRequest, @Caller() caller: AccessContext): Promise<MonthlySeries> {
    return this.queries.execute(new MonthlySeriesQuery(reportScope(request, caller, this.clock.now())));
  }
}
