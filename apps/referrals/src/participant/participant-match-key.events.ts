/**
 * The match-key stream's event (`participantmatch-<key>`), version 1: the first claim of a key names the participant
 * every later referral of the same person is linked to. Stored before this file existed without `type` in its data;
 * the repository reads the type from the envelope.
 */
export interface ParticipantMatchKeyClaimed {
  type: 'ParticipantMatchKeyClaimed';
  participantId: string;
  jurisdiction: string;
}

export type ParticipantMatchKeyEvent = ParticipantMatchKeyClaimed;
