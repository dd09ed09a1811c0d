import {
  ADDRESS_THROTTLE_LIFTED,
  listRoutes,
  throttleAuditStream,
  type AccessPolicy,
  type Role,
  type RouteKey,
} from '@lead/access';
import {
  publishCaseOpened,
  publishConsentRecorded,
  publishIntakeCompleted,
  runRouteMatrix,
  participantHistoryFixtures,
  type RouteFixture,
} from '@lead/testing';
import { randomUUID } from 'node:crypto';
import { coordinationStream } from '../src/participant-coordination/participant-coordination.repository.js';
import { matterIdFor } from '../src/prosecution-matter/prosecution-matter.repository.js';
import { prosecutionPolicy } from '../src/prosecution.policy.js';
import {
  AGENCY_OF,
  call,
  eventually,
  recordReferral,
  screenReferral,
  startProsecutionApp,
  type ProsecutionApp,
} from './prosecution-app.js';
import { localDayOf } from '../src/prosecution-matter/intake-deadline/local-calendar.js';

const OWN = 'denver';
const OTHER = 'san-luis-valley';
/** The address the matrix lifts the throttle of: any valid client address (libs/access/test/throttle.int-spec.ts). */
const LIFTED_ADDRESS = '127.0.5.1';
/** Agencies acting in San Luis Valley (config/jurisdictions/san-luis-valley). */
const SLV_AGENCY_OF: Partial<Record<Role, string>> = { officer: 'APD', case_manager: 'CRP', prosecutor: 'DA12' };

/** Stored (as test stand-ins for sealed values) in the referrals' events: no matter route may ever answer one. */

