import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { editReferral, type ReferralEditResult } from '../referral-edit.js';
import { ReferralRepository } from '../referral.repository.js';
import { RecordAggrievedPartyAgreementCommand } from './record-aggrieved-party-agreement.command.js';

@CommandHandler(RecordAggrievedPartyAgreementCommand)
export class RecordAggrievedPartyAgreementHandler implements ICommandHandler<
  RecordAggrievedPartyAgreementCommand,
  ReferralEditResult
> {
  constructor(@Inject(ReferralRepository) private readonly referrals: ReferralRepository) {}

  execute(command: RecordAggrievedPartyAgreementCommand): Promise<ReferralEditResult> {
    return editReferral(this.referrals, command, {
      type: 'RecordAggrievedPartyAgreement',
      agreed: command.request.agreed,
      at: command.request.at,
    });
  }
}
