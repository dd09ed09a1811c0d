import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Disclosure } from '@lead/access';
import { PersonalDataCipher } from '@lead/crypto';
import type { EventStore } from '@lead/event-store';
import { EVENT_STORE } from '@lead/platform';
import type { Clock } from '@lead/scheduling';
import { InstrumentRegistry } from '../../assessment/instrument/instrument-registry.js';
import { CLOCK } from '@lead/scheduling/service';
import { monthlyStatuses } from '../monthly-status/monthly-status.js';
import { caseDecider } from '../case.decider.js';
import type { CaseEvent } from '../case.events.js';
import { caseStream } from '../case.repository.js';
import { caseVisibleTo } from '../case-visibility.js';
import { participantRecordOf, type OpenedCaseEvent } from './case-record.js';
import { GetCaseQuery } from './get-case.query.js';

export interface GetCaseResult {
  disclosure: Disclosure;
  revision: number;
}

/**
 * Reads the case's stream (always fresh; its revision is the ETag), checks the caller may reach the case (404 as
 * if absent), opens its sealed values with the participant's key, and discloses the record through the caller's view.
 */
@QueryHandler(GetCaseQuery)
export class GetCaseHandler implements IQueryHandler<GetCaseQuery, GetCaseResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(InstrumentRegistry) private readonly instruments: InstrumentRegistry,
  ) {}

  async execute({ caseId, reader }: GetCaseQuery): Promise<GetCaseResult> {
    const recorded = await this.store.readStream(caseStream(caseId)); // StreamNotFound: 404
    const events = recorded.map((event) => ({ ...(event.data as CaseEvent), type: event.type }) as CaseEvent);
    const state = events.reduce(caseDecider.evolve, caseDecider.initialState);
    const opened = caseVisibleTo(reader, state);
    const readable = (await Promise.all(
      events.map((event) => this.cipher.openAll(opened.participantId, event)),
    )) as unknown as OpenedCaseEvent[];
    const now = this.clock.now();
    const today = now.toISOString().slice(0, 10);
    const monthly = monthlyStatuses(readable as never, today.slice(0, 7), (id, version) =>
      this.instruments.get(id, version),
    );
    return {
      disclosure: reader.disclose(participantRecordOf(readable, state, now, monthly), undefined, now),
      revision: recorded[recorded.length - 1]!.streamRevision,
    };
  }
}
