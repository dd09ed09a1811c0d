export type ProsecutionMatterCommand = OpenMatter | DecideEligibility;

/** Opened from the referrals service's arrest-diversion referral (received over the bus). */
export interface OpenMatter {
  type: 'OpenMatter';
  matterId: string;
  referralId: string;
  participantId: string;
  jurisdiction: string;
  offenseCode: string;
  officerScreenedEligible: boolean;
  protocolVersion: string;
  arrestedAt: string;
}

export interface DecideEligibility {
  type: 'DecideEligibility';
  eligible: boolean;
  /** A stable code (e.g. `meets_protocol`, `pending_felony`); free text never leaves the prosecutor's office. */
  reasonCode: string;
  /** From the verified token. */
  prosecutor: { subject: string; agency: string; agencyIsProsecutorOffice: boolean };
  at: string;
}
