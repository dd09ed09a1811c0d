import { Inject, Injectable } from '@nestjs/common';
import type { Queryable } from '@lead/scheduling';
import { ServiceTimers } from '@lead/scheduling/service';
import { ProsecutionConfig } from '../../prosecution.config.js';
import type { ProsecutionMatterState } from '../prosecution-matter.decider.js';

/** The timer kind of the intake deadline (`TIMER_HANDLERS`). */
export const INTAKE_DEADLINE = 'prosecution.intake-deadline';

/** The timer kind of the arrest's sealing coming due (`TIMER_HANDLERS`). */
export const SEALING_REVIEW = 'prosecution.sealing-review';

/** One deadline per matter: arming it again (a redelivered referral) re-arms the same timer. */
export const intakeDeadlineTimerId = (matterId: string): string => `intake-deadline:${matterId}`;

/** One sealing review per matter. */
export const sealingTimerId = (matterId: string): string => `sealing:${matterId}`;

/**
 * Arms the timers a matter's state calls for: the intake deadline while the charge is held (due
 * `INTAKE_REPORT_GRACE_MINUTES` after it runs out, for late messages), and the sealing review once sealing has a due
 * instant and has not come. Every use case that changes a matter calls it after its append, in its transaction
 * where it has one; arming what is armed already, or has fired, changes nothing. A matter opened before its terms
 * were kept has neither.
 */
@Injectable()
export class MatterTimers {
  private readonly graceMs: number;

  constructor(
    @Inject(ServiceTimers) private readonly timers: ServiceTimers,
    @Inject(ProsecutionConfig) config: ProsecutionConfig,
  ) {
    this.graceMs = config.INTAKE_REPORT_GRACE_MINUTES * 60_000;
  }

  async arm(state: ProsecutionMatterState, queryable?: Queryable): Promise<void> {
    const { matter, terms } = state;
    if (!matter || !terms) return;
    const payload = { matterId: matter.matterId };
    if (state.charge?.status === 'held') {
      await this.timers.schedule.schedule(
        {
          timerId: intakeDeadlineTimerId(matter.matterId),
          kind: INTAKE_DEADLINE,
          dueAt: new Date(Date.parse(terms.runsOutAt) + this.graceMs),
          payload,
        },
        queryable,
      );
    }
    if (state.sealingDueAt && !state.sealing) {
      await this.timers.schedule.schedule(
        {
          timerId: sealingTimerId(matter.matterId),
          kind: SEALING_REVIEW,
          dueAt: new Date(state.sealingDueAt),
          payload,
        },
        queryable,
      );
    }
  }
}
