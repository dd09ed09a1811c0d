import { Inject, Injectable } from '@nestjs/common';
import { newEventId, WrongExpectedVersion, type EventMetadata, type EventStore } from '@lead/event-store';
import { EVENT_STORE } from '@lead/platform';
import { createHmac, randomUUID } from 'node:crypto';
import { participantMatchingKey, ReferralsConfig } from '../referrals.config.js';
import { matchKeyStream, participantMatchKey } from './participant-match-key.js';
import { participantStream, ParticipantRepository } from './participant.repository.js';

/** The event that claims a match key for one participant: the first claim of a key wins. */
export const PARTICIPANT_MATCH_KEY_CLAIMED = 'ParticipantMatchKeyClaimed';

export interface ParticipantMatchKeyClaimed {
  participantId: string;
  jurisdiction: string;
}

export interface PersonToMatch {
  jurisdiction: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
}

/**
 * Finds or registers the participant a referral is about, by the blind index of normalised name and
 * birth date within the jurisdiction. Concurrent referrals of one new person race to create the
 * `participantmatch-<key>` stream with `no_stream`; the loser reads the winner's participant id.
 */
@Injectable()
export class ParticipantMatching {
  private readonly matchingKey: Buffer;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
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

  async participantFor(person: PersonToMatch, metadata: EventMetadata): Promise<string> {
    const { jurisdiction } = person;
    const matchKey = participantMatchKey(
      this.jurisdictionSecret(jurisdiction),
      jurisdiction,
      person.givenName,
      person.familyName,
      person.dateOfBirth,
    );
    const stream = matchKeyStream(matchKey);
    let participantId: string = randomUUID();
    let claimed = false;
    try {
      const claim: ParticipantMatchKeyClaimed = { participantId, jurisdiction };
      await this.store.appendToStream(
        stream,
        [
          {
            eventId: newEventId(),
            type: PARTICIPANT_MATCH_KEY_CLAIMED,
            schemaVersion: 1,
            data: claim,
            metadata: { ...metadata, jurisdiction, participantId },
          },
        ],
        'no_stream',
      );
      claimed = true;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersion)) throw error;
      const [first] = await this.store.readStream(stream, { maxCount: 1 });
      participantId = (first.data as ParticipantMatchKeyClaimed).participantId;
    }
    // Registering is idempotent: it also completes a claim whose registration did not happen.
    const at = new Date().toISOString();
    const { state } = await this.participants.handle(
      participantStream(participantId),
      { type: 'RegisterParticipant', participantId, jurisdiction, matchKey, at },
      // A participant id this call just claimed has no stream yet.
      { metadata: { ...metadata, jurisdiction, participantId }, newStream: claimed },
    );
    return this.survivorOf(participantId, state.mergedInto);
  }

  /** Follows merges (A into B, B into C) to the record that survives; a cycle from racing merges stops the walk. */
  private async survivorOf(participantId: string, mergedInto: string | null): Promise<string> {
    const seen = new Set([participantId]);
    let current = participantId;
    let next = mergedInto;
    while (next !== null && !seen.has(next)) {
      seen.add(next);
      current = next;
      next = (await this.participants.load(participantStream(current))).state.mergedInto;
    }
    return current;
  }
}
