import { REASON_CODE } from '@lead/contracts';
import { DomainRuleViolation, type Decider } from '@lead/event-store/decider';
import type { ParticipantMergeLogEvent } from './participant-merge-log.events.js';

/** A participant record as the merge handler loaded it from its own stream. */
export interface MergeCandidate {
  participantId: string;
  jurisdiction: string;
  /** As the record's own stream says; the log may know of a later merge. */
  mergedInto: string | null;
}

/** A program admin's decision that two records of the jurisdiction are one person (matching missed a spelling). */
export interface LogParticipantMerge {
  type: 'LogParticipantMerge';
  /** The record to merge (the caller may see it: the handler answered 404 otherwise). */
  participant: MergeCandidate;
  /** The surviving record, or null when there is none the caller may see. */
  into: MergeCandidate | null;
  mergedBy: { subject: string; agency: string };
  reasonCode: string;
  at: string;
}

export type ParticipantMergeLogCommand = LogParticipantMerge;

export interface ParticipantMergeLogState {
  /** Who was merged into whom, by participant id. */
  mergedInto: ReadonlyMap<string, string>;
}

const rule = (code: string, message: string) => new DomainRuleViolation(code, message);

/**
 * The merges of one jurisdiction, one after another. A merge reads two participant streams and writes one, so two
 * merges deciding at once (A into B, B into A) could both pass on the streams and leave neither record standing.
 * Each merge is therefore decided on the log and appended at the revision it was decided on: of two concurrent
 * merges one conflicts and is re-decided on what the other logged. The log entry and the participant's
 * `ParticipantMergedInto` are two appends: an entry whose participant append never happened (a crash in between)
 * still counts as the merge, and retrying it answers `already_merged`.
 */
export const participantMergeLogDecider: Decider<
  ParticipantMergeLogCommand,
  ParticipantMergeLogState,
  ParticipantMergeLogEvent
> = {
  initialState: { mergedInto: new Map() },

  decide(command, state) {
    return logParticipantMerge(command, state);
  },

  evolve(state, event) {
    return { mergedInto: new Map(state.mergedInto).set(event.participantId, event.into) };
  },
};

function logParticipantMerge(
  command: LogParticipantMerge,
  state: ParticipantMergeLogState,
): ParticipantMergeLogEvent[] {
  const { participant, into } = command;
  if (!into) {
    throw rule('merge_target_not_found', 'There is no participant to merge into with that id in your jurisdictions.');
  }
  if (into.participantId === participant.participantId)
    throw rule('merge_into_itself', 'A participant cannot be merged into itself.');
  if (into.jurisdiction !== participant.jurisdiction)
    throw rule('merge_across_jurisdictions', 'Participants of different jurisdictions are never merged.');
  const merged = state.mergedInto.get(participant.participantId) ?? participant.mergedInto;
  if (merged !== null) throw rule('already_merged', `This participant was already merged into ${merged}.`);
  if ((state.mergedInto.get(into.participantId) ?? into.mergedInto) !== null)
    throw rule('merge_into_merged', 'Merge into the surviving record, not into one that was itself merged.');
  if (!REASON_CODE.test(command.reasonCode))
    throw rule('reason_code_invalid', 'The reason is a code of lower-case letters, digits and _.');
  return [{ type: 'ParticipantMergeLogged', participantId: participant.participantId, into: into.participantId }];
}
