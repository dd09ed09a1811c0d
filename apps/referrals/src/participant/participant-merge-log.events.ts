/**
 * The merge log's event (`participantmerges-<jurisdiction>`), version 1: a merge takes the jurisdiction's next place
 * in its log before the merged participant's `ParticipantMergedInto` is appended. Stored before this file existed
 * without `type` in its data; the repository reads the type from the envelope.
 */
export interface ParticipantMergeLogged {
  type: 'ParticipantMergeLogged';
  participantId: string;
  into: string;
}

export type ParticipantMergeLogEvent = ParticipantMergeLogged;
