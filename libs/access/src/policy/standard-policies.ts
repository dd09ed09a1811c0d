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
