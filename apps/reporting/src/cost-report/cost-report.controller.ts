import { Controller, Get, Inject, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { ServiceClock } from '@lead/scheduling/service';
import { ReportRequest } from '../program-report/report-request.js';
import { reportScope } from '../program-report/report-scope.js';
import type { CostReport } from './cost-report.js';
import { CostReportQuery } from './cost-report.query.js';

@Controller('reports')
export class CostReportController {
  constructor(
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(ServiceClock) private readonly clock: ServiceClock,
  ) {}

  /**
   * The legal-system cost of the participants who entered in the period (jail, bookings, prosecution, defense,
   * police time, prison) over their follow-up after entry against as many days before, the program's cost per
   * participant-month, and the savings against system-as-usual (the participants' own pre-entry rate), never
   * clamped; every unit cost beside it with its protocol version and whether it is a default or unpublished.
   * Program admins get exact figures (and may ask `asOf`); evaluators closed periods with small cells withheld.
   */
  @Get('cost')
  cost(@Query() request: ReportRequest, @Caller() caller: AccessContext): Promise<CostReport> {
    return this.queries.execute(new CostReportQuery(reportScope(request, caller, this.clock.now())));
  }
}