/** Every prosecution route × every role × own / other jurisdiction (and a missing matter), as the policy says. */
describe('prosecution route matrix', () => {
  let app: ProsecutionApp;

  beforeAll(async () => {
    app = await startProsecutionApp({ AUTH_THROTTLE_BURST: '1000000' });
  });
  afterAll(async () => {
    await app?.close();
  });

  const tokenFor = (role: Role, jurisdiction: string) =>
    app.token(role, [jurisdiction], {
      agency: jurisdiction === OTHER ? (SLV_AGENCY_OF[role] ?? AGENCY_OF[role]) : AGENCY_OF[role],
      subject: `${role}-${jurisdiction}`,
    });

  const participantOfReferral = new Map<string, string>();
  /** One participant per jurisdiction whose matter is open, for the auditor's history routes (on first use). */
  const historyParticipants: Partial<Record<'own' | 'other', Promise<string>>> = {};
  const historyOf = (side: 'own' | 'other') =>
    (historyParticipants[side] ??= referral(side === 'own' ? OWN : OTHER).then((referralId) =>
      participantOfReferral.get(referralId)!,
    ));

  /** A fresh arrest diversion in `jurisdiction`, brought by the bus to the prosecutor's office and screened. */
  const referral = async (jurisdiction: typeof OWN | typeof OTHER): Promise<string> => {
    const options =
      jurisdiction === OWN
        ? {}
        : {
            jurisdiction,
            district: 'alamosa',
            protocolVersion: '2019-01',
            referrer: { subject: 'officer-3', agency: 'APD' },
          };
    const recorded = await recordReferral(app.store, options);
    await screenReferral(app.store, recorded, true, jurisdiction === OWN ? '2018-07' : '2019-01');
    const prosecutor = await tokenFor('prosecutor', jurisdiction);
    await eventually(
      () =>
        fetch(`${app.url}/v1/referrals/${recorded.referralId}/matter`, {
          headers: { authorization: `Bearer ${prosecutor}` },
        }).then(async (r) => (r.ok ? ((await r.json()) as { status: string }) : null)),
      (matter) => matter?.status === 'awaiting_decision',
      `the matter of referral ${recorded.referralId}`,
    );
    participantOfReferral.set(recorded.referralId, recorded.participantId);
    return recorded.referralId;
  };

  /** A referral whose charge the timer released (its March 2025 deadline ran out long ago): the prosecutor's to decide. */
  const released = async (jurisdiction: typeof OWN | typeof OTHER): Promise<string> => {
    const referralId = await referral(jurisdiction);
    const prosecutor = await tokenFor('prosecutor', jurisdiction);
    await eventually(
      () =>
        fetch(`${app.url}/v1/referrals/${referralId}/matter`, {
          headers: { authorization: `Bearer ${prosecutor}` },
        }).then(async (r) => (r.ok ? ((await r.json()) as { charge: { status: string } }) : null)),
      (matter) => matter?.charge.status === 'released',
      `the charge of referral ${referralId} to be released`,
    );
    return referralId;
  };

  /** A released charge the prosecutor then declined: no charge filed, so the arrest's records are sealable. */
  const sealable = async (): Promise<string> => {
    const referralId = await released(OWN);
    const prosecutor = await tokenFor('prosecutor', OWN);
    const answer = await fetch(`${app.url}/v1/matters/${matterIdFor(referralId)}/charge-decision`, {
      method: 'POST',
      headers: { authorization: `Bearer ${prosecutor}`, 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'decline', declineReason: 'insufficient_evidence' }),
    });
    expect(answer.status).toBe(200);
    return referralId;
  };
  // The jurisdiction's local day: sealing dates are judged by it, and Denver's is yesterday's UTC day until 07:00 UTC.
  const today = localDayOf(new Date(), 'America/Denver');

  /*
   * The participant-coordination routes run their own matrix, from San Luis Valley: its DA's office (DA12) is both
   * the liaison (the only office the participation status and the decisions answer) and a DA with termination
   * criteria (2026-12), so one prosecutor token succeeds on all five; Denver's DDA is neither, DCAO has no criteria.
   */
  const PURPOSE = { 'x-purpose-of-use': 'prosecution-coordination' };
  const SLV = OTHER;
  const DENVER = OWN;

  /** A social contact with a case (CRP / ARTS), a consent naming the liaison, and the intake, seen by the coordination. */
  const participant = async (jurisdiction: typeof SLV | typeof DENVER): Promise<string> => {
    const referral = await recordReferral(
      app.store,
      jurisdiction === SLV
        ? {
            jurisdiction,
            district: 'alamosa',
            door: 'social_contact',
            protocolVersion: '2026-12',
            referrer: { subject: 'officer-3', agency: 'APD' },
            referredAt: '2026-12-01T16:00:00.000Z',
          }
        : { door: 'social_contact', protocolVersion: '2026-12', referredAt: '2026-12-01T16:00:00.000Z' },
    );
    const testCase = await publishCaseOpened(
      app.store,
      referral,
      jurisdiction === SLV ? 'CRP' : 'ARTS',
      '2026-12-01T18:00:00.000Z',
    );
    await publishConsentRecorded(
      app.store,
      testCase,
      [jurisdiction === SLV ? 'DA12' : 'DCAO'],
      '2026-12-01T18:30:00.000Z',
    );
    await publishIntakeCompleted(app.store, testCase, '2026-12-01T19:00:00.000Z');
    await eventually(
      () => app.store.readStream(coordinationStream(testCase.participantId)).catch(() => []),
      (events) => events.some((event) => event.type === 'IntakeNoted'),
      `the case of participant ${testCase.participantId} to reach the coordination`,
    );
    return testCase.participantId;
  };
  /** A new charge recorded by the jurisdiction's DA on `participantId`: its legal matter id. */
  const charged = async (jurisdiction: typeof SLV | typeof DENVER, participantId: string): Promise<string> => {
    const token = await tokenFor('prosecutor', jurisdiction);
    const recorded = await call(app, 'POST', `/v1/participants/${participantId}/legal-matters`, token, {
      kind: 'new_charge',
      jurisdiction,
      occurredOn: '2026-12-01',
    });
    expect(recorded.status).toBe(201);
    return (recorded.body.legalMatters as Array<{ legalMatterId: string }>).at(-1)!.legalMatterId;
  };
  /*
   * Made once and shared by the calls that must not change them (reads, and the refused calls of every other
   * role); a call expected to succeed on a write gets a fresh participant or matter.
   */
  const shared = new Map<string, Promise<{ participantId: string; legalMatterId: string }>>();
  const sharedOf = (jurisdiction: typeof SLV | typeof DENVER) => {
    if (!shared.has(jurisdiction))
      shared.set(
        jurisdiction,
        participant(jurisdiction).then(async (participantId) => ({
          participantId,
          legalMatterId: await charged(jurisdiction, participantId),
        })),
      );
    return shared.get(jurisdiction)!;
  };
  const newCharge = (jurisdiction: string) => ({ kind: 'new_charge', jurisdiction, occurredOn: '2026-12-01' });
  const coordinate = { decision: 'coordinate', reasonCode: 'plan_addresses_conduct' };
  const terminate = { criterionCode: 'new_violent_felony' };

  const coordinationFixtures: Partial<Record<RouteKey, RouteFixture>> = {
    // The one route that creates the record: a participant id never seen is recordable (an import may come before
    // the case), so "missing" is a participant known only in another jurisdiction, named under the caller's.
    'POST /v1/participants/:participantId/legal-matters': {
      own: async () => ({
        path: `/v1/participants/${(await sharedOf(SLV)).participantId}/legal-matters`,
        body: newCharge(SLV),
      }),
      other: async () => ({
        path: `/v1/participants/${(await sharedOf(DENVER)).participantId}/legal-matters`,
        body: newCharge(DENVER),
      }),
      missing: async () => ({
        path: `/v1/participants/${(await sharedOf(DENVER)).participantId}/legal-matters`,
        body: newCharge(SLV),
      }),
    },
    'POST /v1/participants/:participantId/legal-matters/:legalMatterId/decision': {
      own: async (role) => {
        const { participantId, legalMatterId } = await sharedOf(SLV);
        const matter = role === 'prosecutor' ? await charged(SLV, participantId) : legalMatterId;
        return {
          path: `/v1/participants/${participantId}/legal-matters/${matter}/decision`,
          body: coordinate,
          successStatus: 200,
        };
      },
      other: async () => {
        const { participantId, legalMatterId } = await sharedOf(DENVER);
        return { path: `/v1/participants/${participantId}/legal-matters/${legalMatterId}/decision`, body: coordinate };
      },
      missing: async () => ({
        path: `/v1/participants/${(await sharedOf(SLV)).participantId}/legal-matters/${randomUUID()}/decision`,
        body: coordinate,
      }),
    },
    'POST /v1/participants/:participantId/termination': {
      own: async (role) => ({
        path: `/v1/participants/${role === 'prosecutor' ? await participant(SLV) : (await sharedOf(SLV)).participantId}/termination`,
        body: terminate,
        successStatus: 200,
      }),
      other: async () => ({
        path: `/v1/participants/${(await sharedOf(DENVER)).participantId}/termination`,
        body: terminate,
      }),
      missing: () => ({ path: `/v1/participants/${randomUUID()}/termination`, body: terminate }),
    },
    'GET /v1/participants/:participantId/coordination': {
      own: async () => ({ path: `/v1/participants/${(await sharedOf(SLV)).participantId}/coordination` }),
      other: async () => ({ path: `/v1/participants/${(await sharedOf(DENVER)).participantId}/coordination` }),
      missing: () => ({ path: `/v1/participants/${randomUUID()}/coordination` }),
    },
    'GET /v1/participants/:participantId/coordination/participation-status': {
      own: async () => {
        const { participantId } = await sharedOf(SLV);
        return {
          path: `/v1/participants/${participantId}/coordination/participation-status`,
          headers: PURPOSE,
          participantIds: [participantId],
        };
      },
      other: async () => {
        const { participantId } = await sharedOf(DENVER);
        return {
          path: `/v1/participants/${participantId}/coordination/participation-status`,
          headers: PURPOSE,
          participantIds: [participantId],
        };
      },
      missing: () => ({
        path: `/v1/participants/${randomUUID()}/coordination/participation-status`,
        headers: PURPOSE,
      }),
    },
  };

  const fixtures: Partial<Record<RouteKey, RouteFixture>> = {
    'GET /health': { own: () => ({ path: '/health' }) },
    'GET /ready': { own: () => ({ path: '/ready' }) },
    'GET /metrics': { own: () => ({ path: '/metrics' }) },
    // The access audit, filtered to the auditor's jurisdictions: another's subject answers nothing, not a 404.
    'GET /v1/audit/access-events': {
      own: () => ({ path: '/v1/audit/access-events' }),
      other: () => ({ path: `/v1/audit/access-events?subject=prosecutor-${OTHER}` }),
    },
    // The auditor's view of one participant's history: another jurisdiction's participant is a 404.
    ...participantHistoryFixtures(historyOf, { readAll: (options) => app.store.readAll(options) }),
    // The throttle of client addresses, for program admins (not filtered by jurisdiction: an address is no one's):
    // the list, and lifting a valid address (throttled or not, each lift answers 200 and is audited).
    'GET /v1/access/throttled-addresses': { own: () => ({ path: '/v1/access/throttled-addresses' }) },
    'DELETE /v1/access/throttled-addresses/:address': {
      own: () => ({ path: `/v1/access/throttled-addresses/${LIFTED_ADDRESS}` }),
    },
    'GET /v1/matters/:matterId': {
      own: async () => ({ path: `/v1/matters/${matterIdFor(await referral(OWN))}` }),
      other: async () => ({ path: `/v1/matters/${matterIdFor(await referral(OTHER))}` }),
      missing: () => ({ path: `/v1/matters/${matterIdFor(randomUUID())}` }),
    },
    'GET /v1/referrals/:referralId/matter': {
      own: async () => ({ path: `/v1/referrals/${await referral(OWN)}/matter` }),
      other: async () => ({ path: `/v1/referrals/${await referral(OTHER)}/matter` }),
      missing: () => ({ path: `/v1/referrals/${randomUUID()}/matter` }),
    },
    'POST /v1/matters/:matterId/eligibility-decision': {
      own: async () => ({
        path: `/v1/matters/${matterIdFor(await referral(OWN))}/eligibility-decision`,
        body: { eligible: true, reasonCode: 'meets_protocol' },
        successStatus: 200,
      }),
      other: async () => ({
        path: `/v1/matters/${matterIdFor(await referral(OTHER))}/eligibility-decision`,
        body: { eligible: true, reasonCode: 'meets_protocol' },
      }),
      missing: () => ({
        path: `/v1/matters/${matterIdFor(randomUUID())}/eligibility-decision`,
        body: { eligible: true, reasonCode: 'meets_protocol' },
      }),
    },
    'POST /v1/matters/:matterId/charge-decision': {
      own: async () => ({
        path: `/v1/matters/${matterIdFor(await released(OWN))}/charge-decision`,
        body: { decision: 'file' },
        successStatus: 200,
      }),
      other: async () => ({
        path: `/v1/matters/${matterIdFor(await released(OTHER))}/charge-decision`,
        body: { decision: 'file' },
      }),
      missing: () => ({
        path: `/v1/matters/${matterIdFor(randomUUID())}/charge-decision`,
        body: { decision: 'file' },
      }),
    },
    // Filtered to the caller's jurisdictions: another's answers an empty list, not a 404.
    'GET /v1/sealing/overdue-custodians': {
      own: () => ({ path: '/v1/sealing/overdue-custodians' }),
      other: () => ({ path: `/v1/sealing/overdue-custodians?jurisdiction=${OTHER}` }),
    },
    'POST /v1/matters/:matterId/sealing-confirmations': {
      own: async () => ({
        path: `/v1/matters/${matterIdFor(await sealable())}/sealing-confirmations`,
        body: { custodian: 'police', sealedOn: today },
        successStatus: 200,
      }),
      other: async () => ({
        path: `/v1/matters/${matterIdFor(await referral(OTHER))}/sealing-confirmations`,
        body: { custodian: 'police', sealedOn: today },
      }),
      missing: () => ({
        path: `/v1/matters/${matterIdFor(randomUUID())}/sealing-confirmations`,
        body: { custodian: 'police', sealedOn: today },
      }),
    },
  };

  /** The policy's entries for `routes` only: each matrix checks the routes it was given. */
  const policyOf = (routes: readonly { key: RouteKey }[]): AccessPolicy =>
    Object.fromEntries(routes.map((route) => [route.key, prosecutionPolicy[route.key]])) as AccessPolicy;

  it('answers 401 / 403 / 404 / success exactly as the policy says', async () => {
    const all = listRoutes(app.app);
    expect(all.map((route) => route.key).sort()).toEqual(Object.keys(prosecutionPolicy).sort());
    const routes = all.filter((route) => !(route.key in coordinationFixtures));
    const report = await runRouteMatrix({
      baseUrl: app.url,
      routes,
      policy: policyOf(routes),
      fixtures,
      token: tokenFor,
      ownJurisdiction: OWN,
      otherJurisdiction: OTHER,
      store: app.store,
      // The service never receives a personal value: the referrals service publishes none (its publication spec).
      personalValues: { own: [], other: [] },
    });
    expect(report.mismatches).toEqual([]);
    // 14 routes × (anonymous + 8 roles × own / other), plus a missing record for the allowed role on the 5 matter
    // routes (prosecutor) and the 2 participant-history routes (auditor); anonymous calls are 401 on the 11 routes
    // that are not public probes.
    expect(report.cases.length).toBe(14 * (1 + 8 * 2) + 5 + 2);
    const byStatus = report.cases.reduce<Record<number, number>>(
      (counts, c) => ({ ...counts, [c.actual]: (counts[c.actual] ?? 0) + 1 }),
      {},
    );
    // Successes: the 3 probes × 17 callers, the prosecutor's own-jurisdiction call on each matter route, the
    // auditor's two calls of the access audit and the prosecutor's and program admin's two calls of the overdue
    // custodians (both filtered, so both sides answer 200), the auditor's own-jurisdiction call of each
    // participant-history route (another jurisdiction's and a missing participant are 404), and the program admin's
    // two calls of each throttle route (the list and the lift; an address is in no jurisdiction).
    expect(byStatus).toEqual({
      200: 3 * 17 + 5 + 2 + 2 * 2 + 2 + 2 * 2,
      401: 11,
      403: (6 + 2) * 7 * 2 + 6 * 2 + 7 * 2 * 2,
      404: 5 * 2 + 2 * 2,
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
    // Every matter fixture waits for the bus: beside the other suites on 2 cores, that takes more than jest's 30 s.
  }, 120_000);

  it('answers the participant-coordination routes exactly as the policy says, from San Luis Valley', async () => {
    const routes = listRoutes(app.app).filter((route) => route.key in coordinationFixtures);
    expect(routes.map((route) => route.key).sort()).toEqual(Object.keys(coordinationFixtures).sort());
    const report = await runRouteMatrix({
      baseUrl: app.url,
      routes,
      policy: policyOf(routes),
      fixtures: coordinationFixtures,
      token: tokenFor,
      ownJurisdiction: SLV,
      otherJurisdiction: DENVER,
      store: app.store,
      // Codes, dates and ids only: case management publishes no personal value, the status view names none.
      personalValues: { own: [], other: [] },
    });
    expect(report.mismatches).toEqual([]);
    // 5 routes × (anonymous + 8 roles × own / other), plus a missing participant or matter for the prosecutor on
    // each; no route is a public probe, so every anonymous call is 401.
    expect(report.cases.length).toBe(5 * (1 + 8 * 2) + 5);
    const byStatus = report.cases.reduce<Record<number, number>>(
      (counts, c) => ({ ...counts, [c.actual]: (counts[c.actual] ?? 0) + 1 }),
      {},
    );
    // Successes: DA12's own calls: the recording 201; the decision, termination and both reads 200 (the status
    // audited, under the consent naming DA12). Other roles 403; Denver's participant and the missing one 404.
    expect(byStatus).toEqual({ 200: 4, 201: 1, 401: 5, 403: 5 * 7 * 2, 404: 5 * 2 });
  }, 120_000);
});
