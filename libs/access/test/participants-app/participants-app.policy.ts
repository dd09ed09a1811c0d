import { defineAccessPolicy } from '../../src/policy/access-policy.js';
import { accessAuditPolicy, platformRoutesPolicy } from '../../src/policy/standard-policies.js';

/** The test app's policy: the table the route matrix is generated from. */
export const participantsAppPolicy = defineAccessPolicy({
  ...platformRoutesPolicy,
  ...accessAuditPolicy,
  'GET /v1/me': {
    roles: ['officer', 'case_manager', 'prosecutor', 'program_admin', 'evaluator', 'auditor', 'integrator'],
    scope: 'self',
    audited: false,
  },
  'POST /v1/participants': { roles: ['officer', 'case_manager'], scope: 'jurisdiction', audited: false },
  'GET /v1/participants': {
    roles: ['case_manager', 'evaluator'],
    scope: 'jurisdiction-filtered',
    audited: true,
    views: { case_manager: 'full', evaluator: 'de-identified' },
  },
  'GET /v1/participants/:participantId': {
    roles: ['officer', 'case_manager', 'prosecutor', 'evaluator'],
    scope: 'jurisdiction',
    audited: true,
    views: {
      officer: 'participation-status',
      case_manager: 'full',
      prosecutor: 'participation-status',
      evaluator: 'de-identified',
    },
  },
  'GET /v1/participants/:participantId/referral': {
    roles: ['officer'],
    scope: 'own-agency',
    audited: true,
    views: { officer: 'participation-status' },
  },
  'PUT /v1/participants/:participantId/consent': { roles: ['case_manager'], scope: 'jurisdiction', audited: false },
  'POST /v1/participants/:participantId/consent/revocations': {
    roles: ['case_manager'],
    scope: 'jurisdiction',
    audited: false,
  },
});
