import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ERASED, ParticipantDataErased, PersonalDataCipher, type SealedValue } from '@lead/crypto';
import {
  DomainRuleViolation,
  StreamNotFound,
  WrongExpectedVersion,
  type EventStore,
  type RecordedEvent,
} from '@lead/event-store';
import { JurisdictionRegistry } from '@lead/jurisdictions';
import { EVENT_STORE, type IdempotentRequest } from '@lead/platform';
import { randomUUID } from 'node:crypto';
import { ParticipantRegistration } from '../../participant/register-participant/participant-registration.js';
import { admitReferral, eligibilityOf, type ReferralState } from '../referral.decider.js';
import type { ReferralRecorded } from '../referral.events.js';
import { referralStream, ReferralRepository } from '../referral.repository.js';
import { arrestScope } from '../expunge-arrest/arrest-scope.js';
import { RecordReferralCommand, type RecordReferralResult } from './record-referral.command.js';
import {
  referralIdentityBeforeJurisdictionScope,
  referralIdentityOf,
  type ReferralIdentity,
} from './referral-identity.js';

/** How often a referral is re-decided after another writer claimed the person's match key first. */
const MAX_CONFLICTS = 3;

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
 * and the match key's claim, the participant's registration and the referral are appended in ONE atomic append:
 * a crash leaves all of them or none.
 *
 * With an `Idempotency-Key` the referral's ids derive from the key (referral-identity.ts), and the request's digest
 * is sealed into the referral's metadata: a retry, however the first attempt ended, finds that referral and answers
 * it again (the same ids, nothing appended), or is refused when the key came with another request.
 */
