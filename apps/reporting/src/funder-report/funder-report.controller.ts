import { Controller, Get, Header, Inject, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { ServiceClock } from '@lead/scheduling/service';
import { ReportRequest } from '../program-report/report-request.js';
import { reportScope } from '../program-report/report-scope.js';
import { reportCsv } from '../report-csv/report-csv.js';
import type { FunderReport } from './funder-report.js';
import { FunderReportQuery } from './funder-report.query.js';

@Controller('reports')
export class FunderReportController {
  constructor(
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(ServiceClock) private readonly clock: ServiceClock,
  ) {}

  /**
   * What a SAMHSA grant asks of the period: SUPRT baselines within 30 days of intake, reassessments at 180 ± 30 days,
   * closeouts within 30 days of the end of care (counted over the windows that closed in the period), and the
   * follow-up rate against its 80% target.
   */
  @Get('funder')
  funder(@Query() request: ReportRequest, @Caller() caller: AccessContext): Promise<FunderReport> {
    return this.queries.execute(new FunderReportQuery(reportScope(request, caller, this.clock.now())));
  }

  /** The same, as CSV (one row per figure; withheld cells marked). */
  @Get('funder.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  async funderCsv(@Query() request: ReportRequest, @Caller() caller: AccessContext): Promise<string> {
    return reportCsv(await this.funder(request, caller));
  }
}
