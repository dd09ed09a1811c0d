import { Controller, Get, Inject, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { setRevisionETag } from '@lead/platform';
import type { ServerResponse } from 'node:http';
import { matterIdFor } from '../prosecution-matter.repository.js';
import { GetMatterQuery } from './get-matter.query.js';
import type { MatterRecord } from './matter-record.js';

@Controller()
export class GetMatterController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  /** A prosecution matter: the held charge, the officer's screening, the prosecutor's decision. `ETag` is its revision. */
  @Get('matters/:matterId')
  async read(
    @Param('matterId', new ParseUUIDPipe()) matterId: string,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<MatterRecord> {
    return this.answer(matterId, caller, response);
  }

  /** The matter a referral opened (its id is derived from the referral's), for a prosecutor who holds the referral id. */
  @Get('referrals/:referralId/matter')
  async ofReferral(
    @Param('referralId', new ParseUUIDPipe()) referralId: string,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<MatterRecord> {
    return this.answer(matterIdFor(referralId), caller, response);
  }

  private async answer(matterId: string, caller: AccessContext, response: ServerResponse): Promise<MatterRecord> {
    const { record, revision } = await this.queries.execute(new GetMatterQuery(matterId, caller));
    setRevisionETag(response, revision);
    return record;
  }
}
