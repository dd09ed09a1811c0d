import { Controller, Get, Inject, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { setRevisionETag } from '@lead/platform';
import type { ServerResponse } from 'node:http';
import { GetReferralQuery } from './get-referral.query.js';
import type { ReferralRecord } from './referral-record.js';

@Controller('referrals')
export class GetReferralController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  /**
   * The referral's workflow status; `ETag` is its revision, for the `If-Match` of a following step.
   * Registered after `GET /v1/referrals/counts` (see the module), so `counts` is never taken for an id.
   */
  @Get(':referralId')
  async read(
    @Param('referralId', new ParseUUIDPipe()) referralId: string,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<ReferralRecord> {
    const { record, revision } = await this.queries.execute(new GetReferralQuery(referralId, caller));
    setRevisionETag(response, revision);
    return record;
  }
}
