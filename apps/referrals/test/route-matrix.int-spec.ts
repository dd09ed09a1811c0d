import { ADDRESS_THROTTLE_LIFTED, listRoutes, throttleAuditStream, type Role, type RouteKey } from '@lead/access';
import { participantHistoryFixtures, runRouteMatrix, type RouteFixture } from '@lead/testing';
import { randomUUID } from 'node:crypto';
import { referralsPolicy } from '../src/referrals.policy.js';
import { AGENCY_OF, call, noScreeningConcerns, startReferralsApp, type ReferralsApp } from './referrals-app.js';

const OWN = 'denver';
const OTHER = 'san-luis-valley';
/** The address the matrix lifts the throttle of: any valid client address (libs/access/test/throttle.int-spec.ts). */
const LIFTED_ADDRESS = '127.0.5.1';
/** Agencies acting in San Luis Valley (config/jurisdictions/san-luis-valley). */
const SLV_AGENCY_OF: Partial<Record<Role, string>> = { officer: 'APD', case_manager: 'CRP', prosecutor: 'DA12' };

const PEOPLE = {
  [OWN]: {
    givenName: 'Evangelina',
    familyName: 'Whitcombe',
    dateOfBirth: '1983-06-21',
    address: '12 Colfax Ave',
    phone: '720-555-0199',
  },
  [OTHER]: {
    givenName: 'Bartholomew',
    familyName: 'Quintanilla',
    dateOfBirth: '1975-12-02',
    address: '9 Main St, Alamosa',
    phone: '719-555-0123',
  },
};

