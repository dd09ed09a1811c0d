import type { Queryable, TimerSchedule } from '@lead/scheduling';
import type { CaseState } from '../case.decider.js';
import { engagementBoundaries } from '../engagement.js';

export const ENGAGEMENT_REVIEW = 'case.engagement-review';

/**
 * Arms the timers that move a case's engagement on at its instants: one per day count still ahead of the case's
 * last successful contact (or opening, or re-enrolment). Ids name the case and the instant, so arming again is
 * idempotent, and a timer left over from before a newer contact fires a review that finds nothing to change.
 * Called after every append that may move the baseline, and by every review: a crash between an append and this
 * leaves the earlier timers, whose review arms the right ones.
 */
export async function armEngagementTimers(
  schedule: TimerSchedule,
  state: CaseState,
  queryable?: Queryable,
): Promise<void> {
  const { opened, engagement, engagementBaseline } = state;
  if (!opened || state.exit || !engagement || !engagementBaseline) return;
  const ahead = engagementBoundaries(engagementBaseline, opened).filter(
    (instant) => Date.parse(instant) > Date.parse(engagement.changedAt),
  );
  for (const instant of ahead) {
    await schedule.schedule(
      {
        timerId: `engagement:${opened.caseId}:${instant}`,
        kind: ENGAGEMENT_REVIEW,
        dueAt: new Date(instant),
        payload: { caseId: opened.caseId },
      },
      queryable,
    );
  }
}
