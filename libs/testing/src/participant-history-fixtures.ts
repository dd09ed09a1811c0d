import type { RouteKey } from '@lead/access';
import { randomUUID } from 'node:crypto';
import type { RouteFixture } from './route-matrix.js';

/**
 * The route-matrix fixtures of the auditor's participant-history routes (journey, disclosures), mounted on every
 * service: `participantIn` gives a participant with events in that jurisdiction in the service's store, fresh or
 * not (the routes only read; each answer appends the auditor's read to the participant's audit stream).
 */
export function participantHistoryFixtures(
  participantIn: (side: 'own' | 'other') => Promise<string>,
): Partial<Record<RouteKey, RouteFixture>> {
  const fixture = (history: 'journey' | 'disclosures'): RouteFixture => ({
    own: async () => ({ path: `/v1/audit/participants/${await participantIn('own')}/${history}` }),
    other: async () => ({ path: `/v1/audit/participants/${await participantIn('other')}/${history}` }),
    missing: () => ({ path: `/v1/audit/participants/${randomUUID()}/${history}` }),
  });
  return {
    'GET /v1/audit/participants/:participantId/journey': fixture('journey'),
    'GET /v1/audit/participants/:participantId/disclosures': fixture('disclosures'),
  };
}
