import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { editReferral, type ReferralEditResult } from '../referral-edit.js';
import { ReferralRepository } from '../referral.repository.js';
import { RecordLeadLineCallCommand } from './record-lead-line-call.command.js';

@CommandHandler(RecordLeadLineCallCommand)
export class RecordLeadLineCallHandler implements ICommandHandler<RecordLeadLineCallCommand, ReferralEditResult> {
  constructor(@Inject(ReferralRepository) private readonly referrals: ReferralRepository) {}

  execute(command: RecordLeadLineCallCommand): Promise<ReferralEditResult> {
    return editReferral(this.referrals, command, { type: 'RecordLeadLineCall', at: command.request.at });
  }
}
