import type { IntegrationEvent } from '@lead/contracts';
import type { RecordedEvent } from '@lead/event-store';
import { integrationEventFrom, streamEntityId, UnpublishableEvent } from '@lead/messaging';
import type { ParticipantEvent } from './participant.events.js';
import { PARTICIPANT_STREAM_PREFIX } from './participant.repository.js';

const SOURCE = '/lead/referrals';

/**
 * A participant stream's part of `lead.referrals.v1` (the service's publication is `referralsPublication`):
 * merges are news for every consumer, registration is internal (a participant becomes visible through a referral).
 */
export function mapParticipantEvent(event: RecordedEvent): IntegrationEvent | null {
  const participantId = streamEntityId(event, PARTICIPANT_STREAM_PREFIX);
  const e = { ...(event.data as ParticipantEvent), type: event.type } as ParticipantEvent;
  switch (e.type) {
    case 'ParticipantMergedInto':
      return integrationEventFrom(event, SOURCE, 'lead.participant.merged', participantId, {
        mergedInto: e.into,
        reasonCode: e.reasonCode,
        mergedAt: e.at,
      });
    case 'ParticipantRegistered':
      return null;
    // Internal for now: no contract announces an erasure yet (docs/referrals.md, "What erasure leaves to others").
    case 'ParticipantErasureBegun':
    case 'ParticipantErased':
      return null;
    default:
      throw new UnpublishableEvent(event, 'the referrals publication does not know this event type');
  }
}
