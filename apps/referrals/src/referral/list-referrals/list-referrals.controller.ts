import { Controller, Get, Inject, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { ListReferralsQuery, type ReferralPage } from './list-referrals.query.js';
import { ListReferralsRequest } from './list-referrals.request.js';

@Controller('referrals')
export class ListReferralsController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  /** Referrals in the caller's jurisdictions, newest first: officers see their agency's, program admins all. */
  @Get()
  list(@Query() filter: ListReferralsRequest, @Caller() caller: AccessContext): Promise<ReferralPage> {
    return this.queries.execute(new ListReferralsQuery(filter, caller));
  }
}
