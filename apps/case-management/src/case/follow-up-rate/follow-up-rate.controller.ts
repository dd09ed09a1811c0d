import { Controller, Get, Inject, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { FollowUpRateQuery, type FollowUpRateReport } from './follow-up-rate.query.js';
import { FollowUpRateRequest } from './follow-up-rate.request.js';

@Controller('cases')
export class FollowUpRateController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  /**
   * Per program (jurisdiction × provider, and the instrument version its cases follow): the share of intakes
   * followed up inside the instrument's reassessment window, against the 80% target. A program admin sees their
   * jurisdictions' programs, a supervisor their provider's.
   */
  @Get('follow-up-rate')
  rate(@Query() filter: FollowUpRateRequest, @Caller() caller: AccessContext): Promise<FollowUpRateReport> {
    return this.queries.execute(new FollowUpRateQuery(filter, caller));
  }
}
