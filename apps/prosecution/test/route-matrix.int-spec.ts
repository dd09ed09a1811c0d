import { listRoutes, type Role, type RouteKey } from '@lead/access';
import { runRouteMatrix, type RouteFixture } from '@lead/testing';
import { randomUUID } from 'node:crypto';
import { matterIdFor } from '../src/prosecution-matter/prosecution-matter.repository.js';
import { prosecutionPolicy } from '../src/prosecution.policy.js';
import {
  AGENCY_OF,
  eventually,
  recordReferral,
  screenReferral,
  startProsecutionApp,
  type ProsecutionApp,
} from './prosecution-app.js';

const OWN = 'denver';
const OTHER = 'san-luis-valley';
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
  const today = new Date().toISOString().slice(0, 10);

  const fixtures: Partial<Record<RouteKey, RouteFixture>> = {
    'GET /health': { own: () => ({ path: '/health' }) },
    'GET /ready': { own: () => ({ path: '/ready' }) },
    'GET /metrics': { own: () => ({ path: '/metrics' }) },
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

  it('answers 401 / 403 / 404 / success exactly as the policy says', async () => {
    const routes = listRoutes(app.app);
    expect(routes.map((route) => route.key).sort()).toEqual(Object.keys(prosecutionPolicy).sort());
    const report = await runRouteMatrix({
      baseUrl: app.url,
      routes,
      policy: prosecutionPolicy,
      fixtures,
      token: tokenFor,
      ownJurisdiction: OWN,
      otherJurisdiction: OTHER,
      store: app.store,
      // The service never receives a personal value: the referrals service publishes none (its publication spec).
      personalValues: { own: [], other: [] },
    });
    expect(report.mismatches).toEqual([]);
    // 8 routes × (anonymous + 8 roles × own / other), plus a missing matter for the prosecutor on the 5 matter
    // routes; anonymous calls are 401 on the 5 routes that are not public probes.
    expect(report.cases.length).toBe(8 * (1 + 8 * 2) + 5);
    const byStatus = report.cases.reduce<Record<number, number>>(
      (counts, c) => ({ ...counts, [c.actual]: (counts[c.actual] ?? 0) + 1 }),
      {},
    );
    // Successes: the 3 probes × 17 callers, and the prosecutor's own-jurisdiction call on each matter route.
    expect(byStatus).toEqual({ 200: 3 * 17 + 5, 401: 5, 403: 5 * 7 * 2, 404: 5 * 2 });
  });
});
