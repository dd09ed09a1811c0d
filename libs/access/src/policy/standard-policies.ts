import type { RoutePolicy } from './access-policy.js';

/** The platform's operations endpoints: probes and the Prometheus scrape carry no token. */
export const platformRoutesPolicy = {
  'GET /health': { roles: [], scope: 'public', audited: false },
  'GET /ready': { roles: [], scope: 'public', audited: false },
  'GET /metrics': { roles: [], scope: 'public', audited: false },
} as const satisfies Record<string, RoutePolicy>;

/** `AccessAuditController`: auditors only, limited to their jurisdictions. */
export const accessAuditPolicy = {
  'GET /v1/audit/access-events': { roles: ['auditor'], scope: 'jurisdiction-filtered', audited: false },
  // One participant's history: another jurisdiction's answers 404 as a missing one. Recorded by the controller
  // (ParticipantHistoryRead), not by @ParticipantRead(): they disclose history, not a record.
  'GET /v1/audit/participants/:participantId/journey': {
    roles: ['auditor'],
    scope: 'jurisdiction',
    audited: false,
  },
  'GET /v1/audit/participants/:participantId/disclosures': {
    roles: ['auditor'],
    scope: 'jurisdiction',
    audited: false,
  },
} as const satisfies Record<string, RoutePolicy>;

/** `AddressThrottleController`: program administrators list throttled addresses and lift one (audited). */
export const addressThrottlePolicy = {
  'GET /v1/access/throttled-addresses': { roles: ['program_admin'], scope: 'jurisdiction-filtered', audited: false },
  'DELETE /v1/access/throttled-addresses/:address': {
    roles: ['program_admin'],
    scope: 'jurisdiction-filtered',
    audited: false,
  },
} as const satisfies Record<string, RoutePolicy>;
