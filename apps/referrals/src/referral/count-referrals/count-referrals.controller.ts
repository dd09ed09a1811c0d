import { Controller, Get, Inject, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { CountReferralsQuery, type ReferralCountsReport } from './count-referrals.query.js';
import { CountReferralsRequest } from './count-referrals.request.js';

@Controller('referrals')
export class CountReferralsController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  /**
   * Referral counts by jurisdiction × door × outcome over a referral-time range, in the caller's jurisdictions.
   * Evaluators get small cells (1–10) withheld as `null`.
   */
  @Get('counts')
  counts(@Query() filter: CountReferralsRequest, @Caller() caller: AccessContext): Promise<ReferralCountsReport> {
    return this.queries.execute(new CountReferralsQuery(filter, caller.jurisdictions, caller.role === 'evaluator'));
  }
}
