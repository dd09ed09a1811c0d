import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { createHmac, randomUUID } from 'node:crypto';
import { participantMatchingKey, ReferralsConfig } from '../../referrals.config.js';
import { claimantOf } from '../participant-match-key.decider.js';
import { matchKeyStream, participantMatchKey } from '../participant-match-key.js';
import { ParticipantMatchKeyRepository } from '../participant-match-key.repository.js';
import { mergedIntoOf } from '../participant.decider.js';
import { participantStream, ParticipantRepository } from '../participant.repository.js';
import { survivorOf } from '../participant-survivor.js';
import { RegisterParticipantCommand } from './register-participant.command.js';

/**
 * Finds or registers the participant a referral is about, by the blind index of normalised name and birth date
 * within the jurisdiction: claims the key's `participantmatch-<key>` stream for a fresh participant id (the first
 * claim wins, so concurrent first referrals of one new person get one participant), registers the claimant
 * (idempotent: it also completes a claim whose registration never happened), then follows merges to the survivor.
 */
@CommandHandler(RegisterParticipantCommand)
export class RegisterParticipantHandler implements ICommandHandler<RegisterParticipantCommand, string> {
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

  async execute({ person, metadata }: RegisterParticipantCommand): Promise<string> {
    const { jurisdiction } = person;
    const matchKey = participantMatchKey(
      this.jurisdictionSecret(jurisdiction),
      jurisdiction,
      person.givenName,
      person.familyName,
      person.dateOfBirth,
    );
    const minted = randomUUID();
    const claim = await this.matchKeys.handle(
      matchKeyStream(matchKey),
      { type: 'ClaimMatchKey', participantId: minted, jurisdiction },
      // Most people are new: claim without reading; a key claimed before conflicts and is re-decided on that claim.
      { metadata: { ...metadata, jurisdiction, participantId: minted }, newStream: true },
    );
    const participantId = claimantOf(claim.state);
    const registered = await this.participants.handle(
      participantStream(participantId),
      { type: 'RegisterParticipant', participantId, jurisdiction, matchKey, at: new Date().toISOString() },
      // A participant id this call just claimed has no stream yet.
      { metadata: { ...metadata, jurisdiction, participantId }, newStream: claim.events.length > 0 },
    );
    const first = mergedIntoOf(registered.state);
    return survivorOf(participantId, (id) =>
      id === participantId ? Promise.resolve(first) : this.participants.mergedInto(id),
    );
  }
}
