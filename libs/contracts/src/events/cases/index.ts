/*
 * The contracts of `lead.cases.v1` and the TypeScript types of their data, every published version, for the
 * case-management service that produces them and the consumers that read them. A consumer handles the latest
 * version only (`readIntegrationEvent` upcasts older ones); the older types are here for upcaster tests and replays.
 */
export { caseOpenedV1, type CaseOpenedV1 } from './case-opened.v1.js';
export { caseIntakeCompletedV1, type CaseIntakeCompletedV1 } from './case-intake-completed.v1.js';
export { caseDemographicsRecordedV1, type CaseDemographicsRecordedV1 } from './case-demographics-recorded.v1.js';
export { caseAssessmentCompletedV1, type CaseAssessmentCompletedV1 } from './case-assessment-completed.v1.js';
export { caseAssessmentCompletedV2, type CaseAssessmentCompletedV2 } from './case-assessment-completed.v2.js';
export { casePlanUpdatedV1, type CasePlanUpdatedV1 } from './case-plan-updated.v1.js';
export {
  caseServiceReferralStatusChangedV1,
  type CaseServiceReferralStatusChangedV1,
} from './case-service-referral-status-changed.v1.js';
export {
  caseServiceReferralStatusChangedV2,
  type CaseServiceReferralStatusChangedV2,
} from './case-service-referral-status-changed.v2.js';
export { caseContactLoggedV1, type CaseContactLoggedV1 } from './case-contact-logged.v1.js';
export { caseContactLoggedV2, type CaseContactLoggedV2 } from './case-contact-logged.v2.js';
export { caseEngagementChangedV1, type CaseEngagementChangedV1 } from './case-engagement-changed.v1.js';
export { caseEngagementChangedV2, type CaseEngagementChangedV2 } from './case-engagement-changed.v2.js';
export { caseExitedV1, type CaseExitedV1 } from './case-exited.v1.js';
export { caseExitedV2, type CaseExitedV2 } from './case-exited.v2.js';
export { caseReenrolledV1, type CaseReenrolledV1 } from './case-reenrolled.v1.js';
export { caseConsentRecordedV1, type CaseConsentRecordedV1 } from './case-consent-recorded.v1.js';
export { caseConsentRevokedV1, type CaseConsentRevokedV1 } from './case-consent-revoked.v1.js';
export {
  caseMonthlySnapshotRecordedV1,
  type CaseMonthlySnapshotRecordedV1,
} from './case-monthly-snapshot-recorded.v1.js';