@CommandHandler(RecordReferralCommand)
export class RecordReferralHandler implements ICommandHandler<RecordReferralCommand, RecordReferralResult> {
  constructor(
    @Inject(JurisdictionRegistry) private readonly jurisdictions: JurisdictionRegistry,
    @Inject(ReferralRepository) private readonly referrals: ReferralRepository,
    @Inject(ParticipantRegistration) private readonly registration: ParticipantRegistration,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ request, actor, correlationId, idempotency }: RecordReferralCommand): Promise<RecordReferralResult> {
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
      ...(typeof request.aggrievedPartyPresent === 'boolean' && {
        aggrievedPartyPresent: request.aggrievedPartyPresent,
      }),
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
    const identity = referralIdentityOf(idempotency, randomUUID);
    // Where a retry of a referral keyed before keys were scoped by jurisdictions too finds it (referral-identity.ts).
    const earlierIdentity = idempotency && referralIdentityBeforeJurisdictionScope(actor, idempotency);
    const stream = referralStream(identity.referralId);
    const metadata = { correlationId, actor, jurisdiction: protocol.jurisdiction };
    let conflict: WrongExpectedVersion | undefined;
    for (let attempt = 0; attempt <= MAX_CONFLICTS; attempt++) {
      const match = await this.registration.match(
        {
          jurisdiction: protocol.jurisdiction,
          givenName: person.givenName,
          familyName: person.familyName,
          dateOfBirth: person.dateOfBirth,
        },
        identity.newParticipantId,
        metadata,
        // Most people are new: the first attempt reads nothing; a claimed key conflicts and is read on the next.
        { assumeNew: attempt === 0 },
      );
      const { participantId } = match;
      // The narrative under a key of this arrest alone (destroyed when the arrest is expunged), inside the
      // participant's layer like every personal value (so erasing the person erases it too).
      // The screening answers likewise: an arrest's are details of that arrest, erased with its expungement.
      const [narrative, arrestAnswers] = request.offense
        ? await this.cipher.sealScopedEach(arrestScope(identity.referralId), participantId, [
            request.offense.probableCause,
            intake.answers,
          ])
        : [undefined, undefined];
      // Every personal value under one lookup of the participant's data key.
      const sealed = this.cipher.sealEach(
        participantId,
        [
          {
            givenName: person.givenName,
            familyName: person.familyName,
            dateOfBirth: person.dateOfBirth,
            ...(person.address !== undefined ? { address: person.address } : {}),
            ...(person.phone !== undefined ? { phone: person.phone } : {}),
          },
          ...(narrative ? [narrative] : []),
          // A social contact's answers are the person's (no arrest): under the participant's key alone.
          arrestAnswers ?? intake.answers,
          // Sealed, not in clear: the digest of a body holding a name and birth date could confirm a guess at them.
          ...(idempotency ? [idempotency.requestHash] : []),
        ],
        { newParticipant: match.isNew },
      );
      const sealedValues = await sealed.catch(async (error: unknown) => {
        // A retry of a keyed referral whose participant was erased since: answered as what it is, not as a new one.
        if (!(error instanceof ParticipantDataErased)) throw error;
        if (idempotency) await this.earlierReferral(identity, 1, idempotency);
        if (idempotency && earlierIdentity) await this.earlierReferral(earlierIdentity, 1, idempotency);
        // The claim read named a participant being erased: an erasure removes the claim before it shreds the key
        // (participant-erasure.ts), so the claim is read again and the person is recorded as new. Never answered as
        // "erased": that would tell the caller this name and birth date belonged to an erased participant.
        return undefined;
      });
      if (!sealedValues) {
        conflict = new WrongExpectedVersion(stream, 'no_stream', 'no_stream');
        continue;
      }
      const [sealedIdentity, ...rest] = sealedValues;
      const probableCause = request.offense ? rest.shift()! : null;
      const sealedAnswers = rest.shift()!;
      const sealedRequest = idempotency ? rest.shift()! : undefined;
      const referral = this.referrals.prepare(
        stream,
        {
          type: 'RecordReferral',
          referralId: identity.referralId,
          participantId,
          intake,
          identity: sealedIdentity,
          probableCause,
          sealedAnswers,
        },
        { state: this.referrals.initialState, revision: 'no_stream' },
        {
          metadata: {
            ...metadata,
            participantId,
            ...(sealedRequest ? { idempotency: { request: sealedRequest } } : {}),
          },
        },
      );
      // A referral keyed before the change was recorded for a person known now (its append registered them, or they
      // were known already), so only then can it exist: one read of a stream that is missing almost always.
      if (idempotency && earlierIdentity && !match.isNew) {
        const earlier = await this.earlierReferral(earlierIdentity, referral.events.length, idempotency);
        if (earlier) return earlier;
      }
      try {
        const results = await this.store.appendToStreams([
          ...match.writes.map((write) => write.append),
          referral.append,
        ]);
        return resultOf(identity.referralId, referral.state, results[results.length - 1].nextExpectedRevision, false);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersion)) throw error;
        // A retry of a keyed referral already stored (by the request this retries, or by one racing it). A conflict
        // on the match key comes first (streams are checked in id order): the next attempt reads the claim, which
        // then names this key's own participant, and meets the referral's conflict.
        if (idempotency && error.streamId === stream) {
          const earlier = await this.earlierReferral(identity, referral.events.length, idempotency);
          if (earlier) return earlier;
        }
        conflict = error;
      }
    }
    throw conflict!;
  }

  /**
   * The referral a keyed request already recorded, as that request answered it: the state and revision its own
   * append left. That append began the stream (`no_stream`, atomically), and the same request decides the same
   * number of events, so they are the stream's first `firstAppendLength`; later steps do not change the answer.
   * Refused when the key was sent with another request.
   */
  private async earlierReferral(
    identity: ReferralIdentity,
    firstAppendLength: number,
    idempotency: IdempotentRequest,
  ): Promise<RecordReferralResult | undefined> {
    let recorded: RecordedEvent[];
    try {
      recorded = await this.store.readStream(referralStream(identity.referralId), { maxCount: firstAppendLength });
    } catch (error) {
      if (error instanceof StreamNotFound) return undefined;
      throw error;
    }
    const first = recorded[0]?.data as ReferralRecorded | undefined;
    const sealed = (recorded[0]?.metadata.idempotency as { request?: SealedValue } | undefined)?.request;
    const digest = first && sealed ? await this.cipher.open(first.participantId, sealed) : undefined;
    if (digest === ERASED) {
      throw new DomainRuleViolation(
        'referral_erased',
        'The referral this Idempotency-Key recorded belongs to a participant whose personal data was erased; it is not answered again.',
      );
    }
    if (digest === undefined || digest !== idempotency.requestHash) {
      throw new DomainRuleViolation(
        'idempotency_key_reused',
        'This Idempotency-Key was already used for a different request; use a new key for a new request.',
      );
    }
    return resultOf(
      identity.referralId,
      this.referrals.fold(recorded),
      recorded[recorded.length - 1].streamRevision,
      true,
    );
  }
}

function resultOf(referralId: string, state: ReferralState, revision: number, replayed: boolean): RecordReferralResult {
  if (state.status === 'none') throw new Error('A recorded referral has a status.');
  return {
    referralId,
    participantId: state.participantId,
    status: state.status,
    eligible: eligibilityOf(state) === true,
    protocolVersion: state.requirements.protocolVersion,
    revision,
    replayed,
  };
}
