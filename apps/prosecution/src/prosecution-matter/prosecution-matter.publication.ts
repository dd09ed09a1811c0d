import { TOPICS, type IntegrationEvent } from '@lead/contracts';
import type { RecordedEvent } from '@lead/event-store';
import { integrationEventFrom, UnpublishableEvent, type IntegrationEventMapper } from '@lead/messaging';
import type { ProsecutionMatterEvent } from './prosecution-matter.events.js';
import { PROSECUTION_STREAM_PREFIX } from './prosecution-matter.repository.js';

const SOURCE = '/lead/prosecution';

/**
 * What the prosecution service publishes on `lead.prosecution.v1`. The prosecutor's notes and reasoning stay in
 * the service; decisions travel as codes, attributed to the prosecutor's office and staff id.
 */
export const prosecutionPublication: IntegrationEventMapper = {
  topic: TOPICS.prosecution,
  filter: { streamPrefixes: [PROSECUTION_STREAM_PREFIX] },
  map(event: RecordedEvent): IntegrationEvent | null {
    const participantId = event.metadata.participantId;
    if (!participantId) throw new UnpublishableEvent(event, 'its metadata names no participant');
    const e = { ...(event.data as ProsecutionMatterEvent), type: event.type } as ProsecutionMatterEvent;
    switch (e.type) {
      case 'ChargeHeld':
        return integrationEventFrom(event, SOURCE, 'lead.prosecution.charge-held', participantId, {
          matterId: e.matterId,
          referralId: e.referralId,
          offenseCode: e.offenseCode,
          heldOn: e.heldOn,
          intakeDeadline: e.intakeDeadline,
        });
      case 'EligibilityDecided':
        return integrationEventFrom(event, SOURCE, 'lead.prosecution.eligibility-decided', participantId, {
          matterId: e.matterId,
          referralId: e.referralId,
          decision: e.basis,
          outcome: e.eligible ? 'eligible' : 'ineligible',
          reasonCode: e.reasonCode,
          decidedBy: { agency: e.prosecutor.agency, staffId: e.prosecutor.subject },
          decidedAt: e.at,
        });
      case 'ChargeReleased':
        return integrationEventFrom(event, SOURCE, 'lead.prosecution.charge-released', participantId, {
          matterId: e.matterId,
          reason: e.reason,
          releasedOn: e.releasedOn,
        });
      case 'ChargeDeclined':
        return integrationEventFrom(event, SOURCE, 'lead.prosecution.charge-declined', participantId, {
          matterId: e.matterId,
          reason: e.reason,
          declinedOn: e.declinedOn,
        });
      case 'ChargeFiled':
        return integrationEventFrom(event, SOURCE, 'lead.prosecution.charge-filed', participantId, {
          matterId: e.matterId,
          offenseCode: e.offenseCode,
          filedOn: e.filedOn,
        });
      case 'SealingEligible':
        return integrationEventFrom(event, SOURCE, 'lead.prosecution.sealing-eligible', participantId, {
          matterId: e.matterId,
          recordCustodians: e.custodians,
          eligibleOn: e.eligibleOn,
        });
      case 'CustodianSealed':
        return integrationEventFrom(event, SOURCE, 'lead.prosecution.sealing-confirmed', participantId, {
          matterId: e.matterId,
          custodian: e.custodian,
          sealedOn: e.sealedOn,
        });
      case 'ArrestExpunged':
        return integrationEventFrom(event, SOURCE, 'lead.prosecution.arrest-expunged', participantId, {
          matterId: e.matterId,
          referralId: e.referralId,
          basis: e.basis,
          expungedOn: e.expungedOn,
        });
      // What the prosecutor's office learns from the referral and the case is its own record, not news for others:
      // consents and the intake came from case management, which published them itself.
      case 'MatterOpened':
      case 'MatterTermsSet':
      case 'OfficerScreeningNoted':
      case 'ReferralEnded':
      case 'CaseLinked':
      case 'ConsentNoted':
      case 'ConsentRevocationNoted':
      case 'ParticipationEndedNoted':
      case 'IntakeReported':
      case 'IntakeDisclosed':
        return null;
      default:
        throw new UnpublishableEvent(event, 'the prosecution publication does not know this event type');
    }
  },
};
