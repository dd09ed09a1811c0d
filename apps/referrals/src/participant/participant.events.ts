/** The Participant's domain events, version 1: a pseudonymous identity, its merges and its erasure. */
export type ParticipantEvent =
  ParticipantRegistered | ParticipantMergedInto | ParticipantErasureBegun | ParticipantErased;

export interface ParticipantRegistered {
  type: 'ParticipantRegistered';
  participantId: string;
  jurisdiction: string;
  /**
   * Blind index of name and birth date (see participant-match-key.ts); never the values. Only in registrations stored
   * before erasure existed: it could confirm the person's participation to whoever holds the matching key, and a
   * hash-chained event cannot be changed, so new registrations leave it out (the index is the `participantmatch-`
   * stream alone, which an erasure removes; docs/referrals.md, "Erasure of a participant").
   */
  matchKey?: string;
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

/**
 * A program admin (or the erasure CLI) ordered this person's erasure (`reasonCode`, e.g. `court_order`); the records
 * of the whole person (`participants`: this one and every record merged with it) are being erased. Never a name, a
 * birth date or a match key: the reason is a code, the people are ids.
 */
export interface ParticipantErasureBegun {
  type: 'ParticipantErasureBegun';
  erasureId: string;
  participants: string[];
  reasonCode: string;
  requestedBy: { subject: string; agency: string };
  at: string;
}

/**
 * The erasure is complete for this record: the blind index no longer names it (`indexStreamsRemoved` streams purged;
 * how many, never which) and its data key is destroyed, so every sealed value of it reads as erased.
 */
export interface ParticipantErased {
  type: 'ParticipantErased';
  erasureId: string;
  reasonCode: string;
  indexStreamsRemoved: number;
  at: string;
}
