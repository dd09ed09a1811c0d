import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { currentCorrelationId, IfMatchRevision, setRevisionETag } from '@lead/platform';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ReferralEditResult } from '../referral-edit.js';
import { AnswerOfferCommand } from './answer-offer.command.js';
import { AnswerOfferRequest } from './answer-offer.request.js';

@Controller('referrals')
export class AnswerOfferController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /** The person's answer to the LEAD offer: a decline closes the referral (normal processing). `If-Match` carries the revision the caller decided on. */
  @Post(':referralId/offer-answer')
  @HttpCode(200)
  async offerAnswer(
    @Param('referralId', new ParseUUIDPipe()) referralId: string,
    @Body() body: AnswerOfferRequest,
    @IfMatchRevision() expectedRevision: number | undefined,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<Omit<ReferralEditResult, 'revision'>> {
    const { revision, ...result } = await this.commands.execute<AnswerOfferCommand, ReferralEditResult>(
      new AnswerOfferCommand(referralId, body, caller, expectedRevision, currentCorrelationId() ?? randomUUID()),
    );
    setRevisionETag(response, revision);
    return result;
  }
}
