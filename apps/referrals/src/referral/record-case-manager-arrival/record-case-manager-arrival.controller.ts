import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { currentCorrelationId, IfMatchRevision, setRevisionETag } from '@lead/platform';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ReferralEditResult } from '../referral-edit.js';
import { RecordCaseManagerArrivalCommand } from './record-case-manager-arrival.command.js';
import { RecordCaseManagerArrivalRequest } from './record-case-manager-arrival.request.js';

@Controller('referrals')
export class RecordCaseManagerArrivalController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /** The case manager's arrival on scene; the case manager is the caller (from the token), never a field. `If-Match` carries the revision the caller decided on. */
  @Post(':referralId/case-manager-arrival')
  @HttpCode(200)
  async caseManagerArrival(
    @Param('referralId', new ParseUUIDPipe()) referralId: string,
    @Body() body: RecordCaseManagerArrivalRequest,
    @IfMatchRevision() expectedRevision: number | undefined,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<Omit<ReferralEditResult, 'revision'>> {
    const { revision, ...result } = await this.commands.execute<RecordCaseManagerArrivalCommand, ReferralEditResult>(
      new RecordCaseManagerArrivalCommand(
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
