import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PersonalDataCipher } from '@lead/crypto';
import { DomainRuleViolation } from '@lead/event-store';
import { JurisdictionRegistry } from '@lead/jurisdictions';
import { randomUUID } from 'node:crypto';
import { ParticipantMatching } from '../../participant/participant-matching.js';
import { assertRecordable } from '../referral.decider.js';
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
 * Records a referral: the protocol version in force when it was made, the door rules checked before
 * anything is written, the person matched to a participant, identity and probable-cause narrative
 * sealed with that participant's data key, then decide and append on `referral-<id>`.
 */
@CommandHandler(RecordReferralCommand)
export class RecordReferralHandler implements ICommandHandler<RecordReferralCommand, RecordReferralResult> {
  constructor(
    @Inject(JurisdictionRegistry) private readonly jurisdictions: JurisdictionRegistry,
    @Inject(ReferralRepository) private readonly referrals: ReferralRepository,
    @Inject(ParticipantMatching) private readonly matching: ParticipantMatching,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
  ) {}

  async execute({ request, actor, correlationId }: RecordReferralCommand): Promise<RecordReferralResult> {
    const referredAt = new Date(request.referredAt);
    const protocol = this.jurisdictions.protocolInForce(request.jurisdiction, referredAt);
    if (!protocol) {
      throw new DomainRuleViolation(
        'no_protocol_in_force',
        `No protocol of ${request.jurisdiction} was in force on ${request.referredAt}.`,
      );
    }
    const referrer = { subject: actor.subject, agency: actor.agency };
    assertRecordable(
      { protocol, door: request.door, referrer, district: request.district },
      request.offense !== undefined,
    );
    const { person } = request;
    const ageAtReferral = ageOn(person.dateOfBirth, referredAt);
    if (ageAtReferral < 0)
      throw new DomainRuleViolation('born_after_referral', 'The date of birth is after the referral.');

    const metadata = { correlationId, actor, jurisdiction: protocol.jurisdiction };
    const participantId = await this.matching.participantFor(
      {
        jurisdiction: protocol.jurisdiction,
        givenName: person.givenName,
        familyName: person.familyName,
        dateOfBirth: person.dateOfBirth,
      },
      metadata,
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
    const offense = request.offense ? { code: request.offense.code, probableCause } : null;
    const { screening } = request;
    const referralId = randomUUID();
    const result = await this.referrals.handle(
      referralStream(referralId),
      {
        type: 'RecordReferral',
        referralId,
        participantId,
        protocol,
        district: request.district,
        door: request.door,
        referredAt: referredAt.toISOString(),
        referrer,
        offense,
        identity,
        area: request.area,
        answers: {
          ageAtReferral,
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
      },
      // A referral id minted just above: there is nothing to read.
      { metadata: { ...metadata, participantId }, newStream: true },
    );
    return {
      referralId,
      participantId,
      status: result.state.status,
      eligible: result.state.eligible === true,
      protocolVersion: protocol.version,
      revision: result.revision,
    };
  }
}
