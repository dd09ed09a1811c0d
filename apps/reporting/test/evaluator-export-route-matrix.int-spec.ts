import { randomUUID } from 'node:crypto';
import { listRoutes, type RouteKey } from '@lead/access';
import { callService, runRouteMatrix, type RouteFixture } from '@lead/testing';
import { reportingPolicy } from '../src/reporting.policy.js';
import { eventually, publish, startReportingApp, type ReportingApp } from './reporting-app.js';

const OWN = 'denver';
const OTHER = 'san-luis-valley';
/** The agency the matrix's evaluator tokens act for (DENVER_TEST_AGENCIES). */
const EVALUATOR_AGENCY = 'EVAL-U';

/**
 * The evaluator export and data-use agreement routes × every role × own / other jurisdiction (and, for one
 * agreement, a missing one): exports for evaluators only, agreements recorded, amended and revoked by program admins,
 * the disclosure log for auditors; another jurisdiction's a 404 indistinguishable from a missing agreement's. No
 * answer names a participant or referral. (The same fixtures belong in route-matrix.int-spec.ts.)
 */
describe('evaluator export route matrix', () => {
  let app: ReportingApp;
  const ids: Record<string, string[]> = { [OWN]: [], [OTHER]: [] };

  beforeAll(async () => {
    app = await startReportingApp({ AUTH_THROTTLE_BURST: '1000000' }, new Date('2026-12-03T12:00:00Z'));
    let published = 0;
    for (const jurisdiction of [OWN, OTHER])
      for (let i = 0; i < 3; i++) {
        const subject = { participantId: randomUUID(), jurisdiction, correlationId: randomUUID() };
        const referralId = randomUUID();
        ids[jurisdiction].push(subject.participantId, referralId);
        await publish(
          app,
          subject,
          'lead.referral.recorded',
          {
            referralId,
            door: 'social_contact',
            district: jurisdiction === OWN ? '1' : 'alamosa',
            referredBy: { agency: 'DPD', staffId: 'officer-9' },
            referredAt: '2026-08-01T17:00:00.000Z',
            protocolVersion: '2026-12',
          },
          '2026-08-01T17:00:00.000Z',
        );
        published += 1;
      }
    await eventually(
      async () => (await app.db.query(`SELECT count(*)::int AS n FROM "${app.schema}".program_facts`)).rows[0].n,
      (n: number) => n === published,
      'the history to be projected',
    );
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  it('answers every role as the policy says, and no answer names a participant or referral', async () => {
    const agreementIn = async (jurisdiction: string) => {
      const admin = await app.token('program_admin', [jurisdiction]);
      const recorded = await callService(app.url, 'POST', '/v1/data-use-agreements', admin, {
        jurisdiction,
        recipientAgency: EVALUATOR_AGENCY,
        purpose: 'Route matrix',
        fields: ['event_date'],
        expiresAt: '2027-12-31T00:00:00.000Z',
      });
      return recorded.body.agreementId as string;
    };
    const agreement = (suffix: string, body?: unknown, successStatus?: number): RouteFixture => ({
      own: async () => ({ path: `/v1/data-use-agreements/${await agreementIn(OWN)}${suffix}`, body, successStatus }),
      other: async () => ({
        path: `/v1/data-use-agreements/${await agreementIn(OTHER)}${suffix}`,
        body,
        successStatus,
      }),
      missing: () => ({ path: `/v1/data-use-agreements/${randomUUID()}${suffix}`, body, successStatus }),
    });
    const agreementBody = (jurisdiction: string) => ({
      jurisdiction,
      recipientAgency: EVALUATOR_AGENCY,
      purpose: 'Route matrix',
      fields: ['event_date'],
      expiresAt: '2027-12-31T00:00:00.000Z',
    });
    const fixtures: Partial<Record<RouteKey, RouteFixture>> = {
      'GET /v1/exports/evaluator': {
        own: () => ({ path: `/v1/exports/evaluator?jurisdiction=${OWN}&period=2026-Q3` }),
        other: () => ({ path: `/v1/exports/evaluator?jurisdiction=${OTHER}&period=2026-Q3` }),
      },
      'GET /v1/exports/evaluator/dictionary': { own: () => ({ path: '/v1/exports/evaluator/dictionary' }) },
      'POST /v1/data-use-agreements': {
        own: () => ({ path: '/v1/data-use-agreements', body: agreementBody(OWN) }),
        other: () => ({ path: '/v1/data-use-agreements', body: agreementBody(OTHER) }),
      },
      'GET /v1/data-use-agreements/:agreementId': agreement(''),
      'POST /v1/data-use-agreements/:agreementId/fields': agreement('/fields', { fields: ['district'] }, 200),
      'POST /v1/data-use-agreements/:agreementId/revocation': agreement('/revocation', { reason: 'study_ended' }, 200),
      'GET /v1/audit/evaluator-exports': { own: () => ({ path: '/v1/audit/evaluator-exports' }) },
    };
    const mine = new Set(Object.keys(fixtures));
    const policy = Object.fromEntries(Object.entries(reportingPolicy).filter(([key]) => mine.has(key)));
    const result = await runRouteMatrix({
      baseUrl: app.url,
      routes: listRoutes(app.app).filter((route) => mine.has(route.key)),
      policy,
      fixtures,
      token: (role, jurisdiction) => app.token(role, [jurisdiction]),
      ownJurisdiction: OWN,
      otherJurisdiction: OTHER,
      store: app.store,
      personalValues: { own: ids[OWN], other: ids[OTHER] },
    });
    console.log(`evaluator export route matrix: ${result.cases.length} cases`);
    expect(result.mismatches).toEqual([]);
    expect(result.cases.length).toBeGreaterThan(100);
  }, 120_000);
});