/** Every referrals route × every role × own / other jurisdiction (and a missing referral), as the policy says. */
describe('referrals route matrix', () => {
  let app: ReferralsApp;

  beforeAll(async () => {
    app = await startReferralsApp({ AUTH_THROTTLE_BURST: '1000000' });
  });
  afterAll(async () => {
    await app?.close();
  });

  const tokenFor = (role: Role, jurisdiction: string) =>
    app.token(role, [jurisdiction], {
      agency: jurisdiction === OTHER ? (SLV_AGENCY_OF[role] ?? AGENCY_OF[role]) : AGENCY_OF[role],
      subject: `${role}-${jurisdiction}`,
    });

  const referralBody = (jurisdiction: keyof typeof PEOPLE) => ({
    door: 'arrest_diversion',
    jurisdiction,
    district: jurisdiction === OWN ? '6' : 'alamosa',
    referredAt: '2025-03-04T21:15:00.000Z',
    area: 'AREA-1',
    offense: { code: 'CO-18-18-403.5', probableCause: 'Holding a small baggie of powder' },
    person: PEOPLE[jurisdiction],
    screening: noScreeningConcerns,
  });

  /** A fresh referral in `jurisdiction`, recorded by that jurisdiction's officer, with the given steps done. */
  const referral = async (
    jurisdiction: keyof typeof PEOPLE,
    steps: Array<'lead-line-call' | 'case-manager-arrival'> = [],
    person: Record<string, string> = PEOPLE[jurisdiction],
  ) => {
    const officer = await tokenFor('officer', jurisdiction);
    const recorded = await call(app, 'POST', '/v1/referrals', officer, { ...referralBody(jurisdiction), person });
    if (recorded.status !== 201)
      throw new Error(`fixture referral in ${jurisdiction}: ${recorded.status} ${JSON.stringify(recorded.body)}`);
    const referralId = recorded.body.referralId as string;
    for (const step of steps) {
      const token = step === 'case-manager-arrival' ? await tokenFor('case_manager', jurisdiction) : officer;
      const answer = await call(app, 'POST', `/v1/referrals/${referralId}/${step}`, token, {
        at: step === 'lead-line-call' ? '2025-03-04T21:20:00Z' : '2025-03-04T21:40:00Z',
      });
      if (answer.status !== 200) throw new Error(`fixture step ${step}: ${answer.status}`);
    }
    return referralId;
  };

  /** One referral per jurisdiction to read, recorded on first use. */
  const toRead: Partial<Record<keyof typeof PEOPLE, Promise<string>>> = {};
  const readable = (jurisdiction: keyof typeof PEOPLE) => (toRead[jurisdiction] ??= referral(jurisdiction));

  /** A participant of its own (a person no other fixture names), registered by a referral in `jurisdiction`. */
  let people = 0;
  const participant = async (jurisdiction: keyof typeof PEOPLE) => {
    const n = ++people;
    const person = {
      givenName: 'Matrix',
      familyName: `Person${String.fromCharCode(97 + (n % 26))}${String.fromCharCode(97 + Math.floor(n / 26))}`,
      dateOfBirth: '1970-01-01',
    };
    const referralId = await referral(jurisdiction, [], person);
    const [recorded] = await app.store.readStream(`referral-${referralId}`, { maxCount: 1 });
    return (recorded.data as { participantId: string }).participantId;
  };
  /** One participant per jurisdiction whose history the auditor's routes read (recorded on first use). */
  const historyParticipants: Partial<Record<'own' | 'other', Promise<string>>> = {};
  const historyOf = (side: 'own' | 'other') =>
    (historyParticipants[side] ??= participant(side === 'own' ? OWN : OTHER));
  const merge = async (jurisdiction: keyof typeof PEOPLE) => ({
    path: `/v1/participants/${await participant(jurisdiction)}/merge`,
    body: { into: await participant(jurisdiction), reasonCode: 'name_misspelt' },
  });

  const step = (
    route: string,
    body: Record<string, unknown>,
    before: Array<'lead-line-call' | 'case-manager-arrival'> = [],
    successStatus = 200,
  ): RouteFixture => ({
    own: async () => ({ path: `/v1/referrals/${await referral(OWN, before)}/${route}`, body, successStatus }),
    other: async () => ({ path: `/v1/referrals/${await referral(OTHER, before)}/${route}`, body }),
    missing: () => ({ path: `/v1/referrals/${randomUUID()}/${route}`, body }),
  });

  // One justice-system row of a person LEAD never met (the comparison cohort), in the caller's or another jurisdiction.
  const justiceImport = (jurisdiction: keyof typeof PEOPLE) => ({
    path: `/v1/justice-imports?jurisdiction=${jurisdiction}&coveredThrough=2025-06-30`,
    headers: { 'content-type': 'application/x-ndjson' },
    body: {
      kind: 'arrest',
      recordId: `MATRIX-${randomUUID()}`,
      givenName: 'Matrix',
      familyName: 'Import',
      dateOfBirth: '1970-01-01',
      district: jurisdiction === OWN ? '6' : 'alamosa',
      eventDate: '2025-03-04',
    },
    successStatus: 200,
  });

  const fixtures: Partial<Record<RouteKey, RouteFixture>> = {
    'POST /v1/justice-imports': { own: () => justiceImport(OWN), other: () => justiceImport(OTHER) },
    'GET /health': { own: () => ({ path: '/health' }) },
    'GET /ready': { own: () => ({ path: '/ready' }) },
    'GET /metrics': { own: () => ({ path: '/metrics' }) },
    'POST /v1/referrals': {
      own: () => ({ path: '/v1/referrals', body: referralBody(OWN) }),
      other: () => ({ path: '/v1/referrals', body: referralBody(OTHER) }),
    },
    'POST /v1/referrals/:referralId/offer-answer': step('offer-answer', { accepted: true, at: '2025-03-04T21:18:00Z' }),
    // No shipped protocol asks for an aggrieved party's agreement, so past access control the answer is
    // the decider's 422 (aggrieved_party_not_required): what the matrix checks is that access comes first.
    'POST /v1/referrals/:referralId/aggrieved-party-agreement': step(
      'aggrieved-party-agreement',
      { agreed: true, at: '2025-03-04T21:18:00Z' },
      [],
      422,
    ),
    'POST /v1/referrals/:referralId/lead-line-call': step('lead-line-call', { at: '2025-03-04T21:20:00Z' }),
    'POST /v1/referrals/:referralId/case-manager-arrival': step(
      'case-manager-arrival',
      { at: '2025-03-04T21:40:00Z' },
      ['lead-line-call'],
    ),
    'POST /v1/referrals/:referralId/custody-relinquished': step(
      'custody-relinquished',
      { at: '2025-03-04T21:45:00Z' },
      ['lead-line-call', 'case-manager-arrival'],
    ),
    'GET /v1/referrals/:referralId': {
      own: async () => ({ path: `/v1/referrals/${await readable(OWN)}` }),
      other: async () => ({ path: `/v1/referrals/${await readable(OTHER)}` }),
      missing: () => ({ path: `/v1/referrals/${randomUUID()}` }),
    },
    // The access audit, filtered to the auditor's jurisdictions: another's subject answers nothing, not a 404.
    'GET /v1/audit/access-events': {
      own: () => ({ path: '/v1/audit/access-events' }),
      other: () => ({ path: `/v1/audit/access-events?subject=officer-${OTHER}` }),
    },
    // Lists filtered to the caller's jurisdictions: asking for another's answers an empty list, not a 404.
    'GET /v1/referrals': {
      own: () => ({ path: '/v1/referrals' }),
      other: () => ({ path: `/v1/referrals?jurisdiction=${OTHER}` }),
    },
    'GET /v1/referrals/counts': {
      own: () => ({ path: '/v1/referrals/counts' }),
      other: () => ({ path: `/v1/referrals/counts?jurisdiction=${OTHER}` }),
    },
    'POST /v1/participants/:participantId/merge': {
      own: async () => ({ ...(await merge(OWN)), successStatus: 200 }),
      other: () => merge(OTHER),
      missing: () => ({
        path: `/v1/participants/${randomUUID()}/merge`,
        body: { into: randomUUID(), reasonCode: 'name_misspelt' },
      }),
    },
    // The auditor's view of one participant's history: another jurisdiction's participant is a 404.
    ...participantHistoryFixtures(historyOf, { readAll: (options) => app.store.readAll(options) }),
    // The throttle of client addresses, for program admins (not filtered by jurisdiction: an address is no one's):
    // the list, and lifting a valid address (throttled or not, each lift answers 200 and is audited).
    'GET /v1/access/throttled-addresses': { own: () => ({ path: '/v1/access/throttled-addresses' }) },
    'DELETE /v1/access/throttled-addresses/:address': {
      own: () => ({ path: `/v1/access/throttled-addresses/${LIFTED_ADDRESS}` }),
    },
    // Each case erases a participant of its own (an erasure is for good).
    'POST /v1/participants/:participantId/erasure': {
      own: async () => ({
        path: `/v1/participants/${await participant(OWN)}/erasure`,
        body: { reasonCode: 'court_order' },
        successStatus: 200,
      }),
      other: async () => ({
        path: `/v1/participants/${await participant(OTHER)}/erasure`,
        body: { reasonCode: 'court_order' },
      }),
      missing: () => ({ path: `/v1/participants/${randomUUID()}/erasure`, body: { reasonCode: 'court_order' } }),
    },
  };

  it('answers 401 / 403 / 404 / success exactly as the policy says and leaks no personal value', async () => {
    const routes = listRoutes(app.app);
    expect(routes.map((route) => route.key).sort()).toEqual(Object.keys(referralsPolicy).sort());
    const report = await runRouteMatrix({
      baseUrl: app.url,
      routes,
      policy: referralsPolicy,
      fixtures,
      token: tokenFor,
      ownJurisdiction: OWN,
      otherJurisdiction: OTHER,
      store: app.store,
      personalValues: { own: Object.values(PEOPLE[OWN]), other: Object.values(PEOPLE[OTHER]) },
    });
    expect(report.mismatches).toEqual([]);
    // 20 routes × (anonymous + 8 roles × own / other), plus a missing record for each allowed role on the routes
    // addressing one (5 steps: 1 role each; GET one referral: officer and program admin; merge and erasure: program
    // admin; a participant's journey and disclosures: auditor); anonymous calls are 401 on the 17 routes that are not
    // public probes.
    expect(report.cases.length).toBe(20 * (1 + 8 * 2) + 5 + 2 + 1 + 1 + 2);
    const byStatus = report.cases.reduce<Record<number, number>>(
      (counts, c) => ({ ...counts, [c.actual]: (counts[c.actual] ?? 0) + 1 }),
      {},
    );
    expect(byStatus).toMatchObject({
      200: expect.any(Number),
      201: 1,
      401: 17,
      403: expect.any(Number),
      404: expect.any(Number),
      422: 1,
    });
    // Each program admin's lift (own and other side) is in the access audit, with who lifted it.
    const lifts = (await app.store.readStream(throttleAuditStream(new Date()))).filter(
      (event) => event.type === ADDRESS_THROTTLE_LIFTED,
    );
    expect(lifts).toHaveLength(2);
    for (const lift of lifts) {
      expect(lift.data).toMatchObject({
        address: LIFTED_ADDRESS,
        wasThrottled: false,
        actor: { role: 'program_admin' },
      });
      expect(lift.metadata.actor).toMatchObject({ role: 'program_admin' });
    }
  });
});
