import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import {
  currentCorrelationId,
  IdempotentByEffect,
  IdempotentRequestOf,
  setRevisionETag,
  type IdempotentRequest,
} from '@lead/platform';
import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { RecordReferralCommand, type RecordReferralResult } from './record-referral.command.js';
import { RecordReferralRequest } from './record-referral.request.js';

export type RecordReferralResponse = Omit<RecordReferralResult, 'revision' | 'replayed'>;

@Controller('referrals')
export class RecordReferralController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /**
   * An officer's referral from the field; answered with its id, participant, status and screening. Idempotent by
   * its effect: a retry with the same `Idempotency-Key` answers the referral it recorded, even after a crash.
   */
  @Post()
  @HttpCode(201)
  @IdempotentByEffect()
  async record(
    @Body() body: RecordReferralRequest,
    @Caller() caller: AccessContext,
    @IdempotentRequestOf() idempotency: IdempotentRequest | undefined,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<RecordReferralResponse> {
    caller.assertJurisdiction(body.jurisdiction);
    const { revision, replayed, ...result } = await this.commands.execute<RecordReferralCommand, RecordReferralResult>(
      new RecordReferralCommand(body, caller.actor, currentCorrelationId() ?? randomUUID(), idempotency),
    );
    setRevisionETag(response, revision);
    if (replayed) response.setHeader('Idempotent-Replayed', 'true');
    return result;
  }
}
