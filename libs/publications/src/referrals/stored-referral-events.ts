import type { LatestEventData } from '@lead/contracts';

type ScreenedCriteria = LatestEventData['lead.referral.screened']['criteria'];

/*
 * The referrals service's stored domain events, as far as publishing reads them. The service owns the full
 * types (apps/referrals/src/referral/referral.events.ts, participant/participant.events.ts); these name only the
 * fields an integration event is built from, and the service's publication spec feeds its real decider output
 * through this mapping and the contracts' validation, so a change on either side that breaks it fails a test.
 */

export interface StoredReferralRecorded {
  referralId: string;
  participantId: string;
  district: string;
  door: 'arrest_diversion' | 'social_contact' | 'community';
  referredAt: string;
  referrer: { subject: string; agency: string };
  offense: { code: string } | null;
  requirements: { protocolVersion: string };
}

export interface StoredReferralScreened {
  protocolVersion: string;
  eligible: boolean;
  /** Each criterion as applied; the names and outcomes are the published ones. */
  criteria: ScreenedCriteria;
}

export interface StoredOfferAnswered {
  accepted: boolean;
  at: string;
}

export interface StoredAggrievedPartyAgreementRecorded {
  agreed: boolean;
  at: string;
}

export interface StoredCaseManagerArrived {
  at: string;
  caseManager: { agency: string };
  calledAt: string;
  minutesFromCall: number;
  targetMinutes: number;
  withinTarget: boolean;
}

export interface StoredProsecutorEligibilityDecided {
  eligible: boolean;
  basis: 'confirmed' | 'overridden';
  reasonCode: string;
  prosecutor: { agency: string };
  at: string;
}

export interface StoredReferralAccepted {
  at: string;
}

export interface StoredReferralClosed {
  reason: 'ineligible' | 'declined_by_person' | 'aggrieved_party_disagreed' | 'prosecutor_found_ineligible';
  at: string;
}

export interface StoredParticipantMergedInto {
  into: string;
  reasonCode: string;
  at: string;
}
