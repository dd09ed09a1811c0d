import type { ReferralEndReason } from './prosecution-matter.events.js';

export type ProsecutionMatterCommand = OpenMatter | NoteOfficerScreening | NoteReferralEnded | DecideEligibility;

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
  /** The protocol version's intake deadline, in days from the arrest. */
  intakeDeadlineDays: number;
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
