/** The Participant's domain events, version 1: a pseudonymous identity and its merges. */
export type ParticipantEvent = ParticipantRegistered | ParticipantMergedInto;

export interface ParticipantRegistered {
  type: 'ParticipantRegistered';
  participantId: string;
  jurisdiction: string;
  /** Blind index of name and birth date (see participant-match-key.ts); never the values. */
  matchKey: string;
  registeredAt: string;
}

/** This record turned out to be the same person as `into`; its referrals now count for `into`. */
export interface ParticipantMergedInto {
  type: 'ParticipantMergedInto';
  into: string;
  mergedBy: { subject: string; agency: string };
  reasonCode: string;
  at: string;
}
