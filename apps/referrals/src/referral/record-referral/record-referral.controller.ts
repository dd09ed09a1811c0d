import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { currentCorrelationId, setRevisionETag } from '@lead/platform';
import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { RecordReferralCommand, type RecordReferralResult } from './record-referral.command.js';
import { RecordReferralRequest } from './record-referral.request.js';

export type RecordReferralResponse = Omit<RecordReferralResult, 'revision'>;

@Controller('referrals')
export class RecordReferralController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /** An officer's referral from the field; answered with its id, participant, status and screening. */
  @Post()
  @HttpCode(201)
  async record(
    @Body() body: RecordReferralRequest,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<RecordReferralResponse> {
    caller.assertJurisdiction(body.jurisdiction);
    const { revision, ...result } = await this.commands.execute<RecordReferralCommand, RecordReferralResult>(
      new RecordReferralCommand(body, caller.actor, currentCorrelationId() ?? randomUUID()),
    );
    setRevisionETag(response, revision);
    return result;
  }
}
