import { Inject, Injectable } from '@nestjs/common';
import { AggregateRepository, type EventStore } from '@lead/event-store';
import { EVENT_STORE } from '@lead/platform';
import {
  justiceComparisonDecider,
  type CountComparison,
  type JusticeComparisonState,
} from './justice-comparison.decider.js';
import type { JusticeComparisonEvent } from './justice-comparison.events.js';
import { justiceRecordDecider, type JusticeRecordCommand, type JusticeRecordState } from './justice-record.decider.js';
import type { JusticeRecordEvent } from './justice-record.events.js';

/** A participant's justice record (stream `justicerecord-<participantId>`). */
@Injectable()
export class JusticeRecordRepository extends AggregateRepository<
  JusticeRecordCommand,
  JusticeRecordState,
  JusticeRecordEvent
> {
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(store, justiceRecordDecider);
  }

  /** The decision on state the caller folds itself: one import decides many rows of a participant before one append. */
  decide(command: JusticeRecordCommand, state: JusticeRecordState): JusticeRecordEvent[] {
    return justiceRecordDecider.decide(command, state);
  }

  evolve(state: JusticeRecordState, event: JusticeRecordEvent): JusticeRecordState {
    return justiceRecordDecider.evolve(state, event);
  }
}

/** An import's comparison counts (stream `justicecomparison-<comparisonId>`). */
@Injectable()
export class JusticeComparisonRepository extends AggregateRepository<
  CountComparison,
  JusticeComparisonState,
  JusticeComparisonEvent
> {
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(store, justiceComparisonDecider);
  }

  /** The parts to append (their ids derive from the comparison: see the import handler). */
  decide(command: CountComparison, state: JusticeComparisonState): JusticeComparisonEvent[] {
    return justiceComparisonDecider.decide(command, state);
  }
}
