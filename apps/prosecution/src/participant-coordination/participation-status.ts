import { consentDecision, type Consent } from '@lead/access/consent';
import type { ParticipantCoordinationState } from './participant-coordination.decider.js';

/** What police and prosecutors may learn of participation (docs/access.md `participation-status`). */
export interface CoordinationParticipationStatus {
  enrolled: boolean;
  engaged: boolean;
  intakeCompletedByDeadline: boolean | null;
  exited: boolean;
}

/**
 * The participation status as case management published it: enrolled (intake and a release of information, not
 * exited), engaged (while enrolled, at the level case management last published), intake by the deadline (null
 * where none ran or none is known yet), exited. Shown only under a consent naming the liaison office.
 */
export function participationStatusOf(state: ParticipantCoordinationState): CoordinationParticipationStatus {
  const exited = state.exitedAt !== null;
  const enrolled = state.intake !== null && state.consents.length > 0 && !exited;
  return {
    enrolled,
    engaged: enrolled && state.engagement === 'engaged',
    intakeCompletedByDeadline: state.intake?.deadlineMet ?? null,
    exited,
  };
}

/**
 * The consent a disclosure to `recipient` rests on: the first that permits the participation status now; else the
 * latest naming the recipient, else the latest (so the refusal the audit records says why).
 */
export function consentForRecipient(consents: readonly Consent[], recipient: string, now: Date): Consent | undefined {
  const permitting = consents.find(
    (consent) =>
      consentDecision(consent, { participantId: consent.participantId, recipient, scope: 'participation-status', now })
        .permitted,
  );
  if (permitting) return permitting;
  return consents.filter((consent) => consent.recipients.includes(recipient)).at(-1) ?? consents.at(-1);
}
