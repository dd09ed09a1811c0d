import { REASON_CODE } from '@lead/contracts';
import { DomainRuleViolation, type Decider } from '@lead/event-store';
import type { ParticipantEvent } from './participant.events.js';

export type ParticipantCommand = RegisterParticipant | MergeParticipant;

export interface RegisterParticipant {
  type: 'RegisterParticipant';
  participantId: string;
  jurisdiction: string;
  matchKey: string;
  at: string;
}

/** A program admin's decision that two records are one person (matching missed a spelling). */
export interface MergeParticipant {
  type: 'MergeParticipant';
  /** The surviving record, as the handler loaded it. */
  into: { participantId: string; jurisdiction: string; mergedInto: string | null };
  mergedBy: { subject: string; agency: string };
  reasonCode: string;
  at: string;
}

export interface ParticipantState {
  participantId: string | null;
  jurisdiction: string | null;
  mergedInto: string | null;
}

const rule = (code: string, message: string) => new DomainRuleViolation(code, message);

export const participantDecider: Decider<ParticipantCommand, ParticipantState, ParticipantEvent> = {
  initialState: { participantId: null, jurisdiction: null, mergedInto: null },

  decide(command, state) {
    if (command.type === 'RegisterParticipant') {
      if (state.participantId !== null) return [];
      return [
        {
          type: 'ParticipantRegistered',
          participantId: command.participantId,
          jurisdiction: command.jurisdiction,
          matchKey: command.matchKey,
          registeredAt: command.at,
        },
      ];
    }
    if (state.participantId === null) throw rule('participant_not_found', 'There is no such participant.');
    if (command.into.participantId === state.participantId)
      throw rule('merge_into_itself', 'A participant cannot be merged into itself.');
    if (command.into.jurisdiction !== state.jurisdiction)
      throw rule('merge_across_jurisdictions', 'Participants of different jurisdictions are never merged.');
    if (state.mergedInto !== null)
      throw rule('already_merged', `This participant was already merged into ${state.mergedInto}.`);
    if (command.into.mergedInto !== null)
      throw rule('merge_into_merged', 'Merge into the surviving record, not into one that was itself merged.');
    if (!REASON_CODE.test(command.reasonCode))
      throw rule('reason_code_invalid', 'The reason is a code of lower-case letters, digits and _.');
    return [
      {
        type: 'ParticipantMergedInto',
        into: command.into.participantId,
        mergedBy: command.mergedBy,
        reasonCode: command.reasonCode,
        at: command.at,
      },
    ];
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ParticipantRegistered':
        return { ...state, participantId: event.participantId, jurisdiction: event.jurisdiction };
      case 'ParticipantMergedInto':
        return { ...state, mergedInto: event.into };
    }
  },
};
