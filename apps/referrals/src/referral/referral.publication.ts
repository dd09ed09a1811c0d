import { TOPICS, type IntegrationEvent } from '@lead/contracts';
import type { RecordedEvent } from '@lead/event-store';
import { integrationEventFrom, streamEntityId, UnpublishableEvent, type IntegrationEventMapper } from '@lead/messaging';
import { PARTICIPANT_STREAM_PREFIX } from '../participant/participant.repository.js';
import { mapParticipantEvent } from '../participant/participant.publication.js';
import { mapJusticeEvent } from '../justice-record/justice-record.publication.js';
import {
  JUSTICE_COMPARISON_STREAM_PREFIX,
  JUSTICE_RECORD_STREAM_PREFIX,
} from '../justice-record/justice-record.streams.js';
import type { ReferralEvent } from './referral.events.js';
import { REFERRAL_STREAM_PREFIX } from './referral.repository.js';

export const REFERRALS_SOURCE = '/lead/referrals';

/**
 * What the referrals service publishes on `lead.referrals.v1`: the referral's journey from the field to
 * enrolment, participant merges, and the justice-system import's events and comparison counts. Identity, the probable-cause narrative and the screening answers never
 * leave the service; the call to the LEAD line and the custody hand-over travel inside `handed-off`.
 */
export const referralsPublication: IntegrationEventMapper = {
  topic: TOPICS.referrals,
  filter: {
    streamPrefixes: [
      REFERRAL_STREAM_PREFIX,
      PARTICIPANT_STREAM_PREFIX,
      JUSTICE_RECORD_STREAM_PREFIX,
      JUSTICE_COMPARISON_STREAM_PREFIX,
    ],
  },
  map(event: RecordedEvent): IntegrationEvent | null {
    if (event.streamId.startsWith(PARTICIPANT_STREAM_PREFIX)) return mapParticipantEvent(event);
    // The justice-system import (docs/justice-import.md): participants' justice events and comparison counts.
    if (
      event.streamId.startsWith(JUSTICE_RECORD_STREAM_PREFIX) ||
      event.streamId.startsWith(JUSTICE_COMPARISON_STREAM_PREFIX)
    )
      return mapJusticeEvent(event);
    return mapReferralEvent(event);
  },
};

function mapReferralEvent(event: RecordedEvent): IntegrationEvent | null {
  const referralId = streamEntityId(event, REFERRAL_STREAM_PREFIX);
  const participantId = event.metadata.participantId;
  if (!participantId) throw new UnpublishableEvent(event, 'its metadata names no participant');
  const e = { ...(event.data as ReferralEvent), type: event.type } as ReferralEvent;
  const publish = integrationEventFrom;
  switch (e.type) {
    case 'ReferralRecorded':
      return publish(event, REFERRALS_SOURCE, 'lead.referral.recorded', participantId, {
        referralId,
        door: e.door,
        district: e.district,
        referredBy: { agency: e.referrer.agency, staffId: e.referrer.subject },
        referredAt: e.referredAt,
        ...(e.offense ? { offenseCode: e.offense.code } : {}),
        protocolVersion: e.requirements.protocolVersion,
      });
    case 'ReferralScreened':
      return publish(event, REFERRALS_SOURCE, 'lead.referral.screened', participantId, {
        referralId,
        protocolVersion: e.protocolVersion,
        outcome: e.eligible ? 'eligible' : 'ineligible',
        criteria: e.criteria.map(({ criterion, outcome }) => ({ criterion, outcome })),
      });
    case 'OfferAnswered': {
      const type = e.accepted ? 'lead.referral.offer-accepted' : 'lead.referral.offer-declined';
      return publish(event, REFERRALS_SOURCE, type, participantId, { referralId, answeredAt: e.at });
    }
    case 'AggrievedPartyAgreementRecorded':
      return publish(event, REFERRALS_SOURCE, 'lead.referral.aggrieved-party-agreement-recorded', participantId, {
        referralId,
        agreed: e.agreed,
        recordedAt: e.at,
      });
    case 'CaseManagerArrived':
      return publish(event, REFERRALS_SOURCE, 'lead.referral.handed-off', participantId, {
        referralId,
        calledAt: e.calledAt,
        arrivedAt: e.at,
        minutesFromCall: e.minutesFromCall,
        withinTarget: e.withinTarget,
        targetMinutes: e.targetMinutes,
        caseManagerAgency: e.caseManager.agency,
      });
    case 'ProsecutorEligibilityDecided':
      return publish(event, REFERRALS_SOURCE, 'lead.referral.prosecutor-eligibility-decided', participantId, {
        referralId,
        decision: e.basis,
        outcome: e.eligible ? 'eligible' : 'ineligible',
        reasonCode: e.reasonCode,
        prosecutorAgency: e.prosecutor.agency,
        decidedAt: e.at,
      });
    case 'ReferralAccepted':
      return publish(event, REFERRALS_SOURCE, 'lead.referral.accepted', participantId, {
        referralId,
        acceptedAt: e.at,
      });
    case 'ReferralClosed':
      return publish(event, REFERRALS_SOURCE, 'lead.referral.closed', participantId, {
        referralId,
        reason: e.reason,
        closedAt: e.at,
      });
    // The call and the custody hand-over are steps of the hand-off, published with it.
    case 'LeadLineCalled':
    case 'CustodyRelinquished':
      return null;
    // The prosecution service published the expungement; this is the referral's own record of carrying it out.
    case 'ArrestExpunged':
      return null;
    default:
      throw new UnpublishableEvent(event, 'the referrals publication does not know this event type');
  }
}
