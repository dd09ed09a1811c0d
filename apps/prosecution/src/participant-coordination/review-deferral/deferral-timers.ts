import { Inject, Injectable } from '@nestjs/common';
import type { Queryable } from '@lead/scheduling';
import { ServiceTimers } from '@lead/scheduling/service';
import type { ParticipantCoordinationState } from '../participant-coordination.decider.js';

/** The timer kind of a deferral's review (`TIMER_HANDLERS`). */
export const COORDINATION_DEFERRAL = 'prosecution.coordination-deferral';

/** One timer per deferral (matter and day): deferring again to another day arms another, the old one finds nothing. */
export const deferralTimerId = (legalMatterId: string, until: string): string =>
  `coordination-deferral:${legalMatterId}:${until}`;

export interface DeferralTimerPayload {
  participantId: string;
  legalMatterId: string;
  deferredUntil: string;
}

/** Arms the review of every deferred matter of a participant; arming what is armed already, or fired, does nothing. */
@Injectable()
export class DeferralTimers {
  constructor(@Inject(ServiceTimers) private readonly timers: ServiceTimers) {}

  async arm(state: ParticipantCoordinationState, queryable?: Queryable): Promise<void> {
    if (!state.participant) return;
    for (const matter of Object.values(state.legalMatters)) {
      if (matter.status !== 'deferred' || !matter.deferral) continue;
      const payload: DeferralTimerPayload = {
        participantId: state.participant.participantId,
        legalMatterId: matter.legalMatterId,
        deferredUntil: matter.deferral.until,
      };
      await this.timers.schedule.schedule(
        {
          timerId: deferralTimerId(matter.legalMatterId, matter.deferral.until),
          kind: COORDINATION_DEFERRAL,
          dueAt: new Date(matter.deferral.reviewAt),
          payload: { ...payload },
        },
        queryable,
      );
    }
  }
}
