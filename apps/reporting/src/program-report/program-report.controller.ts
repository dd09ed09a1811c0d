import { Controller, Get, Header, Inject, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { ServiceClock } from '@lead/scheduling/service';
import { reportCsv } from '../report-csv/report-csv.js';
import type { ProgramReport } from './program-report.js';
import { ProgramReportQuery } from './program-report.query.js';
import { ReportRequest } from './report-request.js';
import { reportScope } from './report-scope.js';

@Controller('reports')
export class ProgramReportController {
  constructor(
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(ServiceClock) private readonly clock: ServiceClock,
  ) {}

  /**
   * The program report of one jurisdiction and period: the funnel from referral to enrolment (by door and district,
   * screening by criterion, the prosecutor's decisions and overrides, the offer, enrolment, hand-off times), intakes
   * within their deadline, participants by engagement at each month's end, service connections and their closed loops,
   * exits by reason, charges declined, released and filed, sealing by custodian. Aggregates only. Program admins get
   * exact figures (and may ask `asOf`); evaluators closed periods with small cells withheld.
   */
  @Get('program')
  program(@Query() request: ReportRequest, @Caller() caller: AccessContext): Promise<ProgramReport> {
    return this.queries.execute(new ProgramReportQuery(reportScope(request, caller, this.clock.now())));
  }

  /** The program report as CSV, for the quarterly program summary (one row per figure; withheld cells marked). */
  @Get('program.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  async programCsv(@Query() request: ReportRequest, @Caller() caller: AccessContext): Promise<string> {
    return reportCsv(await this.program(request, caller));
  }
}
