import {
  accessAuditPolicy,
  addressThrottlePolicy,
  defineAccessPolicy,
  platformRoutesPolicy,
  type RoutePolicy,
} from '@lead/access';

/** A staff write on a case: its provider's case managers (their own caseload) and supervisors (the provider's). */
const caseWrite: RoutePolicy = { roles: ['case_manager', 'supervisor'], scope: 'own-agency', audited: false };

/**
 * Who may call which case-management route. The scope is checked on the loaded case (`caseVisibleTo`): a case
 * manager reaches the cases assigned to them, a supervisor every case of their provider agency, a program admin
 * statuses and counts of their jurisdictions; anything else answers 404, like a missing case. Police and
 * prosecutors have one route, the participation status, under the participant's consent. Reading a case is an
 * audited participant read; writes answer receipts, never participant data.
 */
export const caseManagementPolicy = defineAccessPolicy({
  ...platformRoutesPolicy,
  // GET /v1/audit/access-events: auditors, their jurisdictions' entries only (the service's own access audit).
  ...accessAuditPolicy,
  // GET /v1/access/throttled-addresses and DELETE .../:address (the lift, audited): program admins.
  ...addressThrottlePolicy,
  'POST /v1/cases/:caseId/case-manager': { roles: ['supervisor'], scope: 'own-agency', audited: false },
  'POST /v1/cases/:caseId/intake': caseWrite,
  'POST /v1/cases/:caseId/consents': caseWrite,
  'POST /v1/cases/:caseId/consents/:consentId/revocation': caseWrite,
  'POST /v1/cases/:caseId/assessments': caseWrite,
  'POST /v1/cases/:caseId/goals': caseWrite,
  'POST /v1/cases/:caseId/goals/:goalId/revision': caseWrite,
  'POST /v1/cases/:caseId/goals/:goalId/achievement': caseWrite,
  'POST /v1/cases/:caseId/goals/:goalId/set-aside': caseWrite,
  'POST /v1/cases/:caseId/service-connections': caseWrite,
  'POST /v1/cases/:caseId/service-connections/:connectionId/status': caseWrite,
  'POST /v1/cases/:caseId/contacts': caseWrite,
  'POST /v1/cases/:caseId/exit': caseWrite,
  'POST /v1/cases/:caseId/reenrollment': caseWrite,
  // The participant's record as the treating program holds it: identity, intake, assessments, plan, contacts.
  'GET /v1/cases/:caseId': {
    roles: ['case_manager', 'supervisor'],
    scope: 'own-agency',
    audited: true,
    views: { case_manager: 'full', supervisor: 'full' },
  },
  // A caseload: ids, codes and due dates (no identity, no clinical detail), a case manager's own, a supervisor's provider's.
  'GET /v1/caseload': { roles: ['case_manager', 'supervisor'], scope: 'jurisdiction-filtered', audited: false },
  // Aggregates only (no case, participant or staff member named): evaluators get small cells withheld.
  'GET /v1/cases/counts': { roles: ['program_admin', 'evaluator'], scope: 'jurisdiction-filtered', audited: false },
  'GET /v1/cases/follow-up-rate': {
    roles: ['program_admin', 'supervisor'],
    scope: 'jurisdiction-filtered',
    audited: false,
  },
  // Enrolled / engaged / intake by the deadline / exited, only while a consent covers the caller's agency.
  'GET /v1/participants/:participantId/participation-status': {
    roles: ['officer', 'prosecutor'],
    scope: 'jurisdiction',
    audited: true,
    views: { officer: 'participation-status', prosecutor: 'participation-status' },
  },
});
