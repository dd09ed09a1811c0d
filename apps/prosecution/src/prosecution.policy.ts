import { accessAuditPolicy, addressThrottlePolicy, defineAccessPolicy, platformRoutesPolicy } from '@lead/access';

/**
 * Who may call which prosecution route: prosecutors, on matters of their jurisdictions (another jurisdiction's
 * matter answers 404, like a missing one). Whether the caller's agency is a prosecutor office of the matter's
 * jurisdiction is the decider's rule (422 `not_a_prosecutor_office`). Matters and legal matters hold no participant
 * record (ids, codes, dates), so only the liaison's participation status is an audited participant read.
 */
export const prosecutionPolicy = defineAccessPolicy({
  ...platformRoutesPolicy,
  // GET /v1/audit/access-events: auditors, their jurisdictions' entries only (the service's own access audit).
  ...accessAuditPolicy,
  // GET /v1/access/throttled-addresses and DELETE .../:address (the lift, audited): program admins.
  ...addressThrottlePolicy,
  'GET /v1/matters/:matterId': { roles: ['prosecutor'], scope: 'jurisdiction', audited: false },
  'GET /v1/referrals/:referralId/matter': { roles: ['prosecutor'], scope: 'jurisdiction', audited: false },
  'POST /v1/matters/:matterId/eligibility-decision': { roles: ['prosecutor'], scope: 'jurisdiction', audited: false },
  'POST /v1/matters/:matterId/charge-decision': { roles: ['prosecutor'], scope: 'jurisdiction', audited: false },
  'POST /v1/matters/:matterId/sealing-confirmations': {
    roles: ['prosecutor'],
    scope: 'jurisdiction',
    audited: false,
  },
  // The custodians overdue with their sealing, across the matters of the caller's jurisdictions (ids, codes, days).
  'GET /v1/sealing/overdue-custodians': {
    roles: ['prosecutor', 'program_admin'],
    scope: 'jurisdiction-filtered',
    audited: false,
  },
  // A participant's legal matters (new arrest or charge, older case, warrant): ids, codes, dates; no participation status.
  'POST /v1/participants/:participantId/legal-matters': {
    roles: ['prosecutor'],
    scope: 'jurisdiction',
    audited: false,
  },
  'POST /v1/participants/:participantId/legal-matters/:legalMatterId/decision': {
    roles: ['prosecutor'],
    scope: 'jurisdiction',
    audited: false,
  },
  'POST /v1/participants/:participantId/termination': { roles: ['prosecutor'], scope: 'jurisdiction', audited: false },
  'GET /v1/participants/:participantId/coordination': { roles: ['prosecutor'], scope: 'jurisdiction', audited: false },
  // The participation status for the liaison office, under a consent naming it: an audited participant read.
  'GET /v1/participants/:participantId/coordination/participation-status': {
    roles: ['prosecutor'],
    scope: 'jurisdiction',
    audited: true,
    views: { prosecutor: 'participation-status' },
  },
});
