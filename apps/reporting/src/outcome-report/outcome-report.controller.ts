import { Controller, Get, Inject, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { ServiceClock } from '@lead/scheduling/service';
import { ReportRequest } from '../program-report/report-request.js';
import { reportScope } from '../program-report/report-scope.js';
import type { OutcomeReport } from './outcome-report.js';
import { OutcomeReportQuery } from './outcome-report.query.js';

@Controller('reports')
export class OutcomeReportController {
  constructor(
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(ServiceClock) private readonly clock: ServiceClock,
  ) {}

  /**
   * The UW outcome measures of the participants who entered in the period (their first accepted referral's local
   * day), from the justice-system imports known by `asOf`: arrests, charges and felony charges 183 days before and
   * after entry and over the whole follow-up (paired means and 95% intervals), bookings, jail days and prison
   * admissions per person-year, time to first re-arrest (Kaplan–Meier) beside the comparison cohort's with the
   * log-rank test, and the odds ratio of any arrest within 183 days (docs/reporting-outcomes.md). Program admins get
   * exact figures (and may ask `asOf`); evaluators closed periods with small cells withheld.
   */
  @Get('outcomes')
  outcomes(@Query() request: ReportRequest, @Caller() caller: AccessContext): Promise<OutcomeReport> {
    return this.queries.execute(new OutcomeReportQuery(reportScope(request, caller, this.clock.now())));
  }
}
