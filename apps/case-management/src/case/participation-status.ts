import { consentDecision, type Consent, type ParticipationStatus } from '@lead/access';
import type { CaseState } from './case.decider.js';
import { engagementAt } from './engagement.js';

/**
 * What police and prosecutors may learn of a case, under consent: enrolled (intake and a release of information,
 * and not exited), engaged (while enrolled: the days since the last successful contact, counted at `now`, so a late
 * or stopped timer never shows a stale "engaged"), intake by the deadline (null while the deadline runs), exited.
 */
export function participationStatus(state: CaseState, now: Date): ParticipationStatus {
  const today = now.toISOString().slice(0, 10);
  const joined = state.intake !== null && state.consents.length > 0;
  const exited = state.exit !== null;
  const intakeDue = state.opened?.intakeDueOn;
  return {
    enrolled: joined && !exited,
    engaged:
      joined &&
      !exited &&
      state.engagement?.level === 'engaged' &&
      state.opened !== null &&
      state.engagementBaseline !== null &&
      engagementAt(state.engagementBaseline, now.toISOString(), state.opened) === 'engaged',
    intakeCompletedByDeadline: state.intake
      ? state.intake.deadline.met
      : intakeDue !== undefined && today > intakeDue
        ? false
        : null,
    exited,
  };
}

/**
 * The consent a disclosure to `agency` rests on: the first that permits it now; else the latest naming the
 * agency, else the latest (so the refusal says why). Several consents may stand side by side: a new one does not
 * replace an older one that still covers other recipients.
 */
export function consentFor(consents: readonly Consent[], agency: string, now: Date): Consent | undefined {
  const permitting = consents.find(
    (consent) =>
      consentDecision(consent, {
        participantId: consent.participantId,
        recipient: agency,
        scope: 'participation-status',
        now,
      }).permitted,
  );
  if (permitting) return permitting;
  const naming = consents.filter((consent) => consent.recipients.includes(agency));
  return naming.at(-1) ?? consents.at(-1);
}
