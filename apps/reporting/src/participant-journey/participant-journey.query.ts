import { Query } from '@nestjs/cqrs';
import type { ParticipantJourney } from './participant-journey.js';

export class ParticipantJourneyQuery extends Query<ParticipantJourney> {
  constructor(
    readonly participantId: string,
    /** The caller's jurisdictions: a participant of another answers 404, like one that does not exist. */
    readonly jurisdictions: readonly string[],
    readonly asOf: Date,
  ) {
    super();
  }
}
