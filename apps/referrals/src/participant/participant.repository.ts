import { AggregateRepository } from '@lead/event-store';
import type { ParticipantCommand, ParticipantState } from './participant.decider.js';
import type { ParticipantEvent } from './participant.events.js';

/** The Participant aggregate's repository (stream `participant-<participantId>`). */
export class ParticipantRepository extends AggregateRepository<
  ParticipantCommand,
  ParticipantState,
  ParticipantEvent
> {}

export const PARTICIPANT_STREAM_PREFIX = 'participant-';
export const participantStream = (participantId: string): string => `${PARTICIPANT_STREAM_PREFIX}${participantId}`;
