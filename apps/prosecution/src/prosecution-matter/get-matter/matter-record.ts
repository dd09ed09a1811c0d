import type { ChargeStatus, ProsecutionMatterState } from '../prosecution-matter.decider.js';
import type { ReferralEndReason } from '../prosecution-matter.events.js';

/**
 * Where a matter stands on eligibility: `awaiting_screening` (the officer's screening has not arrived),
 * `awaiting_decision` (the prosecutor's turn), `decided`, `review_not_required` (the protocol version does not ask
 * the prosecutor) or `referral_ended` (the referral ended without enrolment, and the held charge was released with it).
 */
export type MatterStatus =
  'awaiting_screening' | 'awaiting_decision' | 'decided' | 'review_not_required' | 'referral_ended';

/**
 * A prosecution matter as prosecutors read it: ids, codes, dates and outcomes, built field by field from the
 * aggregate's state. There is nothing clinical or personal to leave out: the matter never holds any (the
 * participant is the pseudonymous id). The intake is shown only once a consent disclosed it, and only to an office
 * that consent names: another prosecutor office of the jurisdiction sees the charge's course, not the intake.
 */
export interface MatterRecord {
  matterId: string;
  referralId: string;
  participantId: string;
  jurisdiction: string;
  protocolVersion: string;
  prosecutorReviewRequired: boolean;
  arrestedAt: string;
  status: MatterStatus;
  charge: {
    offenseCode: string;
    /**
     * `held` until the intake deadline; `awaiting_decision` after an intake disclosed in time where the protocol
     * leaves the decline to the prosecutor; `declined`, `filed`, or `released` for ordinary processing.
     */
    status: ChargeStatus;
    /** Local days in the jurisdiction's time zone. */
    heldOn: string;
    intakeDeadline: string;
    /** The instant the deadline runs out (the end of `intakeDeadline` there); null in matters opened before it was kept. */
    deadlineRunsOutAt: string | null;
    /** Why and when the hold ended; null while held. */
    released: { reason: 'referral_closed' | 'prosecutor_decision' | 'intake_deadline_passed'; on: string } | null;
    declined: { reason: 'intake_completed' | 'prosecutorial_discretion' | 'insufficient_evidence'; on: string } | null;
    filed: { on: string } | null;
  };
  /** The intake, as a consent naming the reader's office disclosed it; null otherwise. */
  intake: { completedOn: string; disclosedAt: string; inTime: boolean } | null;
  officerScreening: { eligible: boolean; protocolVersion: string } | null;
  decision: {
    eligible: boolean;
    basis: 'confirmed' | 'overridden';
    reasonCode: string;
    prosecutor: { subject: string; agency: string };
    at: string;
  } | null;
  referralEnded: { reason: ReferralEndReason; at: string } | null;
}

function statusOf(state: ProsecutionMatterState): MatterStatus {
  if (state.referralEnded) return 'referral_ended';
  if (state.decision) return 'decided';
  if (!state.matter!.prosecutorReviewRequired) return 'review_not_required';
  return state.officerScreening ? 'awaiting_decision' : 'awaiting_screening';
}

/** The disclosed intake when the consent that disclosed it names the reader's agency. */
function intakeFor(state: ProsecutionMatterState, readerAgency: string): MatterRecord['intake'] {
  const disclosed = state.intakeDisclosed;
  if (!disclosed) return null;
  const consent = state.consents.find((c) => c.consentId === disclosed.consentId);
  if (!consent?.recipients.includes(readerAgency)) return null;
  return { completedOn: disclosed.completedOn, disclosedAt: disclosed.disclosedAt, inTime: disclosed.inTime };
}

/**
 * The record of an opened matter as `readerAgency` reads it; undefined before it opened (answered 404, like a matter
 * of another jurisdiction).
 */
export function matterRecordOf(state: ProsecutionMatterState, readerAgency: string): MatterRecord | undefined {
  const { matter, charge, officerScreening, decision, referralEnded } = state;
  if (!matter || !charge) return undefined;
  return {
    matterId: matter.matterId,
    referralId: matter.referralId,
    participantId: matter.participantId,
    jurisdiction: matter.jurisdiction,
    protocolVersion: matter.protocolVersion,
    prosecutorReviewRequired: matter.prosecutorReviewRequired,
    arrestedAt: matter.arrestedAt,
    status: statusOf(state),
    charge: {
      offenseCode: charge.offenseCode,
      status: charge.status,
      heldOn: charge.heldOn,
      intakeDeadline: charge.intakeDeadline,
      deadlineRunsOutAt: state.deadline?.runsOutAt ?? null,
      released: charge.released ? { reason: charge.released.reason, on: charge.released.on } : null,
      declined: charge.declined ? { reason: charge.declined.reason, on: charge.declined.on } : null,
      filed: charge.filed ? { on: charge.filed.on } : null,
    },
    intake: intakeFor(state, readerAgency),
    officerScreening: officerScreening
      ? { eligible: officerScreening.eligible, protocolVersion: officerScreening.protocolVersion }
      : null,
    decision: decision
      ? {
          eligible: decision.eligible,
          basis: decision.basis,
          reasonCode: decision.reasonCode,
          prosecutor: { subject: decision.prosecutor.subject, agency: decision.prosecutor.agency },
          at: decision.at,
        }
      : null,
    referralEnded: referralEnded ? { reason: referralEnded.reason, at: referralEnded.at } : null,
  };
}
