import { randomUUID } from 'node:crypto';
import { listRoutes } from '../src/http/route-inventory.js';
import type { RouteKey } from '../src/policy/route-key.js';
import type { Role } from '../src/roles.js';
import { participantHistoryFixtures, runRouteMatrix, type RouteFixture } from '@lead/testing';
import { seedParticipant, type SeededParticipant } from './participants-app/fixtures.js';
import { participantsAppPolicy } from './participants-app/participants-app.policy.js';
import { AGENCY_OF, startParticipantsApp, type ParticipantsApp } from './participants-app/participants-app.js';

const OWN = 'denver';
const OTHER = 'san-luis-valley';

describe('route matrix: every route × every role × own / other jurisdiction, as the policy says', () => {
  let app: ParticipantsApp;
  let own: SeededParticipant;
  let other: SeededParticipant;

  beforeAll(async () => {
    app = await startParticipantsApp();
    const consentTo = [AGENCY_OF.officer, AGENCY_OF.prosecutor];
    own = await seedParticipant(app, OWN, { consentTo });
    other = await seedParticipant(app, OTHER, { consentTo });
  });
  afterAll(async () => {
    await app?.close();
  });

  const registration = (jurisdiction: string) => ({
    jurisdiction,
    name: 'New Person',
    dateOfBirth: '1990-05-05',
    address: { line1: '1 Main St', city: 'Denver' },
  });
  const consentBody = () => ({
    recipients: ['DPD'],
    scope: ['participation-status'],
    purpose: 'lead-diversion-coordination',
    signedAt: new Date(Date.now() - 60_000).toISOString(),
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  /** A fresh participant per write case, so one case's consent change never affects another case. */
  const fresh = async (jurisdiction: string) =>
    (await seedParticipant(app, jurisdiction, { consentTo: ['DPD'] })).participantId;

  const fixtures: Partial<Record<RouteKey, RouteFixture>> = {
    'GET /health': { own: () => ({ path: '/health' }) },
    'GET /ready': { own: () => ({ path: '/ready' }) },
    'GET /metrics': { own: () => ({ path: '/metrics' }) },
    'GET /v1/me': { own: () => ({ path: '/v1/me' }) },
    'GET /v1/audit/access-events': { own: () => ({ path: '/v1/audit/access-events?limit=5' }) },
    // The auditor's view of one participant's history: another jurisdiction's participant is a 404.
    ...participantHistoryFixtures(async (side) => (side === 'own' ? own : other).participantId, {
      readAll: (options) => app.store.readAll(options),
    }),
    'POST /v1/participants': {
      own: () => ({ path: '/v1/participants', body: registration(OWN) }),
      other: () => ({ path: '/v1/participants', body: registration(OTHER) }),
    },
    'GET /v1/participants': { own: () => ({ path: '/v1/participants', participantIds: [own.participantId] }) },
    'GET /v1/participants/:participantId': {
      own: () => ({ path: `/v1/participants/${own.participantId}`, participantIds: [own.participantId] }),
      other: () => ({ path: `/v1/participants/${other.participantId}` }),
      missing: () => ({ path: `/v1/participants/${randomUUID()}` }),
    },
    'GET /v1/participants/:participantId/referral': {
      own: () => ({ path: `/v1/participants/${own.participantId}/referral`, participantIds: [own.participantId] }),
      other: () => ({ path: `/v1/participants/${other.participantId}/referral` }),
      missing: () => ({ path: `/v1/participants/${randomUUID()}/referral` }),
    },
    'PUT /v1/participants/:participantId/consent': {
      own: async () => ({ path: `/v1/participants/${await fresh(OWN)}/consent`, body: consentBody() }),
      other: async () => ({ path: `/v1/participants/${await fresh(OTHER)}/consent`, body: consentBody() }),
      missing: () => ({ path: `/v1/participants/${randomUUID()}/consent`, body: consentBody() }),
    },
    'POST /v1/participants/:participantId/consent/revocations': {
      own: async () => ({
        path: `/v1/participants/${await fresh(OWN)}/consent/revocations`,
        body: { revokedAt: new Date().toISOString(), recipients: ['DPD'] },
      }),
      other: async () => ({
        path: `/v1/participants/${await fresh(OTHER)}/consent/revocations`,
        body: { revokedAt: new Date().toISOString() },
      }),
      missing: () => ({
        path: `/v1/participants/${randomUUID()}/consent/revocations`,
        body: { revokedAt: new Date().toISOString() },
      }),
    },
  };

  it('answers 401 / 403 / 404 / success exactly as the policy says, audits every participant read, leaks nothing', async () => {
    const routes = listRoutes(app.service.app);
    expect(routes.map((route) => route.key).sort()).toEqual(Object.keys(participantsAppPolicy).sort());

    const report = await runRouteMatrix({
      baseUrl: app.url,
      routes,
      policy: participantsAppPolicy,
      fixtures,
      token: (role: Role, jurisdiction: string) => app.token(role, [jurisdiction]),
      ownJurisdiction: OWN,
      otherJurisdiction: OTHER,
      store: app.store,
      personalValues: { own: own.personalValues, other: other.personalValues },
    });
    expect(report.mismatches).toEqual([]);

    // 13 routes × (anonymous + 8 roles × own / other) = 221, plus a missing record for each role allowed on the
    // six one-record routes: 4 (participant) + 1 (referral) + 1 (consent) + 1 (revocation) + 2 (history: auditor).
    const byStatus = report.cases.reduce<Record<number, number>>(
      (counts, c) => ({ ...counts, [c.actual]: (counts[c.actual] ?? 0) + 1 }),
      {},
    );
    expect(report.cases.length).toBe(13 * (1 + 8 * 2) + 9);
    expect(byStatus).toMatchObject({
      401: expect.any(Number),
      403: expect.any(Number),
      404: expect.any(Number),
      200: expect.any(Number),
    });
  });

  it('fails for a route the policy does not know, and for a route without a fixture', async () => {
    const routes = listRoutes(app.service.app);
    const { 'GET /v1/me': _me, ...withoutMe } = participantsAppPolicy;
    const { 'GET /v1/participants': _list, ...withoutListFixture } = fixtures;
    const report = await runRouteMatrix({
      baseUrl: app.url,
      routes,
      policy: withoutMe,
      fixtures: withoutListFixture,
      token: (role: Role, jurisdiction: string) => app.token(role, [jurisdiction]),
      ownJurisdiction: OWN,
      otherJurisdiction: OTHER,
      store: app.store,
      personalValues: { own: own.personalValues, other: other.personalValues },
      roles: ['case_manager'],
    });
    expect(report.mismatches).toEqual(
      expect.arrayContaining([
        'GET /v1/me (MeController.whoAmI): no policy entry',
        'GET /v1/participants (ParticipantsController.list): no fixture, so the matrix cannot exercise it',
      ]),
    );
  });
});
