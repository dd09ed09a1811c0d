import type { Protocol, ReferralDoor } from '@lead/jurisdictions/protocol';
import type { SealedValue } from './referral.events.js';
import type { ScreeningAnswers } from './screening.js';

export type ReferralCommand =
  | RecordReferral
  | AnswerOffer
  | RecordAggrievedPartyAgreement
  | RecordLeadLineCall
  | RecordCaseManagerArrival
  | RelinquishCustody
  | ApplyProsecutorDecision
  | NoteArrestExpunged;

/** The prosecution service expunged the referral's arrest (received over the bus). */
export interface NoteArrestExpunged {
  type: 'NoteArrestExpunged';
  /** Where the message says the matter is: the referral's jurisdiction, or it is a producer's bug. */
  jurisdiction: string;
  basis: 'expunged_by_rule' | 'sealed_by_custodians';
  expungedOn: string;
  at: string;
}

/**
 * What the officer reports, with the facts the handler looked up, before anyone is matched or anything sealed:
 * `admitReferral` (the decider's intake rules) turns it into an `AdmittedReferral` or refuses it.
 */
export interface ReferralIntake {
  /** The jurisdiction the referral is made in, as requested. */
  jurisdiction: string;
  /** The protocol version in force at `referredAt`, as the handler found it in the registry; null when none was. */
  protocol: Protocol | null;
  district: string;
  door: ReferralDoor;
  referredAt: string;
  /** From the verified token, never from the request body. */
  referrer: { subject: string; agency: string };
  /** Arrest diversion only. */
  offenseCode: string | null;
  area: string;
  answers: ScreeningAnswers;
  /** Arrest diversion only: whether an aggrieved party was present, as the officer says; absent when not said. */
  aggrievedPartyPresent?: boolean;
}

declare const admitted: unique symbol;

/** An intake the decider's intake rules admitted: its protocol is the one in force. Only `admitReferral` makes one. */
export type AdmittedReferral = Omit<ReferralIntake, 'protocol'> & { protocol: Protocol; readonly [admitted]: true };

/** Records an admitted referral, for the participant it was matched to, with the personal values sealed. */
export interface RecordReferral {
  type: 'RecordReferral';
  referralId: string;
  participantId: string;
  intake: AdmittedReferral;
  /** Name, date of birth, address and contact details, sealed under the participant's data key. */
  identity: SealedValue;
  /** The probable-cause narrative, sealed; present exactly when the intake names an offense. */
  probableCause: SealedValue | null;
  /**
   * The screening answers (drug quantity, violent history, protective orders…), sealed: under the arrest's own key
   * for an arrest diversion (its expungement erases them with the narrative), else under the participant's. The
   * decider screens the intake's answers; what it records is this.
   */
  sealedAnswers: SealedValue;
}

export interface AnswerOffer {
  type: 'AnswerOffer';
  accepted: boolean;
  at: string;
}

export interface RecordAggrievedPartyAgreement {
  type: 'RecordAggrievedPartyAgreement';
  agreed: boolean;
  at: string;
}

export interface RecordLeadLineCall {
  type: 'RecordLeadLineCall';
  at: string;
}

export interface RecordCaseManagerArrival {
  type: 'RecordCaseManagerArrival';
  at: string;
  /** From the verified token; whether the agency is a provider of the referral's jurisdiction, from its configuration. */
  caseManager: { subject: string; agency: string; agencyIsProvider: boolean };
}

export interface RelinquishCustody {
  type: 'RelinquishCustody';
  at: string;
}

/** Carries the prosecution service's decision (received over the bus) onto the referral. */
export interface ApplyProsecutorDecision {
  type: 'ApplyProsecutorDecision';
  /** Where the decision was taken: the referral's own jurisdiction, or the message is a producer's bug. */
  jurisdiction: string;
  eligible: boolean;
  basis: 'confirmed' | 'overridden';
  reasonCode: string;
  prosecutor: { subject: string; agency: string };
  at: string;
}
