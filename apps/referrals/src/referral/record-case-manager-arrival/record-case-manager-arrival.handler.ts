import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { editReferral, type ReferralEditResult } from '../referral-edit.js';
import { ReferralRepository } from '../referral.repository.js';
import { RecordCaseManagerArrivalCommand } from './record-case-manager-arrival.command.js';

@CommandHandler(RecordCaseManagerArrivalCommand)
export class RecordCaseManagerArrivalHandler implements ICommandHandler<
  RecordCaseManagerArrivalCommand,
  ReferralEditResult
> {
  constructor(@Inject(ReferralRepository) private readonly referrals: ReferralRepository) {}

  execute(command: RecordCaseManagerArrivalCommand): Promise<ReferralEditResult> {
    return editReferral(this.referrals, command, {
      type: 'RecordCaseManagerArrival',
      at: command.request.at,
      caseManager: { subject: command.editor.actor.subject, agency: command.editor.actor.agency },
    });
  }
}
