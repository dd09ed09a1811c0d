import type { ReferralDoor } from '@lead/jurisdictions';
import type { ReferralClosed, ReferralEvent, ReferralRequirements } from '../referral.events.js';
import { storedInstant } from '../referral-time.js';
import type { CriterionOutcome } from '../screening.js';

/**
 * The referral record: its workflow status, read from the referral's own stream. Never the
 * person's identity, the offense narrative (both sealed in the events and never opened here), the
 * offense, the coarse area or the raw screening answers: only each criterion's outcome.
 */
export interface ReferralRecord {
  referralId: string;
  /** The participant now: the recorded one, or the record it was merged into. */
  participantId: string;
  jurisdiction: string;
  district: string;
  door: ReferralDoor;
  referredAt: string;
  protocolVersion: string;
  referrer: { agency: string; subject: string };
  /** What the protocol version in force when the referral was made asks for. */
  requirements: Omit<ReferralRequirements, 'protocolVersion'>;
  status: 'open' | 'accepted' | 'closed';
  acceptedAt: string | null;
  closedAt: string | null;
  closeReason: ReferralClosed['reason'] | null;
  /** Eligibility now: the prosecutor's decision where there is one (final), else the officer's screening. */
  eligible: boolean | null;
  screening: { protocolVersion: string; eligible: boolean; criteria: CriterionOutcome[] } | null;
  offer: { accepted: boolean; at: string } | null;
  aggrievedParty: { agreed: boolean; at: string } | null;
  handOff: {
    calledAt: string;
    arrivedAt: string | null;
    minutesFromCall: number | null;
    targetMinutes: number;
    withinTarget: boolean | null;
  } | null;
  custodyRelinquishedAt: string | null;
  /** The day the arrest was expunged (its narrative erased here); null before, and for other doors. */
  arrestExpungedOn: string | null;
  prosecutorDecision: {
    eligible: boolean;
    basis: 'confirmed' | 'overridden';
    reasonCode: string;
    prosecutorAgency: string;
    at: string;
  } | null;
}

/**
 * Folds a referral stream into its record, field by field (nothing of an event is copied whole); undefined without a
 * `ReferralRecorded`. Every time is answered in UTC, as stored today, also from events stored with an offset.
 */
export function referralRecordOf(events: readonly ReferralEvent[]): ReferralRecord | undefined {
  let record: ReferralRecord | undefined;
  for (const event of events) {
    if (event.type === 'ReferralRecorded') {
      record = {
        referralId: event.referralId,
        participantId: event.participantId,
        jurisdiction: event.jurisdiction,
        district: event.district,
        door: event.door,
        referredAt: storedInstant(event.referredAt),
        protocolVersion: event.requirements.protocolVersion,
        referrer: { agency: event.referrer.agency, subject: event.referrer.subject },
        requirements: {
          aggrievedPartyAgreementRequired: event.requirements.aggrievedPartyAgreementRequired,
          prosecutorReviewRequired: event.requirements.prosecutorReviewRequired,
          handOffTargetMinutes: event.requirements.handOffTargetMinutes,
        },
        status: 'open',
        acceptedAt: null,
        closedAt: null,
        closeReason: null,
        eligible: null,
        screening: null,
        offer: null,
        aggrievedParty: null,
        handOff: null,
        custodyRelinquishedAt: null,
        arrestExpungedOn: null,
        prosecutorDecision: null,
      };
      continue;
    }
    if (!record) continue;
    switch (event.type) {
      case 'ReferralScreened':
        record.screening = {
          protocolVersion: event.protocolVersion,
          eligible: event.eligible,
          criteria: event.criteria.map((c) => ({ criterion: c.criterion, outcome: c.outcome })),
        };
        record.eligible = event.eligible;
        break;
      case 'OfferAnswered':
        record.offer = { accepted: event.accepted, at: storedInstant(event.at) };
        break;
      case 'AggrievedPartyAgreementRecorded':
        record.aggrievedParty = { agreed: event.agreed, at: storedInstant(event.at) };
        break;
      case 'LeadLineCalled':
        record.handOff = {
          calledAt: storedInstant(event.at),
          arrivedAt: null,
          minutesFromCall: null,
          targetMinutes: record.requirements.handOffTargetMinutes,
          withinTarget: null,
        };
        break;
      case 'CaseManagerArrived':
        record.handOff = {
          calledAt: storedInstant(event.calledAt),
          arrivedAt: storedInstant(event.at),
          minutesFromCall: event.minutesFromCall,
          targetMinutes: event.targetMinutes,
          withinTarget: event.withinTarget,
        };
        break;
      case 'CustodyRelinquished':
        record.custodyRelinquishedAt = storedInstant(event.at);
        break;
      case 'ArrestExpunged':
        record.arrestExpungedOn = event.expungedOn;
        break;
      case 'ProsecutorEligibilityDecided':
        record.prosecutorDecision = {
          eligible: event.eligible,
          basis: event.basis,
          reasonCode: event.reasonCode,
          prosecutorAgency: event.prosecutor.agency,
          at: storedInstant(event.at),
        };
        record.eligible = event.eligible;
        break;
      case 'ReferralAccepted':
        record.status = 'accepted';
        record.acceptedAt = storedInstant(event.at);
        break;
      case 'ReferralClosed':
        record.status = 'closed';
        record.closedAt = storedInstant(event.at);
        record.closeReason = event.reason;
        break;
    }
  }
  return record;
}
