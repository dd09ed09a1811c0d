import { defineAccessPolicy, platformRoutesPolicy, type RoutePolicy } from '@lead/access';

/**
 * Reports are aggregates of a jurisdiction (no participant, case or staff member is named). Program admins get exact
 * figures for their jurisdictions; evaluators closed periods with small cells withheld. Police, prosecutors,
 * case managers and integrators get nothing here.
 */
const report: RoutePolicy = { roles: ['program_admin', 'evaluator'], scope: 'jurisdiction-filtered', audited: false };

export const reportingPolicy = defineAccessPolicy({
  ...platformRoutesPolicy,
  'GET /v1/reports/program': report,
  'GET /v1/reports/outcomes': report,
  'GET /v1/reports/monthly-series': report,
  'GET /v1/reports/cost': report,
  'GET /v1/reports/equity': report,
  'GET /v1/reports/program.csv': report,
  'GET /v1/reports/funder': report,
  'GET /v1/reports/funder.csv': report,
});
