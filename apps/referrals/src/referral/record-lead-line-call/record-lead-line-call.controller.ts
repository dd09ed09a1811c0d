import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { currentCorrelationId, IfMatchRevision, setRevisionETag } from '@lead/platform';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ReferralEditResult } from '../referral-edit.js';
import { RecordLeadLineCallCommand } from './record-lead-line-call.command.js';
import { RecordLeadLineCallRequest } from './record-lead-line-call.request.js';

@Controller('referrals')
export class RecordLeadLineCallController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /** The officer's call to the LEAD line: the start of the warm hand-off. `If-Match` carries the revision the caller decided on. */
  @Post(':referralId/lead-line-call')
  @HttpCode(200)
  async leadLineCall(
    @Param('referralId', new ParseUUIDPipe()) referralId: string,
    @Body() body: RecordLeadLineCallRequest,
    @IfMatchRevision() expectedRevision: number | undefined,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<Omit<ReferralEditResult, 'revision'>> {
    const { revision, ...result } = await this.commands.execute<RecordLeadLineCallCommand, ReferralEditResult>(
      new RecordLeadLineCallCommand(referralId, body, caller, expectedRevision, currentCorrelationId() ?? randomUUID()),
    );
    setRevisionETag(response, revision);
    return result;
  }
}
