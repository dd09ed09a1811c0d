import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { currentCorrelationId, IfMatchRevision, setRevisionETag } from '@lead/platform';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ReferralEditResult } from '../referral-edit.js';
import { RecordAggrievedPartyAgreementCommand } from './record-aggrieved-party-agreement.command.js';
import { RecordAggrievedPartyAgreementRequest } from './record-aggrieved-party-agreement.request.js';

@Controller('referrals')
export class RecordAggrievedPartyAgreementController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /** The aggrieved party's agreement, where the protocol in force requires it. `If-Match` carries the revision the caller decided on. */
  @Post(':referralId/aggrieved-party-agreement')
  @HttpCode(200)
  async aggrievedPartyAgreement(
    @Param('referralId', new ParseUUIDPipe()) referralId: string,
    @Body() body: RecordAggrievedPartyAgreementRequest,
    @IfMatchRevision() expectedRevision: number | undefined,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<Omit<ReferralEditResult, 'revision'>> {
    const { revision, ...result } = await this.commands.execute<
      RecordAggrievedPartyAgreementCommand,
      ReferralEditResult
    >(
      new RecordAggrievedPartyAgreementCommand(
        referralId,
        body,
        caller,
        expectedRevision,
        currentCorrelationId() ?? randomUUID(),
      ),
    );
    setRevisionETag(response, revision);
    return result;
  }
}
