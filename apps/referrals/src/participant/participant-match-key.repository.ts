import { Inject, Injectable } from '@nestjs/common';
import { AggregateRepository, type EventStore } from '@lead/event-store';
import { EVENT_STORE } from '@lead/platform';
import {
  participantMatchKeyDecider,
  type ParticipantMatchKeyCommand,
  type ParticipantMatchKeyState,
} from './participant-match-key.decider.js';
import type { ParticipantMatchKeyEvent } from './participant-match-key.events.js';

/** A match key's claim (stream `participantmatch-<key>`, see `matchKeyStream`). */
@Injectable()
export class ParticipantMatchKeyRepository extends AggregateRepository<
  ParticipantMatchKeyCommand,
  ParticipantMatchKeyState,
  ParticipantMatchKeyEvent
> {
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(store, participantMatchKeyDecider, {
      // Claims appended before the key had a decider carry no `type` in their data.
      upcast: (event) => ({ ...(event.data as ParticipantMatchKeyEvent), type: 'ParticipantMatchKeyClaimed' }),
    });
  }
}
