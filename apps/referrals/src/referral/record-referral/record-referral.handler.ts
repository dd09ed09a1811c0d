import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PersonalDataCipher } from '@lead/crypto';
import { JurisdictionRegistry } from '@lead/jurisdictions';
import { randomUUID } from 'node:crypto';
import { RegisterParticipantCommand } from '../../participant/register-participant/register-participant.command.js';
import { admitReferral, eligibilityOf } from '../referral.decider.js';
import { referralStream, ReferralRepository } from '../referral.repository.js';
import { RecordReferralCommand, type RecordReferralResult } from './record-referral.command.js';

/** Whole years from a birth date (YYYY-MM-DD) to an instant, by the calendar. */
export function ageOn(dateOfBirth: string, at: Date): number {
  const [year, month, day] = dateOfBirth.split('-').map(Number);
  let age = at.getUTCFullYear() - year;
  const beforeBirthday = at.getUTCMonth() + 1 < month || (at.getUTCMonth() + 1 === month && at.getUTCDate() < day);
  if (beforeBirthday) age -= 1;
  return age;
}

/**
 * Records a referral: the facts looked up (the protocol version in force when it was made, the age at referral)
 * go to the decider's intake rules first, so a refused referral matches no one and seals nothing; then the person
 * is matched to a participant, identity and probable-cause narrative are sealed with that participant's data key,
 * and the referral is decided and appended on `referral-<id>`.
 */
@CommandHandler(RecordReferralCommand)
export class RecordReferralHandler implements ICommandHandler<RecordReferralCommand, RecordReferralResult> {
  constructor(
    @Inject(JurisdictionRegistry) private readonly jurisdictions: JurisdictionRegistry,
    @Inject(ReferralRepository) private readonly referrals: ReferralRepository,
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
  ) {}

  async execute({ request, actor, correlationId }: RecordReferralCommand): Promise<RecordReferralResult> {
    const referredAt = new Date(request.referredAt);
    const { person, screening } = request;
    const intake = admitReferral({
      jurisdiction: request.jurisdiction,
      protocol: this.jurisdictions.protocolInForce(request.jurisdiction, referredAt) ?? null,
      district: request.district,
      door: request.door,
      referredAt: referredAt.toISOString(),
      referrer: { subject: actor.subject, agency: actor.agency },
      offenseCode: request.offense?.code ?? null,
      area: request.area,
      answers: {
        ageAtReferral: ageOn(person.dateOfBirth, referredAt),
        drugQuantity: screening.drugQuantity
          ? { form: screening.drugQuantity.form, grams: screening.drugQuantity.grams }
          : null,
        deliveryForProfit: screening.deliveryForProfit,
        exploitingMinors: screening.exploitingMinors,
        promotingProstitution: screening.promotingProstitution,
        violentHistory: screening.violentHistory.map((h) => ({ category: h.category, yearsAgo: h.yearsAgo })),
        activeProtectiveOrder: screening.activeProtectiveOrder,
        pendingTreatmentCourtCase: screening.pendingTreatmentCourtCase,
        amenable: screening.amenable,
      },
    });
    const { protocol } = intake;
    const metadata = { correlationId, actor, jurisdiction: protocol.jurisdiction };
    const participantId = await this.commands.execute<RegisterParticipantCommand, string>(
      new RegisterParticipantCommand(
        {
          jurisdiction: protocol.jurisdiction,
          givenName: person.givenName,
          familyName: person.familyName,
          dateOfBirth: person.dateOfBirth,
        },
        metadata,
      ),
    );
    // Both personal values under one lookup of the participant's data key.
    const [identity, probableCause] = await this.cipher.sealEach(participantId, [
      {
        givenName: person.givenName,
        familyName: person.familyName,
        dateOfBirth: person.dateOfBirth,
        ...(person.address !== undefined ? { address: person.address } : {}),
        ...(person.phone !== undefined ? { phone: person.phone } : {}),
      },
      ...(request.offense ? [request.offense.probableCause] : []),
    ]);
    const referralId = randomUUID();
    const result = await this.referrals.handle(
      referralStream(referralId),
      { type: 'RecordReferral', referralId, participantId, intake, identity, probableCause: probableCause ?? null },
      // A referral id minted just above: there is nothing to read.
      { metadata: { ...metadata, participantId }, newStream: true },
    );
    return {
      referralId,
      participantId,
      status: result.state.status,
      eligible: eligibilityOf(result.state) === true,
      protocolVersion: protocol.version,
      revision: result.revision,
    };
  }
}
