import { TOPICS, type IntegrationEvent, type IntegrationEventType, type LatestEventData } from '@lead/contracts';
import type { EventStore } from '@lead/event-store';
import { EmbeddedTopicPublisher, encodeIntegrationEvent } from '@lead/messaging';
import { randomUUID } from 'node:crypto';
import { publishOnEmbeddedBus } from './embedded-bus-message.js';

/*
 * The referrals service's integration events, put on the embedded bus's `lead.referrals.v1` exactly as that
 * service's relay does, for the suites of the services that follow referrals (they may not import that service:
 * only the contracts).
 */

export interface TestReferral {
  referralId: string;
  participantId: string;
  jurisdiction: string;
  correlationId: string;
  /** The integration events published for it, in order. */
  published: IntegrationEvent[];
  /** Their ids (`ce_id`), in order. */
  eventIds: string[];
}

export interface TestReferralOptions {
  jurisdiction?: string;
  door?: 'arrest_diversion' | 'social_contact' | 'community';
  district?: string;
  protocolVersion?: string;
  referredAt?: string;
  referrer?: { subject: string; agency: string };
  offenseCode?: string;
  participantId?: string;
}

const DENVER_DEFAULTS = {
  district: '6',
  protocolVersion: '2018-07',
  referrer: { subject: 'officer-17', agency: 'DPD' },
};

/** One referral event on `lead.referrals.v1`, validated against its contract as the relay would. */
export async function publishReferralEvent<T extends IntegrationEventType>(
  store: EventStore,
  referral: TestReferral,
  type: T,
  data: LatestEventData[T],
): Promise<IntegrationEvent> {
  const event = await publishOnEmbeddedBus(store, TOPICS.referrals, '/lead/referrals', referral, type, data);
  referral.published.push(event);
  referral.eventIds.push(event.id);
  return event;
}

/** `lead.referral.recorded`, as the referrals service publishes it (Denver's defaults). */
export async function publishReferralRecorded(
  store: EventStore,
  options: TestReferralOptions = {},
): Promise<TestReferral> {
  const door = options.door ?? 'arrest_diversion';
  const referral: TestReferral = {
    referralId: randomUUID(),
    participantId: options.participantId ?? randomUUID(),
    jurisdiction: options.jurisdiction ?? 'denver',
    correlationId: randomUUID(),
    published: [],
    eventIds: [],
  };
  await publishReferralEvent(store, referral, 'lead.referral.recorded', {
    referralId: referral.referralId,
    door,
    district: options.district ?? DENVER_DEFAULTS.district,
    referredBy: (({ agency, subject }) => ({ agency, staffId: subject }))(options.referrer ?? DENVER_DEFAULTS.referrer),
    referredAt: options.referredAt ?? '2025-03-04T21:15:00.000Z',
    ...(door === 'arrest_diversion' ? { offenseCode: options.offenseCode ?? 'CO-18-18-403.5' } : {}),
    protocolVersion: options.protocolVersion ?? DENVER_DEFAULTS.protocolVersion,
  });
  return referral;
}

/** `lead.referral.handed-off`: the case manager of `agency` arrived `minutesFromCall` after the call. */
export async function publishReferralHandedOff(
  store: EventStore,
  referral: TestReferral,
  agency: string,
  calledAt = '2025-03-04T21:20:00.000Z',
  minutesFromCall = 18,
): Promise<IntegrationEvent> {
  return publishReferralEvent(store, referral, 'lead.referral.handed-off', {
    referralId: referral.referralId,
    calledAt,
    arrivedAt: new Date(Date.parse(calledAt) + minutesFromCall * 60_000).toISOString(),
    minutesFromCall,
    withinTarget: minutesFromCall <= 30,
    targetMinutes: 30,
    caseManagerAgency: agency,
  });
}

/** `lead.referral.accepted`: the person joined LEAD. */
export async function publishReferralAccepted(
  store: EventStore,
  referral: TestReferral,
  acceptedAt = '2025-03-04T21:45:00.000Z',
): Promise<IntegrationEvent> {
  return publishReferralEvent(store, referral, 'lead.referral.accepted', {
    referralId: referral.referralId,
    acceptedAt,
  });
}

/** The same message once more, id and all: what a redelivery (or a producer's retry) puts on the topic. */
export async function republishReferralEvent(store: EventStore, event: IntegrationEvent): Promise<void> {
  await new EmbeddedTopicPublisher(store).publish([
    { topic: TOPICS.referrals, messages: [encodeIntegrationEvent(event)] },
  ]);
}
