import { Inject, Injectable } from '@nestjs/common';
import { systemActor } from '@lead/jurisdictions';
import type { DueTimer } from '@lead/scheduling';
import { ServiceTimers } from '@lead/scheduling/service';
import { caseStream, CaseRepository } from '../case.repository.js';
import { armEngagementTimers } from './engagement-timers.js';

const ACTOR = systemActor('case-management');

/**
 * A day count of a case ran out: the case's engagement moves to what the days since its last successful contact
 * say, at the timer's instant (not the moment the worker got to it). The event id derives from the timer id, so a
 * timer fired twice appends once; the next day counts are armed from the state the review leaves.
 */
@Injectable()
export class ReviewEngagementHandler {
  constructor(
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(ServiceTimers) private readonly timers: ServiceTimers,
  ) {}

  async fire(timer: DueTimer): Promise<void> {
    const { caseId } = timer.payload as { caseId: string };
    const stream = caseStream(caseId);
    const loaded = await this.cases.load(stream);
    const opened = loaded.state.opened;
    if (!opened) return;
    const result = await this.cases.handle(
      stream,
      { type: 'ReviewEngagement', at: timer.instant.toISOString() },
      {
        loaded,
        sourceEventId: timer.timerId,
        metadata: {
          correlationId: timer.timerId,
          actor: ACTOR,
          jurisdiction: opened.jurisdiction,
          participantId: opened.participantId,
        },
      },
    );
    await armEngagementTimers(this.timers.schedule, result.state);
  }
}
