import { AggregateRepository } from '@lead/event-store';
import { mergedIntoOf, type ParticipantCommand, type ParticipantState } from './participant.decider.js';
import type { ParticipantEvent } from './participant.events.js';

/** The Participant aggregate's repository (stream `participant-<participantId>`). */
export class ParticipantRepository extends AggregateRepository<ParticipantCommand, ParticipantState, ParticipantEvent> {
  /** One hop of the merge walk (`survivorOf`): whom this participant was merged into, as its stream says. */
  async mergedInto(participantId: string): Promise<string | null> {
    return mergedIntoOf((await this.load(participantStream(participantId))).state);
  }
}

export const PARTICIPANT_STREAM_PREFIX = 'participant-';
export const participantStream = (participantId: string): string => `${PARTICIPANT_STREAM_PREFIX}${participantId}`;
