import type { Queryable, TimerSchedule } from '@lead/scheduling';
import type { ProsecutionMatterState } from '../prosecution-matter.decider.js';

/** The timer kind of the intake deadline (`TIMER_HANDLERS`). */
export const INTAKE_DEADLINE = 'prosecution.intake-deadline';

/** One deadline per matter: arming it again (a redelivered referral) re-arms the same timer. */
export const intakeDeadlineTimerId = (matterId: string): string => `intake-deadline:${matterId}`;

/**
 * Arms the matter's intake deadline, `graceMs` after it runs out, while the charge is held; a matter opened before
 * deadlines were kept has none. Written in the caller's transaction (the consumer's), so a message is never
 * consumed without its deadline armed.
 */
export async function armIntakeDeadline(
  schedule: TimerSchedule,
  state: ProsecutionMatterState,
  graceMs: number,
  queryable?: Queryable,
): Promise<void> {
  if (!state.matter || !state.deadline || state.charge?.status !== 'held') return;
  await schedule.schedule(
    {
      timerId: intakeDeadlineTimerId(state.matter.matterId),
      kind: INTAKE_DEADLINE,
      dueAt: new Date(Date.parse(state.deadline.runsOutAt) + graceMs),
      payload: { matterId: state.matter.matterId },
    },
    queryable,
  );
}
