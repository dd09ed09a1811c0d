import { DomainRuleViolation, type Decider } from '@lead/event-store/decider';
import type { ParticipantEvent } from './participant.events.js';

export type ParticipantCommand = RegisterParticipant | MergeParticipant | BeginErasure | CompleteErasure;

/** Registers a participant under a new id; the blind index is the match key's claim, not part of this record. */
export interface RegisterParticipant {
  type: 'RegisterParticipant';
  participantId: string;
  jurisdiction: string;
  at: string;
}

/** Erasure of the whole person (participant-erasure.ts): recorded on every record of the person before anything is removed. */
export interface BeginErasure {
  type: 'BeginErasure';
  erasureId: string;
  participants: string[];
  reasonCode: string;
  requestedBy: { subject: string; agency: string };
  at: string;
}

/** The blind index is purged and the data key shredded: the erasure of this record is done. */
export interface CompleteErasure {
  type: 'CompleteErasure';
  indexStreamsRemoved: number;
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

/** Where an erasure of the record stands: none, begun (its erasure id and reason), or done. */
export type ErasureState = { status: 'none' } | { status: 'begun' | 'erased'; erasureId: string; reasonCode: string };

export type ParticipantState =
  | { status: 'none' }
  | { status: 'registered'; participantId: string; jurisdiction: string; erasure: ErasureState }
  | { status: 'merged'; participantId: string; jurisdiction: string; mergedInto: string; erasure: ErasureState };

/** The record this one was merged into, or null while it stands. */
export const mergedIntoOf = (state: ParticipantState): string | null =>
  state.status === 'merged' ? state.mergedInto : null;

/** Whether an erasure of the record was begun (and perhaps completed). */
export const erasureOf = (state: ParticipantState): ErasureState =>
  state.status === 'none' ? { status: 'none' } : state.erasure;

const rule = (code: string, message: string) => new DomainRuleViolation(code, message);

export const participantDecider: Decider<ParticipantCommand, ParticipantState, ParticipantEvent> = {
  initialState: { status: 'none' },

  decide(command, state) {
    switch (command.type) {
      case 'RegisterParticipant':
        return registerParticipant(command, state);
      case 'MergeParticipant':
        return mergeParticipant(command, state);
      case 'BeginErasure':
        return beginErasure(command, state);
      case 'CompleteErasure':
        return completeErasure(command, state);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ParticipantRegistered':
        return {
          status: 'registered',
          participantId: event.participantId,
          jurisdiction: event.jurisdiction,
          erasure: { status: 'none' },
        };
      case 'ParticipantMergedInto':
        return state.status === 'none' ? state : { ...state, status: 'merged', mergedInto: event.into };
      case 'ParticipantErasureBegun':
        return state.status === 'none'
          ? state
          : { ...state, erasure: { status: 'begun', erasureId: event.erasureId, reasonCode: event.reasonCode } };
      case 'ParticipantErased':
        return state.status === 'none' || state.erasure.status === 'none'
          ? state
          : { ...state, erasure: { ...state.erasure, status: 'erased' } };
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
      registeredAt: command.at,
    },
  ];
}

function mergeParticipant(command: MergeParticipant, state: ParticipantState): ParticipantEvent[] {
  if (state.status === 'none') throw rule('participant_not_found', 'There is no such participant.');
  if (state.erasure.status !== 'none')
    throw rule('erased_participant_not_merged', 'This participant record was erased; it is merged with no other.');
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

/** Idempotent: an erasure already begun (or done) goes on under its first id and reason; nothing new is recorded. */
function beginErasure(command: BeginErasure, state: ParticipantState): ParticipantEvent[] {
  if (state.status === 'none') throw rule('participant_not_found', 'There is no such participant.');
  if (state.erasure.status !== 'none') return [];
  return [
    {
      type: 'ParticipantErasureBegun',
      erasureId: command.erasureId,
      participants: command.participants,
      reasonCode: command.reasonCode,
      requestedBy: command.requestedBy,
      at: command.at,
    },
  ];
}

function completeErasure(command: CompleteErasure, state: ParticipantState): ParticipantEvent[] {
  if (state.status === 'none') throw rule('participant_not_found', 'There is no such participant.');
  if (state.erasure.status === 'erased') return [];
  if (state.erasure.status === 'none') throw rule('erasure_not_begun', 'No erasure of this participant was begun.');
  return [
    {
      type: 'ParticipantErased',
      erasureId: state.erasure.erasureId,
      reasonCode: state.erasure.reasonCode,
      indexStreamsRemoved: command.indexStreamsRemoved,
      at: command.at,
    },
  ];
}
