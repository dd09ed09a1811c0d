import { DomainRuleViolation, type Decider } from '@lead/event-store/decider';
import type { ParticipantEvent } from './participant.events.js';

export type ParticipantCommand = RegisterParticipant | MergeParticipant;

export interface RegisterParticipant {
  type: 'RegisterParticipant';
  participantId: string;
  jurisdiction: string;
  matchKey: string;
  at: string;
}

/**
 * Records a merge the jurisdiction's merge log has decided (see participant-merge-log.decider.ts, which holds the
 * merge's rules): this record is the same person as `into`.
 */
export interface MergeParticipant {
  type: 'MergeParticipant';
  into: string;
  mergedBy: { subject: string; agency: string };
  reasonCode: string;
  at: string;
}

export type ParticipantState =
  | { status: 'none' }
  | { status: 'registered'; participantId: string; jurisdiction: string }
  | { status: 'merged'; participantId: string; jurisdiction: string; mergedInto: string };

/** The record this one was merged into, or null while it stands. */
export const mergedIntoOf = (state: ParticipantState): string | null =>
  state.status === 'merged' ? state.mergedInto : null;

const rule = (code: string, message: string) => new DomainRuleViolation(code, message);

export const participantDecider: Decider<ParticipantCommand, ParticipantState, ParticipantEvent> = {
  initialState: { status: 'none' },

  decide(command, state) {
    switch (command.type) {
      case 'RegisterParticipant':
        return registerParticipant(command, state);
      case 'MergeParticipant':
        return mergeParticipant(command, state);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ParticipantRegistered':
        return { status: 'registered', participantId: event.participantId, jurisdiction: event.jurisdiction };
      case 'ParticipantMergedInto':
        return state.status === 'none' ? state : { ...state, status: 'merged', mergedInto: event.into };
    }
  },
};

/** Registering is idempotent: it also completes a match key claim whose registration did not happen. */
function registerParticipant(command: RegisterParticipant, state: ParticipantState): ParticipantEvent[] {
  if (state.status !== 'none') return [];
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

function mergeParticipant(command: MergeParticipant, state: ParticipantState): ParticipantEvent[] {
  if (state.status === 'none') throw rule('participant_not_found', 'There is no such participant.');
  if (state.status === 'merged')
    throw rule('already_merged', `This participant was already merged into ${state.mergedInto}.`);
  return [
    {
      type: 'ParticipantMergedInto',
      into: command.into,
      mergedBy: command.mergedBy,
      reasonCode: command.reasonCode,
      at: command.at,
    },
  ];
}
