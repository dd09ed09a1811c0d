import { Inject, Injectable } from '@nestjs/common';
import { AggregateRepository, type EventStore } from '@lead/event-store';
import { EVENT_STORE } from '@lead/platform';
import {
  participantMergeLogDecider,
  type ParticipantMergeLogCommand,
  type ParticipantMergeLogState,
} from './participant-merge-log.decider.js';
import type { ParticipantMergeLogEvent } from './participant-merge-log.events.js';

/** A jurisdiction's merge log (stream `participantmerges-<jurisdiction>`). */
@Injectable()
export class ParticipantMergeLogRepository extends AggregateRepository<
  ParticipantMergeLogCommand,
  ParticipantMergeLogState,
  ParticipantMergeLogEvent
> {
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(store, participantMergeLogDecider, {
      // Entries appended before the log had a decider carry no `type` in their data.
      upcast: (event) => ({ ...(event.data as ParticipantMergeLogEvent), type: 'ParticipantMergeLogged' }),
    });
  }
}

export const mergeLogStream = (jurisdiction: string): string => `participantmerges-${jurisdiction}`;
