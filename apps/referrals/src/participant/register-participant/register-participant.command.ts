import type { EventMetadata } from '@lead/event-store';

/** The person a referral is about, as the officer wrote them. */
export interface PersonToMatch {
  jurisdiction: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
}

/**
 * Finds or registers the participant a referral is about (run by the record-referral handler once the referral is
 * admitted). Answers the participant id the referral counts for: the surviving record when the match was merged.
 */
export class RegisterParticipantCommand {
  constructor(
    readonly person: PersonToMatch,
    /** The referral's request: who, and under which correlation id. */
    readonly metadata: EventMetadata,
  ) {}
}
