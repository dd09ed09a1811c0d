/**
 * The ProsecutionMatter's domain events, version 1: one matter per diverted arrest, stream `prosecution-<matterId>`.
 * `ChargeHeld` and `EligibilityDecided` are published (`prosecutionPublication` beside this file); the others are the prosecutor office's own record of what it
 * learnt from the referral. No event holds personal data, free text or clinical detail: ids, codes, dates.
 */
export type ProsecutionMatterEvent =
  MatterOpened | ChargeHeld | OfficerScreeningNoted | ReferralEnded | EligibilityDecided | ChargeReleased;

/** Why a referral ended without enrolment (the referrals service's `ReferralClosed` reasons). */
export type ReferralEndReason =
  'ineligible' | 'declined_by_person' | 'aggrieved_party_disagreed' | 'prosecutor_found_ineligible';

/** Opened from the referrals service's arrest-diversion referral (`lead.referral.recorded`). */
export interface MatterOpened {
  type: 'MatterOpened';
  matterId: string;
  referralId: string;
  /** The pseudonymous participant id. */
  participantId: string;
  jurisdiction: string;
  offenseCode: string;
  /** The protocol version the referral was made under. */
  protocolVersion: string;
  /** Whether that version asks the prosecutor to decide eligibility (kept: the version's own answer, as of then). */
  prosecutorReviewRequired: boolean;
  /** When the referral (the arrest) was made in the field. */
  arrestedAt: string;
}

/** The charge is held, not filed, while the person is offered LEAD: until the intake deadline. */
export interface ChargeHeld {
  type: 'ChargeHeld';
  matterId: string;
  referralId: string;
  offenseCode: string;
  /** YYYY-MM-DD: the day of the arrest (UTC, as protocol versions take effect). */
  heldOn: string;
  /** YYYY-MM-DD: `heldOn` plus the protocol version's intake deadline in days; the last day intake keeps the charge from being filed. */
  intakeDeadline: string;
}

/** The officer's screening of the referral (`lead.referral.screened`): what the prosecutor confirms or overrides. */
export interface OfficerScreeningNoted {
  type: 'OfficerScreeningNoted';
  eligible: boolean;
  protocolVersion: string;
}

/** The referral ended without enrolment (`lead.referral.closed`); the held charge is released with it. */
export interface ReferralEnded {
  type: 'ReferralEnded';
  reason: ReferralEndReason;
  at: string;
}

/** The prosecutor's final word on the arrest diversion's eligibility, attributed to one prosecutor of one office. */
export interface EligibilityDecided {
  type: 'EligibilityDecided';
  matterId: string;
  referralId: string;
  eligible: boolean;
  /** Against the officer's screening: kept (`confirmed`) or reversed (`overridden`). */
  basis: 'confirmed' | 'overridden';
  /** A stable lower-case code (`meets_protocol`, `pending_felony`); never free text. */
  reasonCode: string;
  prosecutor: { subject: string; agency: string };
  at: string;
}

/**
 * The hold ended: the charge goes back to ordinary processing, nothing is filed here. `referral_closed` when the
 * person declined, was screened ineligible or the aggrieved party disagreed; `prosecutor_decision` when the
 * prosecutor found the person ineligible; `intake_deadline_passed` when no intake was disclosed by the deadline.
 */
export interface ChargeReleased {
  type: 'ChargeReleased';
  matterId: string;
  referralId: string;
  reason: 'referral_closed' | 'prosecutor_decision' | 'intake_deadline_passed';
  /** The referral's own reason, when its end released the charge. */
  referralEndReason: ReferralEndReason | null;
  /** YYYY-MM-DD (UTC) and the instant the hold ended. */
  releasedOn: string;
  at: string;
}
