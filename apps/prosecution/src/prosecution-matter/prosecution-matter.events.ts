/**
 * The ProsecutionMatter's domain events, version 1: one matter per diverted arrest, stream `prosecution-<matterId>`.
 * The charge's outcomes and the eligibility decision are published (`prosecutionPublication` beside this file); the
 * others are the prosecutor office's own record of what it learnt from the referral and the case. No event holds personal data, free text or clinical detail: ids, codes, dates.
 */
export type ProsecutionMatterEvent =
  | MatterOpened
  | ChargeHeld
  | MatterTermsSet
  | OfficerScreeningNoted
  | ReferralEnded
  | EligibilityDecided
  | ChargeReleased
  | CaseLinked
  | ConsentNoted
  | ConsentRevocationNoted
  | ParticipationEndedNoted
  | IntakeReported
  | IntakeDisclosed
  | ChargeDeclined
  | ChargeFiled
  | SealingEligible
  | CustodianSealed
  | ArrestExpunged;

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
  /**
   * YYYY-MM-DD: the day of the arrest, in the jurisdiction's time zone when `MatterTermsSet` follows (UTC in
   * matters opened before the intake deadline was kept).
   */
  heldOn: string;
  /** YYYY-MM-DD: `heldOn` plus the protocol version's intake deadline in days; the last day intake keeps the charge from being filed. */
  intakeDeadline: string;
}

/**
 * The terms the matter runs on, from the protocol version the referral was made under: the intake deadline's
 * last local day and the instant it runs out (the next local midnight in `timeZone`), what an intake disclosed in
 * time does, the prosecutor offices a consent must name for the intake to count, and when and how the arrest's
 * records are sealed. Appended with `ChargeHeld`.
 */
export interface MatterTermsSet {
  type: 'MatterTermsSet';
  /** YYYY-MM-DD, local: the last day an intake keeps the charge from being filed. */
  deadline: string;
  /** The instant the deadline runs out: the end of `deadline` in `timeZone`. */
  runsOutAt: string;
  /** IANA zone of the jurisdiction, e.g. `America/Denver`. */
  timeZone: string;
  /** `decline_automatically`: the charge is declined on a disclosed intake; `await_prosecutor_decision`: the prosecutor decides. */
  afterIntake: AfterIntake;
  /** The jurisdiction's prosecutor offices (agency ids): a consent naming one of them discloses the intake. */
  prosecutorOffices: string[];
  sealing: SealingTerms;
}

export type RecordCustodian = 'police' | 'prosecutor' | 'court' | 'jail';

/**
 * When the arrest's records may be sealed, and what that does. `charge_not_filed`: from the decline, plus
 * `eligibleAfterDays` (Denver, C.R.S. 24-72-704: on request); `participation_days`: after that many days of
 * participation (Rochester: the infraction is expunged). `expunged` also makes LEAD's own copy unreadable at once;
 * `sealable_on_request` does so once every custodian confirmed it sealed its records.
 */
export interface SealingTerms {
  startsAt: 'charge_not_filed' | 'participation_days';
  eligibleAfterDays: number;
  effect: 'sealable_on_request' | 'expunged';
  custodians: RecordCustodian[];
  authority: string;
}

/**
 * The arrest's records may be sealed from `eligibleOn` at each custodian (`lead.prosecution.sealing-eligible`); the
 * custodians confirm one by one.
 */
export interface SealingEligible {
  type: 'SealingEligible';
  matterId: string;
  referralId: string;
  eligibleOn: string;
  effect: SealingTerms['effect'];
  custodians: RecordCustodian[];
  at: string;
}

/** A custodian sealed (or expunged) its records of the arrest, as the prosecutor's office recorded it. */
export interface CustodianSealed {
  type: 'CustodianSealed';
  matterId: string;
  custodian: RecordCustodian;
  sealedOn: string;
  recordedBy: { subject: string; agency: string };
  at: string;
}

/**
 * LEAD's own record of the arrest is closed: the offense narrative and the arrest's identifying details, sealed
 * under a key of this arrest alone in the referrals service, become unreadable there when it destroys that key
 * (`lead.prosecution.arrest-expunged`). The participant's other records stay readable.
 */
export interface ArrestExpunged {
  type: 'ArrestExpunged';
  matterId: string;
  referralId: string;
  /** `expunged_by_rule`: the protocol expunges at eligibility; `sealed_by_custodians`: every custodian confirmed. */
  basis: 'expunged_by_rule' | 'sealed_by_custodians';
  expungedOn: string;
  at: string;
}

export type AfterIntake = 'decline_automatically' | 'await_prosecutor_decision';

/** Case management opened the participant's case for this referral (`lead.case.opened`). */
export interface CaseLinked {
  type: 'CaseLinked';
  caseId: string;
  providerAgency: string;
  openedAt: string;
}

/**
 * A consent the participant signed in case management (`lead.case.consent-recorded`), kept so that this service
 * applies the same `disclose()` rules to what it learns of the case: its terms as codes, never the form.
 */
export interface ConsentNoted {
  type: 'ConsentNoted';
  consentId: string;
  recipients: string[];
  scope: Array<'participation-status'>;
  purpose: string;
  signedAt: string;
  expiry: { kind: 'date'; expiresAt: string } | { kind: 'event'; event: 'participation-ended' };
}

/** A consent revoked, for every recipient or some (`lead.case.consent-revoked`). */
export interface ConsentRevocationNoted {
  type: 'ConsentRevocationNoted';
  consentId: string;
  recipients: 'all' | string[];
  revokedAt: string;
}

/** The participant exited the program (`lead.case.exited`): consents that end with participation end now. */
export interface ParticipationEndedNoted {
  type: 'ParticipationEndedNoted';
  at: string;
}

/**
 * Case management reported the intake complete (`lead.case.intake-completed`). Kept so that a consent signed later
 * can still disclose it; it counts for the charge only once `IntakeDisclosed` follows, and reads show it only then.
 */
export interface IntakeReported {
  type: 'IntakeReported';
  completedOn: string;
  /** When case management recorded it: the instant the intake was disclosed, if a consent allowed it then. */
  reportedAt: string;
}

/**
 * The intake reached this office under a consent naming one of its prosecutor offices: from `disclosedAt` (the
 * later of the report and the consent) the prosecutor may act on it. `inTime` when that is before the deadline ran
 * out while the charge was held.
 */
export interface IntakeDisclosed {
  type: 'IntakeDisclosed';
  completedOn: string;
  disclosedAt: string;
  consentId: string;
  inTime: boolean;
}

/**
 * The held charge is not filed. `intake_completed` by the protocol on an intake disclosed in time (no prosecutor:
 * `decidedBy` null), or the prosecutor's decision with its code.
 */
export interface ChargeDeclined {
  type: 'ChargeDeclined';
  matterId: string;
  referralId: string;
  reason: 'intake_completed' | 'prosecutorial_discretion' | 'insufficient_evidence';
  decidedBy: { subject: string; agency: string } | null;
  /** YYYY-MM-DD, local. */
  declinedOn: string;
  at: string;
}

/** The prosecutor filed the charge (after intake under a protocol that awaits the decision, or after a release). */
export interface ChargeFiled {
  type: 'ChargeFiled';
  matterId: string;
  referralId: string;
  offenseCode: string;
  decidedBy: { subject: string; agency: string };
  /** YYYY-MM-DD, local. */
  filedOn: string;
  at: string;
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
  /** YYYY-MM-DD (local where the matter keeps its time zone, else UTC) and the instant the hold ended. */
  releasedOn: string;
  at: string;
}
