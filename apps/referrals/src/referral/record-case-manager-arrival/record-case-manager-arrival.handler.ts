import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { JurisdictionRegistry } from '@lead/jurisdictions';
import { editReferral, type ReferralEditResult, type VisibleReferral } from '../referral-edit.js';
import { ReferralRepository } from '../referral.repository.js';
import { RecordCaseManagerArrivalCommand } from './record-case-manager-arrival.command.js';

/**
 * The case manager's arrival: the referral must be visible to the caller (its jurisdiction, else 404 as if absent);
 * whether the caller's agency is a provider comes from the jurisdiction's configuration (the protocol version in
 * force now, else the referral's own version); the decider refuses any other agency (422 `not_a_provider_agency`).
 */
@CommandHandler(RecordCaseManagerArrivalCommand)
export class RecordCaseManagerArrivalHandler implements ICommandHandler<
  RecordCaseManagerArrivalCommand,
  ReferralEditResult
> {
  constructor(
    @Inject(ReferralRepository) private readonly referrals: ReferralRepository,
    @Inject(JurisdictionRegistry) private readonly jurisdictions: JurisdictionRegistry,
  ) {}

  execute(command: RecordCaseManagerArrivalCommand): Promise<ReferralEditResult> {
    const { subject, agency } = command.editor.actor;
    return editReferral(this.referrals, command, (referral) => ({
      type: 'RecordCaseManagerArrival',
      at: command.request.at,
      caseManager: { subject, agency, agencyIsProvider: this.isProvider(agency, referral) },
    }));
  }

  /**
   * Who is a provider today, never as of the arrival time the caller sends: a backdated arrival must not select an
   * older agency list. An agency is a provider of one jurisdiction only by that jurisdiction's own configuration.
   */
  private isProvider(agency: string, referral: VisibleReferral): boolean {
    const protocol =
      this.jurisdictions.protocolInForce(referral.jurisdiction, new Date()) ??
      this.jurisdictions.version(referral.jurisdiction, referral.requirements.protocolVersion);
    return protocol?.agencies.some((a) => a.id === agency && a.kind === 'provider') ?? false;
  }
}
