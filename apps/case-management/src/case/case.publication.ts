import { TOPICS, type IntegrationEvent } from '@lead/contracts';
import { isSealedValue, type SealedValue } from '@lead/crypto/sealed-value';
import type { RecordedEvent } from '@lead/event-store';
import { integrationEventFrom, streamEntityId, UnpublishableEvent, type IntegrationEventMapper } from '@lead/messaging';
import type { ServiceType } from './case-vocabulary.js';
import type { CaseEvent } from './case.events.js';
import { CASE_STREAM_PREFIX } from './case.repository.js';

export const CASE_MANAGEMENT_SOURCE = '/lead/case-management';

/**
 * The published category of a service type. Treatment of every kind travels as `health_care`: a published "MOUD"
 * would disclose substance-use treatment (42 CFR Part 2), so the bus never learns which treatment.
 */
const SERVICE_CATEGORY = {
  housing: 'housing',
  moud: 'health_care',
  other_treatment: 'health_care',
  mental_health: 'health_care',
  food: 'food',
  legal_advocacy: 'legal_advocacy',
  education: 'education',
  job_training: 'job_training',
  benefits: 'income_benefits',
  id_documents: 'identification_documents',
} as const satisfies Record<ServiceType, string>;

const dayOf = (instant: string) => new Date(instant).toISOString().slice(0, 10);

/**
 * The demographics as they travel: the value stored in the case stream, sealed at intake with the participant's data
 * key (`PersonalDataCipher.sealEach`, the change-case handler), passed on unopened, so a consumer holding the key
 * store opens it with `PersonalDataCipher.open(participantId, value)` and no one else can. A value not sealed with
 * the participant's key alone (in clear, or under a scope) is never published: the relay stops at it.
 */
function sealedDemographics(event: RecordedEvent, value: unknown): SealedValue {
  if (!isSealedValue(value) || value.scope !== undefined) {
    throw new UnpublishableEvent(event, 'its demographics are not sealed with the participant’s data key');
  }
  return { $sealed: value.$sealed, data: value.data };
}

/**
 * What case management publishes on `lead.cases.v1`: status only, under the pseudonymous participant id. Nothing
 * clinical or written in words leaves the service: no identity, place, answers, scores, goal wording, provider
 * names, living situation or exit destination; no staff assignment either (internal). Consents travel with their
 * scope, recipients and expiry, so other services can hold the consent state and disclose by it. The one sealed
 * value that travels is the demographics (race and ethnicity, sex) for the equity reports, still sealed with the
 * participant's key: readable only where the key store is, and nowhere once the participant is erased.
 */
export const casePublication: IntegrationEventMapper = {
  topic: TOPICS.cases,
  filter: { streamPrefixes: [CASE_STREAM_PREFIX] },
  map(event: RecordedEvent): IntegrationEvent | null {
    const caseId = streamEntityId(event, CASE_STREAM_PREFIX);
    const participantId = event.metadata.participantId;
    if (!participantId) throw new UnpublishableEvent(event, 'its metadata names no participant');
    const e = { ...(event.data as CaseEvent), type: event.type } as CaseEvent;
    const publish = integrationEventFrom;
    switch (e.type) {
      case 'CaseOpened':
        return publish(event, CASE_MANAGEMENT_SOURCE, 'lead.case.opened', participantId, {
          caseId,
          referralId: e.referralId,
          providerAgency: e.providerAgency,
          openedAt: e.openedAt,
        });
      case 'IntakeCompleted':
        return publish(event, CASE_MANAGEMENT_SOURCE, 'lead.case.intake-completed', participantId, {
          caseId,
          completedOn: e.completedOn,
          deadline: e.deadline,
          releaseOfInformationSigned: e.releaseOfInformationSigned,
        });
      case 'DemographicsRecorded':
        return publish(event, CASE_MANAGEMENT_SOURCE, 'lead.case.demographics-recorded', participantId, {
          caseId,
          recordedAt: e.at,
          demographics: sealedDemographics(event, e.demographics),
        });
      case 'ConsentRecorded':
        return publish(event, CASE_MANAGEMENT_SOURCE, 'lead.case.consent-recorded', participantId, {
          caseId,
          consentId: e.consentId,
          recipients: e.recipients,
          scope: e.scope as ['participation-status'],
          purpose: e.purpose,
          signedAt: e.signedAt,
          expiry: e.expiry,
        });
      case 'ConsentRevoked':
        return publish(event, CASE_MANAGEMENT_SOURCE, 'lead.case.consent-revoked', participantId, {
          caseId,
          consentId: e.consentId,
          recipients: e.recipients,
          revokedAt: e.revokedAt,
        });
      case 'AssessmentRecorded':
        return publish(event, CASE_MANAGEMENT_SOURCE, 'lead.case.assessment-completed', participantId, {
          caseId,
          assessmentId: e.assessmentId,
          instrument: e.instrument,
          occasion: e.occasion,
          completedOn: e.completedOn,
        });
      case 'GoalAdded':
      case 'GoalRevised':
      case 'GoalAchieved':
      case 'GoalSetAside':
        return publish(event, CASE_MANAGEMENT_SOURCE, 'lead.case.plan-updated', participantId, {
          caseId,
          planVersion: e.planVersion,
          goalCount: e.activeGoals,
          updatedAt: e.at,
        });
      case 'ServiceConnectionMade':
      case 'ServiceConnectionStatusChanged':
        return publish(event, CASE_MANAGEMENT_SOURCE, 'lead.case.service-referral-status-changed', participantId, {
          caseId,
          serviceConnectionId: e.connectionId,
          serviceCategory: SERVICE_CATEGORY[e.serviceType],
          status: e.type === 'ServiceConnectionMade' ? 'referred' : e.status,
          changedAt: e.at,
        });
      case 'ContactLogged':
        return publish(event, CASE_MANAGEMENT_SOURCE, 'lead.case.contact-logged', participantId, {
          caseId,
          contactId: e.contactId,
          contactKind: e.kind,
          successful: e.successful,
          contactedOn: dayOf(e.contactedAt),
          ...(e.durationMinutes !== null ? { durationMinutes: e.durationMinutes } : {}),
        });
      case 'EngagementChanged':
        return publish(event, CASE_MANAGEMENT_SOURCE, 'lead.case.engagement-changed', participantId, {
          caseId,
          level: e.level,
          previousLevel: e.previous,
          reengaged: e.reengaged,
          changedOn: dayOf(e.changedAt),
        });
      case 'CaseExited':
        return publish(event, CASE_MANAGEMENT_SOURCE, 'lead.case.exited', participantId, {
          caseId,
          reason: e.reason,
          exitedAt: e.exitedAt,
        });
      case 'CaseReenrolled':
        return publish(event, CASE_MANAGEMENT_SOURCE, 'lead.case.reenrolled', participantId, {
          caseId,
          reenrolledAt: e.reenrolledAt,
        });
      // Staff assignment is the provider's own business.
      case 'CaseManagerAssigned':
        return null;
      // The prosecution service's own coordination, come back: it knows it already, and no one else may.
      case 'LegalMatterNoted':
        return null;
      default:
        throw new UnpublishableEvent(event, 'the case publication does not know this event type');
    }
  },
};
