import type { CaseServiceReferralStatusChangedV1 } from './case-service-referral-status-changed.v1.js';
import type { CaseServiceReferralStatusChangedV2 } from './case-service-referral-status-changed.v2.js';

type StatusV1 = CaseServiceReferralStatusChangedV1['status'];
type StatusV2 = CaseServiceReferralStatusChangedV2['status'];
type CategoryV1 = CaseServiceReferralStatusChangedV1['serviceCategory'];
type CategoryV2 = CaseServiceReferralStatusChangedV2['serviceCategory'];

/**
 * v1's loop in the network's words. `started` and `completed` both become `got_help` (the network does not tell
 * a service begun from one finished), so a v1 loop read as v2 may show `got_help` twice. v1's `declined` did not
 * say who declined; it reads as the participant's `no_longer_interested` (the closed loop's "declined" is the
 * participant's choice), not as a provider's `not_eligible` or `no_capacity`, which v1 could not express.
 */
const STATUS: Record<StatusV1, StatusV2> = {
  sent: 'referred',
  accepted: 'eligible',
  started: 'got_help',
  completed: 'got_help',
  declined: 'no_longer_interested',
};

/** v2 has no `transportation`; every other v1 category has a v2 category of the same name. */
const CATEGORY: Record<CategoryV1, CategoryV2> = {
  housing: 'housing',
  income_benefits: 'income_benefits',
  food: 'food',
  health_care: 'health_care',
  legal_advocacy: 'legal_advocacy',
  education: 'education',
  job_training: 'job_training',
  identification_documents: 'identification_documents',
  transportation: 'other',
  other: 'other',
};

/** v1 → v2: the id renamed, the category and the status mapped as above, the time unchanged. */
export function caseServiceReferralStatusChangedV1ToV2({
  caseId,
  serviceReferralId,
  serviceCategory,
  status,
  changedAt,
}: CaseServiceReferralStatusChangedV1): CaseServiceReferralStatusChangedV2 {
  return {
    caseId,
    serviceConnectionId: serviceReferralId,
    serviceCategory: CATEGORY[serviceCategory],
    status: STATUS[status],
    changedAt,
  };
}
