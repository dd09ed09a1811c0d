import type { ContractData, EventContract } from './event-contract.js';
import { eventHistory, type EventHistory } from './event-history.js';
import { caseAssessmentCompletedV1ToV2 } from './events/cases/case-assessment-completed.upcasters.js';
import { caseAssessmentCompletedV1 } from './events/cases/case-assessment-completed.v1.js';
import { caseAssessmentCompletedV2 } from './events/cases/case-assessment-completed.v2.js';
import { caseConsentRecordedV1 } from './events/cases/case-consent-recorded.v1.js';
import { caseConsentRevokedV1 } from './events/cases/case-consent-revoked.v1.js';
import { caseContactLoggedV1ToV2 } from './events/cases/case-contact-logged.upcasters.js';
import { caseContactLoggedV1 } from './events/cases/case-contact-logged.v1.js';
import { caseContactLoggedV2 } from './events/cases/case-contact-logged.v2.js';
import { caseDemographicsRecordedV1 } from './events/cases/case-demographics-recorded.v1.js';
import { caseEngagementChangedV1ToV2 } from './events/cases/case-engagement-changed.upcasters.js';
import { caseEngagementChangedV1 } from './events/cases/case-engagement-changed.v1.js';
import { caseEngagementChangedV2 } from './events/cases/case-engagement-changed.v2.js';
import { caseExitedV1ToV2 } from './events/cases/case-exited.upcasters.js';
import { caseExitedV1 } from './events/cases/case-exited.v1.js';
import { caseExitedV2 } from './events/cases/case-exited.v2.js';
import { caseIntakeCompletedV1 } from './events/cases/case-intake-completed.v1.js';
import { caseMonthlySnapshotRecordedV1 } from './events/cases/case-monthly-snapshot-recorded.v1.js';
import { caseOpenedV1 } from './events/cases/case-opened.v1.js';
import { casePlanUpdatedV1 } from './events/cases/case-plan-updated.v1.js';
import { caseReenrolledV1 } from './events/cases/case-reenrolled.v1.js';
import { caseServiceReferralStatusChangedV1ToV2 } from './events/cases/case-service-referral-status-changed.upcasters.js';
import { caseServiceReferralStatusChangedV1 } from './events/cases/case-service-referral-status-changed.v1.js';
import { caseServiceReferralStatusChangedV2 } from './events/cases/case-service-referral-status-changed.v2.js';
import { prosecutionChargeDeclinedV1 } from './events/prosecution/prosecution-charge-declined.v1.js';
import { prosecutionChargeFiledV1 } from './events/prosecution/prosecution-charge-filed.v1.js';
import { prosecutionChargeHeldV1 } from './events/prosecution/prosecution-charge-held.v1.js';
import { prosecutionEligibilityDecidedV1 } from './events/prosecution/prosecution-eligibility-decided.v1.js';
import { prosecutionChargeReleasedV1 } from './events/prosecution/prosecution-charge-released.v1.js';
import { prosecutionNewChargeCoordinatedV1 } from './events/prosecution/prosecution-new-charge-coordinated.v1.js';
import { prosecutionSealingEligibleV1 } from './events/prosecution/prosecution-sealing-eligible.v1.js';
import { prosecutionLegalMatterCoordinatedV1 } from './events/prosecution/prosecution-legal-matter-coordinated.v1.js';
import { prosecutionTerminationDecidedV1 } from './events/prosecution/prosecution-termination-decided.v1.js';
import { prosecutionSealingConfirmedV1 } from './events/prosecution/prosecution-sealing-confirmed.v1.js';
import { prosecutionArrestExpungedV1 } from './events/prosecution/prosecution-arrest-expunged.v1.js';
import { justiceComparisonCountedV1 } from './events/justice/justice-comparison-counted.v1.js';
import { justiceRecordImportedV1 } from './events/justice/justice-record-imported.v1.js';
import { participantMergedV1 } from './events/referrals/participant-merged.v1.js';
import { referralAcceptedV1 } from './events/referrals/referral-accepted.v1.js';
import { referralAggrievedPartyAgreementRecordedV1 } from './events/referrals/referral-aggrieved-party-agreement-recorded.v1.js';
import { referralClosedV1 } from './events/referrals/referral-closed.v1.js';
import { referralHandedOffV1ToV2 } from './events/referrals/referral-handed-off.upcasters.js';
import { referralHandedOffV1 } from './events/referrals/referral-handed-off.v1.js';
import { referralHandedOffV2 } from './events/referrals/referral-handed-off.v2.js';
import { referralOfferAcceptedV1 } from './events/referrals/referral-offer-accepted.v1.js';
import { referralOfferDeclinedV1 } from './events/referrals/referral-offer-declined.v1.js';
import { referralProsecutorEligibilityDecidedV1 } from './events/referrals/referral-prosecutor-eligibility-decided.v1.js';
import { referralRecordedV1 } from './events/referrals/referral-recorded.v1.js';
import { referralScreenedV1 } from './events/referrals/referral-screened.v1.js';
import type { IntegrationEvent } from './integration-event.js';
import { auditContracts } from './audit/audit-event.js';

