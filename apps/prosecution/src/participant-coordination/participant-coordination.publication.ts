import type { IntegrationEvent } from '@lead/contracts';
import type { RecordedEvent } from '@lead/event-store';
import { integrationEventFrom, UnpublishableEvent } from '@lead/messaging';
import type { ParticipantCoordinationEvent } from './participant-coordination.events.js';

const SOURCE = '/lead/prosecution';

/**
 * What the participant's coordination publishes on `lead.prosecution.v1` (the service's publication combines it
 * with the matters'): a legal matter the liaison coordinates with the plan, as its kind and day only, and a
 * termination on the DA's criteria. What the office recorded (offense, days, offices) and what it noted from case
 * management stay here.
 */
export function mapCoordinationEvent(event: RecordedEvent): IntegrationEvent | null {
  const participantId = event.metadata.participantId;
  if (!participantId) throw new UnpublishableEvent(event, 'its metadata names no participant');
  const e = { ...(event.data as ParticipantCoordinationEvent), type: event.type } as ParticipantCoordinationEvent;
  switch (e.type) {
    case 'LegalMatterDecided':
      if (e.decision !== 'coordinate') return null;
      return integrationEventFrom(event, SOURCE, 'lead.prosecution.legal-matter-coordinated', participantId, {
        legalMatterId: e.legalMatterId,
        kind: e.kind,
        status: 'coordinate',
        since: e.decidedOn,
      });
    case 'TerminationDecided':
      return integrationEventFrom(event, SOURCE, 'lead.prosecution.termination-decided', participantId, {
        criterionCode: e.criterionCode,
        protocolVersion: e.protocolVersion,
        decidedBy: { agency: e.decidedBy.agency, staffId: e.decidedBy.subject },
        decidedAt: e.at,
      });
    case 'CaseNoted':
    case 'ConsentNoted':
    case 'ConsentRevocationNoted':
    case 'IntakeNoted':
    case 'EngagementNoted':
    case 'ExitNoted':
    case 'ReenrolmentNoted':
    case 'LegalMatterRecorded':
    case 'DeferralCameDue':
      return null;
    default:
      throw new UnpublishableEvent(event, 'the coordination publication does not know this event type');
  }
}
