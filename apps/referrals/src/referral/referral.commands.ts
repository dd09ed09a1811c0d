import type { Protocol, ReferralDoor } from '@lead/jurisdictions';
import type { SealedValue } from './referral.events.js';
import type { ScreeningAnswers } from './screening.js';

export type ReferralCommand =
  | RecordReferral
  | AnswerOffer
  | RecordAggrievedPartyAgreement
  | RecordLeadLineCall
  | RecordCaseManagerArrival
  | RelinquishCustody
  | ApplyProsecutorDecision;

export interface RecordReferral {
  type: 'RecordReferral';
  referralId: string;
  participantId: string;
  /** The protocol version in force at `referredAt`, resolved by the handler from the registry. */
  protocol: Protocol;
  district: string;
  door: ReferralDoor;
  referredAt: string;
  /** From the verified token, never from the request body. */
  referrer: { subject: string; agency: string };
  offense: { code: string; probableCause: SealedValue } | null;
  identity: SealedValue;
  area: string;
  answers: ScreeningAnswers;
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
  caseManager: { subject: string; agency: string };
}

export interface RelinquishCustody {
  type: 'RelinquishCustody';
  at: string;
}

/** Carries the prosecution service's decision (received over the bus) onto the referral. */
export interface ApplyProsecutorDecision {
  type: 'ApplyProsecutorDecision';
  eligible: boolean;
  basis: 'confirmed' | 'overridden';
  reasonCode: string;
  prosecutor: { subject: string; agency: string };
  at: string;
}
