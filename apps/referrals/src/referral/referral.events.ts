import type { SealedValue } from '@lead/crypto/sealed-value';
import type { ReferralDoor } from '@lead/jurisdictions/protocol';
import type { CriterionOutcome, ScreeningAnswers } from './screening.js';

/**
 * The Referral's domain events, version 1. Personal data (the person's identity, the offense
 * narrative) is never here in clear: only sealed values from the participant's data key.
 */
export type ReferralEvent =
  | ReferralRecorded
  | ReferralScreened
  | OfferAnswered
  | AggrievedPartyAgreementRecorded
  | LeadLineCalled
  | CaseManagerArrived
  | CustodyRelinquished
  | ProsecutorEligibilityDecided
  | ReferralAccepted
  | ReferralClosed
  | ArrestExpunged;

/** Ciphertext under the participant's data key (libs/crypto); unreadable once that key is destroyed. */
export type { SealedValue } from '@lead/crypto/sealed-value';

/** The requirements of the protocol version in force when the referral was made, kept with it. */
export interface ReferralRequirements {
  protocolVersion: string;
  // The version's rule applied to this referral (under `required_when_present`, only when the officer recorded an
  // aggrieved party present): later steps read it from here, never from the protocol again.
  /** Whether this referral needs an aggrieved party's agreement. */
  aggrievedPartyAgreementRequired: boolean;
  prosecutorReviewRequired: boolean;
  handOffTargetMinutes: number;
}

export interface ReferralRecorded {
  type: 'ReferralRecorded';
  referralId: string;
  participantId: string;
  jurisdiction: string;
  district: string;
  door: ReferralDoor;
  referredAt: string;
  referrer: { subject: string; agency: string };
  /** Arrest diversion only: the offense code and the sealed probable-cause narrative. */
  offense: { code: string; probableCause: SealedValue } | null;
  /** Name, date of birth, address and contact details, sealed together. */
  identity: SealedValue;
  /** Coarse place (district-level area code), never an address. */
  area: string;
  /**
   * Arrest diversion only, when the officer said: whether an aggrieved party was present (never who). Added in
   * 2026-12 as an optional field, so every event recorded before reads as it is (absent: not asked); schema version 1.
   */
  aggrievedPartyPresent?: boolean;
  requirements: ReferralRequirements;
}

export interface ReferralScreened {
  type: 'ReferralScreened';
  protocolVersion: string;
  eligible: boolean;
  /**
   * Schema version 2: the answers sealed (an arrest's under the arrest's key, erased with its expungement; others
   * under the participant's). Version 1 events keep them in clear. Nothing reads them back: the criteria's outcomes
   * are the record.
   */
  answers: SealedValue | ScreeningAnswers;
  criteria: CriterionOutcome[];
}

/** The schema version each referral event is stored with, where it is not 1. */
export const REFERRAL_EVENT_SCHEMA_VERSIONS = { ReferralScreened: 2 } as const;

export interface OfferAnswered {
  type: 'OfferAnswered';
  accepted: boolean;
  at: string;
}

export interface AggrievedPartyAgreementRecorded {
  type: 'AggrievedPartyAgreementRecorded';
  agreed: boolean;
  at: string;
}

export interface LeadLineCalled {
  type: 'LeadLineCalled';
  at: string;
}

export interface CaseManagerArrived {
  type: 'CaseManagerArrived';
  at: string;
  caseManager: { subject: string; agency: string };
  /** The call this arrival answered, kept here so the hand-off reads whole from one event. */
  calledAt: string;
  minutesFromCall: number;
  /** The hand-off target of the protocol version in force, and whether this arrival met it. */
  targetMinutes: number;
  withinTarget: boolean;
}

export interface CustodyRelinquished {
  type: 'CustodyRelinquished';
  at: string;
}

export interface ProsecutorEligibilityDecided {
  type: 'ProsecutorEligibilityDecided';
  eligible: boolean;
  /** Whether the prosecutor confirmed the officer's screening or overrode it. */
  basis: 'confirmed' | 'overridden';
  reasonCode: string;
  prosecutor: { subject: string; agency: string };
  at: string;
}

/** Enrolled: every step the jurisdiction requires is done. */
export interface ReferralAccepted {
  type: 'ReferralAccepted';
  at: string;
}

/**
 * The prosecution service closed LEAD's record of the diverted arrest (`lead.prosecution.arrest-expunged`): the key
 * that sealed the offense narrative (`arrest:<referralId>`, inside the participant's layer) is destroyed, so the
 * narrative reads as erased; the person's identity and other referrals stay readable.
 */
export interface ArrestExpunged {
  type: 'ArrestExpunged';
  basis: 'expunged_by_rule' | 'sealed_by_custodians';
  expungedOn: string;
  at: string;
}

/** Ended without enrollment; the person goes through normal processing where an arrest was made. */
export interface ReferralClosed {
  type: 'ReferralClosed';
  reason: 'ineligible' | 'declined_by_person' | 'aggrieved_party_disagreed' | 'prosecutor_found_ineligible';
  at: string;
}
