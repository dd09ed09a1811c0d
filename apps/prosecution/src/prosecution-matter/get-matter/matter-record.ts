import { consentDecision } from '@lead/access/consent';
import { addCalendarDays, localDayOf } from '../intake-deadline/local-calendar.js';
import type { ChargeStatus, ProsecutionMatterState } from '../prosecution-matter.decider.js';
import type { RecordCustodian } from '../prosecution-matter.events.js';

/** Days a custodian has, from the day sealing became possible, before the matter lists it as overdue. */
export const SEALING_CONFIRMATION_DAYS = 30;
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
 * a consent in force names: another prosecutor office of the jurisdiction, or any after a revocation, sees the
 * charge's course, not the intake.
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
  /**
   * The arrest's records once sealable: from when, with what effect, and each custodian's confirmation (`overdue`
   * when none came within `SEALING_CONFIRMATION_DAYS` of `eligibleOn`); null before.
   */
  sealing: {
    eligibleOn: string;
    effect: 'sealable_on_request' | 'expunged';
    custodians: Array<{
      custodian: RecordCustodian;
      sealedOn: string | null;
      recordedBy: { subject: string; agency: string } | null;
      overdue: boolean;
    }>;
  } | null;
  /** LEAD's own record of the arrest closed (its narrative unreadable in the referrals service); null before. */
  expunged: { basis: 'expunged_by_rule' | 'sealed_by_custodians'; on: string } | null;
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

/**
 * The disclosed intake, while a consent lets it reach the reader's agency now: named, in force, not revoked for it,
 * not ended with participation (the same `consentDecision` as the disclosure). A revocation stops the showing.
 */
function intakeFor(state: ProsecutionMatterState, readerAgency: string, now: Date): MatterRecord['intake'] {
  const disclosed = state.intakeDisclosed;
  if (!disclosed || !state.matter) return null;
  const participantId = state.matter.participantId;
  // Never read as of before it was disclosed (a clock behind the disclosure's instant, in tests or after a skew).
  const at = new Date(Math.max(now.getTime(), Date.parse(disclosed.disclosedAt)));
  const permitted = state.consents.some(
    (consent) =>
      consentDecision(consent, { participantId, recipient: readerAgency, scope: 'participation-status', now: at })
        .permitted,
  );
  if (!permitted) return null;
  return { completedOn: disclosed.completedOn, disclosedAt: disclosed.disclosedAt, inTime: disclosed.inTime };
}

function sealingFor(state: ProsecutionMatterState, now: Date): MatterRecord['sealing'] {
  const { sealing } = state;
  if (!sealing) return null;
  const today = state.terms ? localDayOf(now, state.terms.timeZone) : now.toISOString().slice(0, 10);
  const dueBy = addCalendarDays(sealing.eligibleOn, SEALING_CONFIRMATION_DAYS);
  return {
    eligibleOn: sealing.eligibleOn,
    effect: sealing.effect,
    custodians: sealing.custodians.map((custodian) => {
      const sealed = sealing.sealed[custodian];
      return {
        custodian,
        sealedOn: sealed?.sealedOn ?? null,
        recordedBy: sealed ? { subject: sealed.recordedBy.subject, agency: sealed.recordedBy.agency } : null,
        overdue: !sealed && today > dueBy,
      };
    }),
  };
}

/**
 * The record of an opened matter as `readerAgency` reads it at `now`; undefined before it opened (answered 404,
 * like a matter of another jurisdiction).
 */
export function matterRecordOf(
  state: ProsecutionMatterState,
  readerAgency: string,
  now: Date,
): MatterRecord | undefined {
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
      deadlineRunsOutAt: state.terms?.runsOutAt ?? null,
      released: charge.released ? { reason: charge.released.reason, on: charge.released.on } : null,
      declined: charge.declined ? { reason: charge.declined.reason, on: charge.declined.on } : null,
      filed: charge.filed ? { on: charge.filed.on } : null,
    },
    intake: intakeFor(state, readerAgency, now),
    sealing: sealingFor(state, now),
    expunged: state.expunged ? { basis: state.expunged.basis, on: state.expunged.on } : null,
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
