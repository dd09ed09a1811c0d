import type {
  AfterIntake,
  ConsentNoted,
  RecordCustodian,
  ReferralEndReason,
  SealingTerms,
} from './prosecution-matter.events.js';

export type ProsecutionMatterCommand =
  | OpenMatter
  | NoteOfficerScreening
  | NoteReferralEnded
  | DecideEligibility
  | LinkCase
  | NoteConsent
  | NoteConsentRevoked
  | NoteParticipationEnded
  | NoteIntake
  | ExpireIntakeDeadline
  | DecideCharge
  | ReviewSealing
  | ConfirmCustodianSealed;

/** From the referrals service's arrest-diversion referral (received over the bus), with its protocol version's terms. */
export interface OpenMatter {
  type: 'OpenMatter';
  matterId: string;
  referralId: string;
  participantId: string;
  jurisdiction: string;
  offenseCode: string;
  protocolVersion: string;
  prosecutorReviewRequired: boolean;
  /** When the referral was made in the field (an instant). */
  arrestedAt: string;
  /** The protocol version's intake deadline, in days from the arrest's local day. */
  intakeDeadlineDays: number;
  /** The jurisdiction's IANA time zone: the deadline ends at local midnight there. */
  timeZone: string;
  afterIntake: AfterIntake;
  /** The jurisdiction's prosecutor offices (agency ids). */
  prosecutorOffices: string[];
  /** The protocol version's sealing rule. */
  sealing: SealingTerms;
}

/** The sealing timer fired: `at` is its instant, never before sealing came due. */
export interface ReviewSealing {
  type: 'ReviewSealing';
  at: string;
}

/** A prosecutor's office records that a custodian sealed its records of the arrest. */
export interface ConfirmCustodianSealed {
  type: 'ConfirmCustodianSealed';
  custodian: RecordCustodian;
  sealedOn: string;
  recordedBy: { subject: string; agency: string; agencyIsProsecutorOffice: boolean };
  at: string;
}

/**
 * Whose case message it is, as its envelope says: the matter's jurisdiction and participant, or the message is a
 * producer's bug (or forged) and must not touch the matter.
 */
export interface CaseMessageSource {
  jurisdiction: string;
  participantId: string;
}

/** Case management opened the referral's case (received over the bus). */
export interface LinkCase {
  type: 'LinkCase';
  source: CaseMessageSource;
  caseId: string;
  providerAgency: string;
  openedAt: string;
}

/** A consent recorded in case management (received over the bus). */
export type NoteConsent = Omit<ConsentNoted, 'type'> & { type: 'NoteConsent'; source: CaseMessageSource };

/** A consent revoked in case management (received over the bus). */
export interface NoteConsentRevoked {
  type: 'NoteConsentRevoked';
  source: CaseMessageSource;
  consentId: string;
  recipients: 'all' | string[];
  revokedAt: string;
}

/** The participant exited (received over the bus). */
export interface NoteParticipationEnded {
  type: 'NoteParticipationEnded';
  source: CaseMessageSource;
  at: string;
}

/** Case management reported the intake complete (received over the bus), at the instant it recorded it. */
export interface NoteIntake {
  type: 'NoteIntake';
  source: CaseMessageSource;
  completedOn: string;
  reportedAt: string;
}

/** The intake deadline's timer fired: `at` is the worker's now, never before the deadline ran out. */
export interface ExpireIntakeDeadline {
  type: 'ExpireIntakeDeadline';
  at: string;
}

/**
 * The prosecutor's decision on a charge that is theirs to decide: one awaiting it after a disclosed intake, or one
 * released for ordinary processing (filing it then is recorded so the decision points can be counted).
 */
export interface DecideCharge {
  type: 'DecideCharge';
  decision: 'decline' | 'file';
  /** For a decline only; the contract's codes. */
  declineReason?: 'prosecutorial_discretion' | 'insufficient_evidence';
  prosecutor: { subject: string; agency: string; agencyIsProsecutorOffice: boolean };
  at: string;
}

/** The officer's screening of the referral (received over the bus). */
export interface NoteOfficerScreening {
  type: 'NoteOfficerScreening';
  /** Where the referral says it was made: the matter's jurisdiction, or the message is a producer's bug. */
  jurisdiction: string;
  eligible: boolean;
  protocolVersion: string;
}

/** The referral ended without enrolment (received over the bus). */
export interface NoteReferralEnded {
  type: 'NoteReferralEnded';
  /** Where the referral says it was made: the matter's jurisdiction, or the message is a producer's bug. */
  jurisdiction: string;
  reason: ReferralEndReason;
  at: string;
}

export interface DecideEligibility {
  type: 'DecideEligibility';
  eligible: boolean;
  /** A stable code (e.g. `meets_protocol`, `pending_felony`); free text never leaves the prosecutor's office. */
  reasonCode: string;
  /** From the verified token; `agencyIsProsecutorOffice` from the jurisdiction's configuration. */
  prosecutor: { subject: string; agency: string; agencyIsProsecutorOffice: boolean };
  at: string;
}
