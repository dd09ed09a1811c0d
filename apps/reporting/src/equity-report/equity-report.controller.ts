import { Controller, Get, Inject, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { ServiceClock } from '@lead/scheduling/service';
import { ReportRequest } from '../program-report/report-request.js';
import { reportScope } from '../program-report/report-scope.js';
import type { EquityReport } from './equity-report.js';
import { EquityReportQuery } from './equity-report.query.js';

@Controller('reports')
export class EquityReportController {
  constructor(
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(ServiceClock) private readonly clock: ServiceClock,
  ) {}

  /**
   * Race and ethnicity (HMIS 3.04, from intake) at every decision point of the period's referrals: referred, screened
   * eligible, prosecutor-eligible, enrolled, intake completed, charge released or filed, exited (and why). For each
   * group its count, its rate from the point before beside the jurisdiction's whole, and its relative rate index
   * against the reference group with a 95% interval; and, where the justice-system import counts arrests outside
   * LEAD, diversion referrals per arrest at the front door. Exact for program admins; small cells withheld for
   * evaluators.
   */
  @Get('equity')
  equity(@Query() request: ReportRequest, @Caller() caller: AccessContext): Promise<EquityReport> {
    return this.queries.execute(new EquityReportQuery(reportScope(request, caller, this.clock.now())));
  }
}