/**
 * Every integration event type with all its published versions, oldest first. To add a version:
 * write `<event>.v<N+1>.ts` beside the old one, append it here with the upcaster from v<N>, run
 * `npm run contracts:publish` (docs/contracts.md).
 */
export const eventHistories = [
  // lead.referrals.v1
  eventHistory([referralRecordedV1]),
  eventHistory([referralScreenedV1]),
  eventHistory([referralOfferAcceptedV1]),
  eventHistory([referralOfferDeclinedV1]),
  eventHistory([referralAggrievedPartyAgreementRecordedV1]),
  eventHistory([referralHandedOffV1, referralHandedOffV2], referralHandedOffV1ToV2),
  eventHistory([referralProsecutorEligibilityDecidedV1]),
  eventHistory([referralAcceptedV1]),
  eventHistory([referralClosedV1]),
  eventHistory([participantMergedV1]),
  // lead.referrals.v1: the referrals service's justice-system import (docs/justice-import.md)
  eventHistory([justiceRecordImportedV1]),
  eventHistory([justiceComparisonCountedV1]),
  // lead.cases.v1
  eventHistory([caseOpenedV1]),
  eventHistory([caseIntakeCompletedV1]),
  eventHistory([caseDemographicsRecordedV1]),
  eventHistory([caseAssessmentCompletedV1, caseAssessmentCompletedV2], caseAssessmentCompletedV1ToV2),
  eventHistory([casePlanUpdatedV1]),
  eventHistory(
    [caseServiceReferralStatusChangedV1, caseServiceReferralStatusChangedV2],
    caseServiceReferralStatusChangedV1ToV2,
  ),
  eventHistory([caseContactLoggedV1, caseContactLoggedV2], caseContactLoggedV1ToV2),
  eventHistory([caseEngagementChangedV1, caseEngagementChangedV2], caseEngagementChangedV1ToV2),
  eventHistory([caseExitedV1, caseExitedV2], caseExitedV1ToV2),
  eventHistory([caseReenrolledV1]),
  eventHistory([caseConsentRecordedV1]),
  eventHistory([caseConsentRevokedV1]),
  eventHistory([caseMonthlySnapshotRecordedV1]),
  // lead.prosecution.v1
  eventHistory([prosecutionChargeHeldV1]),
  eventHistory([prosecutionEligibilityDecidedV1]),
  eventHistory([prosecutionChargeDeclinedV1]),
  eventHistory([prosecutionChargeReleasedV1]),
  eventHistory([prosecutionChargeFiledV1]),
  eventHistory([prosecutionNewChargeCoordinatedV1]),
  eventHistory([prosecutionSealingEligibleV1]),
  eventHistory([prosecutionLegalMatterCoordinatedV1]),
  eventHistory([prosecutionTerminationDecidedV1]),
  eventHistory([prosecutionSealingConfirmedV1]),
  eventHistory([prosecutionArrestExpungedV1]),
] as const;

type KnownHistory = (typeof eventHistories)[number];

/** Every CloudEvents `type` this library knows. */
export type IntegrationEventType = KnownHistory['type'];

/** The data of the latest version of each event type: what a consumer handles after upcasting. */
export type LatestEventData = { [H in KnownHistory as H['type']]: ContractData<H['latest']> };

/** An integration event at the latest version of its type, discriminated by `type`. */
export type LatestIntegrationEvent = {
  [T in IntegrationEventType]: IntegrationEvent<LatestEventData[T]> & { type: T };
}[IntegrationEventType];

/** Every published version of every event type: the public surface integrators code against. */
export const contractCatalogue: readonly EventContract[] = eventHistories.flatMap(
  (history): readonly EventContract[] => history.versions,
);

/** Every version published under libs/contracts/published: the integration events' and the audit events'. */
export const publishedContracts: readonly EventContract[] = [...contractCatalogue, ...auditContracts];

const historiesByType: ReadonlyMap<string, EventHistory> = new Map(
  eventHistories.map((history): [string, EventHistory] => [history.type, history]),
);

export function findEventHistory(type: string): EventHistory | undefined {
  return historiesByType.get(type);
}

/** The contract of one version, or undefined when this library does not know it. */
export function findContract(type: string, version: number): EventContract | undefined {
  return historiesByType.get(type)?.versions.find((contract) => contract.version === version);
}

/** The newest version of a type: what producers emit. */
export function latestContract(type: string): EventContract | undefined {
  return historiesByType.get(type)?.latest;
}
