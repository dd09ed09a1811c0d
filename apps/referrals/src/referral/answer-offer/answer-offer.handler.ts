import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { editReferral, type ReferralEditResult } from '../referral-edit.js';
import { ReferralRepository } from '../referral.repository.js';
import { AnswerOfferCommand } from './answer-offer.command.js';

@CommandHandler(AnswerOfferCommand)
export class AnswerOfferHandler implements ICommandHandler<AnswerOfferCommand, ReferralEditResult> {
  constructor(@Inject(ReferralRepository) private readonly referrals: ReferralRepository) {}

  execute(command: AnswerOfferCommand): Promise<ReferralEditResult> {
    return editReferral(this.referrals, command, {
      type: 'AnswerOffer',
      accepted: command.request.accepted,
      at: command.request.at,
    });
  }
}
