import { Inject, Injectable } from '@nestjs/common';
import type { EventMetadata, PreparedWrite } from '@lead/event-store';
import { createHmac } from 'node:crypto';
import { participantMatchingKey, ReferralsConfig } from '../../referrals.config.js';
import { claimantOf } from '../participant-match-key.decider.js';
import { matchKeyStream, participantMatchKey } from '../participant-match-key.js';
import { ParticipantMatchKeyRepository } from '../participant-match-key.repository.js';
import { mergedIntoOf } from '../participant.decider.js';
import { participantStream, ParticipantRepository } from '../participant.repository.js';
import { survivorOf } from '../participant-survivor.js';

/** The person a referral is about, as the officer wrote them. */
export interface PersonToMatch {
  jurisdiction: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
}

/** Whom a referral counts for, and what must be stored with the referral to make it so. */
export interface ParticipantMatch {
  /** The participant the referral names: the surviving record when the match was merged. */
  participantId: string;
  /** True when the writes claim the key for `candidate`: a participant nobody has sealed anything for yet. */
  isNew: boolean;
  /** The match key's claim and the registration, to be appended atomically with the referral; none for a known person. */
  writes: PreparedWrite<unknown, unknown>[];
}

/**
 * Finds or registers the participant a referral is about, by the blind index of normalised name and birth date
 * within the jurisdiction (the `participantmatch-<key>` stream: its first claim wins, so concurrent first referrals
 * of one new person get one participant). It decides; the record-referral handler appends its writes with the
 * referral's in one atomic append, so a claim never exists without its participant and referral.
 */
@Injectable()
export class ParticipantRegistration {
  private readonly matchingKey: Buffer;

  constructor(
    @Inject(ParticipantMatchKeyRepository) private readonly matchKeys: ParticipantMatchKeyRepository,
    @Inject(ParticipantRepository) private readonly participants: ParticipantRepository,
    @Inject(ReferralsConfig) config: ReferralsConfig,
  ) {
    this.matchingKey = participantMatchingKey(config);
  }

  /** Each jurisdiction's own matching secret, so keys of different jurisdictions never relate. */
  jurisdictionSecret(jurisdiction: string): Buffer {
    return createHmac('sha256', this.matchingKey)
      .update(`lead-participant-matching/v1\n${jurisdiction}`, 'utf8')
      .digest();
  }

  /**
   * `candidate` is the id a new participant gets (never derived from the match key: referral-identity.ts). With `assumeNew`, nothing is read: most people are new, and should
   * the key be claimed after all, the atomic append conflicts and the caller asks again without it. Otherwise the
   * claim is read; a claimed key names its participant, whose registration is completed if an earlier,
   * non-atomic write (EventStoreDB) stored the claim alone, and whose merges are followed to the survivor.
   */
  async match(
    person: PersonToMatch,
    candidate: string,
    metadata: EventMetadata,
    options: { assumeNew: boolean },
  ): Promise<ParticipantMatch> {
    const { jurisdiction } = person;
    const matchKey = participantMatchKey(
      this.jurisdictionSecret(jurisdiction),
      jurisdiction,
      person.givenName,
      person.familyName,
      person.dateOfBirth,
    );
    const keyStream = matchKeyStream(matchKey);
    const claimed = options.assumeNew
      ? { state: this.matchKeys.initialState, revision: 'no_stream' as const }
      : await this.matchKeys.load(keyStream);
    const claim = this.matchKeys.prepare(
      keyStream,
      { type: 'ClaimMatchKey', participantId: candidate, jurisdiction },
      claimed,
      { metadata: { ...metadata, jurisdiction, participantId: candidate } },
    );
    const participantId = claimantOf(claim.state);
    const isNew = claim.events.length > 0;
    const current = isNew
      ? { state: this.participants.initialState, revision: 'no_stream' as const }
      : await this.participants.load(participantStream(participantId));
    const registration = this.participants.prepare(
      participantStream(participantId),
      { type: 'RegisterParticipant', participantId, jurisdiction, at: new Date().toISOString() },
      current,
      { metadata: { ...metadata, jurisdiction, participantId } },
    );
    const writes = [claim, registration].filter((write) => write.events.length > 0);
    const first = mergedIntoOf(registration.state);
    const survivor = await survivorOf(participantId, (id) =>
      id === participantId ? Promise.resolve(first) : this.participants.mergedInto(id),
    );
    return { participantId: survivor, isNew, writes };
  }
}
