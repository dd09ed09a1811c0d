import { AggregateRepository } from '@lead/event-store';
import type { ParticipantCoordinationCommand } from './participant-coordination.commands.js';
import type { ParticipantCoordinationState } from './participant-coordination.decider.js';
import type { ParticipantCoordinationEvent } from './participant-coordination.events.js';

/** The ParticipantCoordination aggregate's repository (stream `coordination-<participantId>`). */
export class ParticipantCoordinationRepository extends AggregateRepository<
  ParticipantCoordinationCommand,
  ParticipantCoordinationState,
  ParticipantCoordinationEvent
> {}

/** One stream per participant: consents and legal matters are the participant's, whatever case or matter. */
export const COORDINATION_STREAM_PREFIX = 'coordination-';

/** Ids are lower-case UUIDs; an upper-case spelling names the same participant. */
export const coordinationStream = (participantId: string): string =>
  `${COORDINATION_STREAM_PREFIX}${participantId.toLowerCase()}`;
