import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { currentCorrelationId, IfMatchRevision, setRevisionETag } from '@lead/platform';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ReferralEditResult } from '../referral-edit.js';
import { RelinquishCustodyCommand } from './relinquish-custody.command.js';
import { RelinquishCustodyRequest } from './relinquish-custody.request.js';

@Controller('referrals')
export class RelinquishCustodyController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /** Custody passes from the officer to the case manager on scene (arrest diversion). `If-Match` carries the revision the caller decided on. */
  @Post(':referralId/custody-relinquished')
  @HttpCode(200)
  async custodyRelinquished(
    @Param('referralId', new ParseUUIDPipe()) referralId: string,
    @Body() body: RelinquishCustodyRequest,
    @IfMatchRevision() expectedRevision: number | undefined,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<Omit<ReferralEditResult, 'revision'>> {
    const { revision, ...result } = await this.commands.execute<RelinquishCustodyCommand, ReferralEditResult>(
      new RelinquishCustodyCommand(referralId, body, caller, expectedRevision, currentCorrelationId() ?? randomUUID()),
    );
    setRevisionETag(response, revision);
    return result;
  }
}
