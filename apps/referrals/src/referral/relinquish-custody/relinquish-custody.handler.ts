import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { editReferral, type ReferralEditResult } from '../referral-edit.js';
import { ReferralRepository } from '../referral.repository.js';
import { RelinquishCustodyCommand } from './relinquish-custody.command.js';

@CommandHandler(RelinquishCustodyCommand)
export class RelinquishCustodyHandler implements ICommandHandler<RelinquishCustodyCommand, ReferralEditResult> {
  constructor(@Inject(ReferralRepository) private readonly referrals: ReferralRepository) {}

  execute(command: RelinquishCustodyCommand): Promise<ReferralEditResult> {
    return editReferral(this.referrals, command, { type: 'RelinquishCustody', at: command.request.at });
  }
}
