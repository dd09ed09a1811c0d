import { TOPICS, type IntegrationEvent } from '@lead/contracts';
import type { RecordedEvent } from '@lead/event-store';
import type { IntegrationEventMapper } from '@lead/messaging';
import { integrationEventFrom, streamEntityId, UnpublishableEvent } from '../integration-envelope.js';
import type {
  StoredAggrievedPartyAgreementRecorded,
  StoredCaseManagerArrived,
  StoredOfferAnswered,
  StoredParticipantMergedInto,
  StoredProsecutorEligibilityDecided,
  StoredReferralAccepted,
  StoredReferralClosed,
  StoredReferralRecorded,
  StoredReferralScreened,
} from './stored-referral-events.js';

const SOURCE = '/lead/referrals';
const REFERRAL = 'referral-';
const PARTICIPANT = 'participant-';

/**
 * What the referrals service publishes on `lead.referrals.v1`: the referral's journey from the field to
 * enrolment, and participant merges. Identity, the probable-cause narrative and the screening answers never
 * leave the service; the call to the LEAD line and the custody hand-over travel inside `handed-off`.
 */
export const referralsPublication: IntegrationEventMapper = {
  topic: TOPICS.referrals,
  filter: { streamPrefixes: [REFERRAL, PARTICIPANT] },
  map(event: RecordedEvent): IntegrationEvent | null {
    if (event.streamId.startsWith(PARTICIPANT)) return mapParticipantEvent(event);
    const referralId = streamEntityId(event, REFERRAL);
    const participantId = event.metadata.participantId;
    if (!participantId) throw new UnpublishableEvent(event, 'its metadata names no participant');
    const publish = integrationEventFrom;
    switch (event.type) {
      case 'ReferralRecorded': {
        const e = event.data as StoredReferralRecorded;
        return publish(event, SOURCE, 'lead.referral.recorded', participantId, {
          referralId,
          door: e.door,
          district: e.district,
          referredBy: { agency: e.referrer.agency, staffId: e.referrer.subject },
          referredAt: e.referredAt,
          ...(e.offense ? { offenseCode: e.offense.code } : {}),
          protocolVersion: e.requirements.protocolVersion,
        });
      }
      case 'ReferralScreened': {
        const e = event.data as StoredReferralScreened;
        return publish(event, SOURCE, 'lead.referral.screened', participantId, {
          referralId,
          protocolVersion: e.protocolVersion,
          outcome: e.eligible ? 'eligible' : 'ineligible',
          criteria: e.criteria.map(({ criterion, outcome }) => ({ criterion, outcome })),
        });
      }
      case 'OfferAnswered': {
        const e = event.data as StoredOfferAnswered;
        const type = e.accepted ? 'lead.referral.offer-accepted' : 'lead.referral.offer-declined';
        return publish(event, SOURCE, type, participantId, { referralId, answeredAt: e.at });
      }
      case 'AggrievedPartyAgreementRecorded': {
        const e = event.data as StoredAggrievedPartyAgreementRecorded;
        return publish(event, SOURCE, 'lead.referral.aggrieved-party-agreement-recorded', participantId, {
          referralId,
          agreed: e.agreed,
          recordedAt: e.at,
        });
      }
      case 'CaseManagerArrived': {
        const e = event.data as StoredCaseManagerArrived;
        return publish(event, SOURCE, 'lead.referral.handed-off', participantId, {
          referralId,
          calledAt: e.calledAt,
          arrivedAt: e.at,
          minutesFromCall: e.minutesFromCall,
          withinTarget: e.withinTarget,
          targetMinutes: e.targetMinutes,
          caseManagerAgency: e.caseManager.agency,
        });
      }
      case 'ProsecutorEligibilityDecided': {
        const e = event.data as StoredProsecutorEligibilityDecided;
        return publish(event, SOURCE, 'lead.referral.prosecutor-eligibility-decided', participantId, {
          referralId,
          decision: e.basis,
          outcome: e.eligible ? 'eligible' : 'ineligible',
          reasonCode: e.reasonCode,
          prosecutorAgency: e.prosecutor.agency,
          decidedAt: e.at,
        });
      }
      case 'ReferralAccepted': {
        const e = event.data as StoredReferralAccepted;
        return publish(event, SOURCE, 'lead.referral.accepted', participantId, { referralId, acceptedAt: e.at });
      }
      case 'ReferralClosed': {
        const e = event.data as StoredReferralClosed;
        return publish(event, SOURCE, 'lead.referral.closed', participantId, {
          referralId,
          reason: e.reason,
          closedAt: e.at,
        });
      }
      // The call and the custody hand-over are steps of the hand-off, published with it.
      case 'LeadLineCalled':
      case 'CustodyRelinquished':
        return null;
      default:
        throw new UnpublishableEvent(event, 'the referrals publication does not know this event type');
    }
  },
};

function mapParticipantEvent(event: RecordedEvent): IntegrationEvent | null {
  const participantId = streamEntityId(event, PARTICIPANT);
  switch (event.type) {
    case 'ParticipantMergedInto': {
      const e = event.data as StoredParticipantMergedInto;
      return integrationEventFrom(event, SOURCE, 'lead.participant.merged', participantId, {
        mergedInto: e.into,
        reasonCode: e.reasonCode,
        mergedAt: e.at,
      });
    }
    // Registration is internal: a participant becomes visible to others through a referral.
    case 'ParticipantRegistered':
      return null;
    default:
      throw new UnpublishableEvent(event, 'the referrals publication does not know this event type');
  }
}
