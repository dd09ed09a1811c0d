import {
  accessAuditPolicy,
  addressThrottlePolicy,
  defineAccessPolicy,
  platformRoutesPolicy,
  type RoutePolicy,
} from '@lead/access';

/**
 * Reports are aggregates of one jurisdiction, named in the query (no participant, case or staff member is named):
 * another jurisdiction's answers 404, like one that does not exist. Program admins get exact figures for their
 * jurisdictions; evaluators closed periods with small cells withheld. Police, prosecutors, case managers and
 * integrators get nothing here.
 */
const report: RoutePolicy = { roles: ['program_admin', 'evaluator'], scope: 'jurisdiction', audited: false };

export const reportingPolicy = defineAccessPolicy({
  ...platformRoutesPolicy,
  // GET /v1/audit/access-events: auditors, their jurisdictions' entries only (the service's own access audit).
  ...accessAuditPolicy,
  // GET /v1/access/throttled-addresses and DELETE .../:address (the lift, audited): program admins.
  ...addressThrottlePolicy,
  'GET /v1/reports/program': report,
  'GET /v1/reports/outcomes': report,
  'GET /v1/reports/monthly-series': report,
  'GET /v1/reports/cost': report,
  // The dashboard's page and files hold no data: the page calls the report routes with the caller's token.
  'GET /dashboard': { roles: [], scope: 'public', audited: false },
  'GET /dashboard/assets/:asset': { roles: [], scope: 'public', audited: false },
  'GET /v1/reports/equity': report,
  'GET /v1/reports/program.csv': report,
  'GET /v1/reports/funder': report,
  'GET /v1/reports/funder.csv': report,
  // The auditor's diff of the facts against a replay of the log: event ids and column names, of their jurisdictions.
  'GET /v1/audit/read-models/program-facts/diff': {
    roles: ['auditor'],
    scope: 'jurisdiction-filtered',
    audited: false,
  },
  // Evaluator exports: evaluators only; program admins record, amend and revoke the data-use agreements.
  'GET /v1/exports/evaluator': { roles: ['evaluator'], scope: 'jurisdiction', audited: false },
  'GET /v1/exports/evaluator/dictionary': {
    roles: ['evaluator', 'program_admin', 'auditor'],
    scope: 'jurisdiction-filtered',
    audited: false,
  },
  'POST /v1/data-use-agreements': { roles: ['program_admin'], scope: 'jurisdiction', audited: false },
  'GET /v1/data-use-agreements/:agreementId': {
    roles: ['program_admin', 'evaluator', 'auditor'],
    scope: 'jurisdiction',
    audited: false,
  },
  'POST /v1/data-use-agreements/:agreementId/fields': {
    roles: ['program_admin'],
    scope: 'jurisdiction',
    audited: false,
  },
  'POST /v1/data-use-agreements/:agreementId/revocation': {
    roles: ['program_admin'],
    scope: 'jurisdiction',
    audited: false,
  },
  'GET /v1/audit/evaluator-exports': { roles: ['auditor'], scope: 'jurisdiction-filtered', audited: false },
});
