import { randomUUID } from 'node:crypto';
import { ADDRESS_THROTTLE_LIFTED, listRoutes, throttleAuditStream, type RouteKey } from '@lead/access';
import { participantHistoryFixtures, runRouteMatrix, type RouteFixture } from '@lead/testing';
import { reportingPolicy } from '../src/reporting.policy.js';
import { eventually, publish, startReportingApp, type ReportingApp } from './reporting-app.js';

const OWN = 'denver';
const OTHER = 'san-luis-valley';
/** The address the matrix lifts the throttle of: any valid client address (libs/access/test/throttle.int-spec.ts). */
const LIFTED_ADDRESS = '127.0.5.1';

/** A report route's request: the caller's jurisdiction, or another (404), for a closed quarter. */
const report = (path: string): RouteFixture => ({
  own: () => ({ path: `${path}?jurisdiction=${OWN}&period=2026-Q3` }),
  other: () => ({ path: `${path}?jurisdiction=${OTHER}&period=2026-Q3` }),
});
const page = (path: string): RouteFixture => ({ own: () => ({ path }) });

/**
 * Every reporting route × every role × own / other jurisdiction, as the policy says: reports for program admins
 * and evaluators only, another jurisdiction's a 404; the dashboard's page and files public. No answer names a
 * participant or a referral of either jurisdiction: evaluators, and everyone else, see aggregates only.
 */
describe('reporting route matrix', () => {
  let app: ReportingApp;
  const ids: Record<string, string[]> = { [OWN]: [], [OTHER]: [] };

  beforeAll(async () => {
    app = await startReportingApp({ AUTH_THROTTLE_BURST: '1000000' }, new Date('2026-12-03T12:00:00Z'));
    let published = 0;
    for (const jurisdiction of [OWN, OTHER])
      for (let i = 0; i < 12; i++) {
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

  /**
   * The auditor's routes read the shared log (every service's events; here the reporting service's store holds only
   * the bus's copies): one event of a participant per jurisdiction, appended as another service would.
   */
  const historyParticipants: Partial<Record<'own' | 'other', Promise<string>>> = {};
  const historyOf = (side: 'own' | 'other') =>
    (historyParticipants[side] ??= (async () => {
      const participantId = randomUUID();
      await app.store.appendToStream(
        `case-${randomUUID()}`,
        [
          {
            eventId: randomUUID(),
            type: 'CaseOpened',
            schemaVersion: 1,
            data: { participantId },
            metadata: { correlationId: randomUUID(), participantId, jurisdiction: side === 'own' ? OWN : OTHER },
          },
        ],
        'no_stream',
      );
      return participantId;
    })());

  it('answers every role as the policy says, and no answer names a participant or referral', async () => {
    const fixtures: Partial<Record<RouteKey, RouteFixture>> = {
      'GET /health': page('/health'),
      'GET /ready': page('/ready'),
      'GET /metrics': page('/metrics'),
      'GET /dashboard': page('/dashboard'),
      'GET /dashboard/assets/:asset': page('/dashboard/assets/dashboard.mjs'),
      'GET /v1/audit/read-models/program-facts/diff': page('/v1/audit/read-models/program-facts/diff'),
      // The access audit, filtered to the auditor's jurisdictions (refusals here: the service reads no participant).
      'GET /v1/audit/access-events': {
        own: () => ({ path: '/v1/audit/access-events' }),
        other: () => ({ path: '/v1/audit/access-events?type=RequestsRefused' }),
      },
      // The throttle of client addresses, for program admins (not filtered by jurisdiction: an address is no one's):
      // the list, and lifting a valid address (throttled or not, each lift answers 200 and is audited).
      'GET /v1/access/throttled-addresses': { own: () => ({ path: '/v1/access/throttled-addresses' }) },
      'DELETE /v1/access/throttled-addresses/:address': {
        own: () => ({ path: `/v1/access/throttled-addresses/${LIFTED_ADDRESS}` }),
      },
    };
    Object.assign(
      fixtures,
      participantHistoryFixtures(historyOf, { readAll: (options) => app.store.readAll(options) }),
    );
    for (const key of Object.keys(reportingPolicy) as RouteKey[])
      if (key.startsWith('GET /v1/reports/')) fixtures[key] = report(key.slice('GET '.length));
    // The evaluator exports, data-use agreements and their audit have a matrix of their own (fixtures that record
    // agreements): evaluator-export-route-matrix.int-spec.ts. Together the two cover every route.
    const elsewhere = (key: string) =>
      /^(GET|POST) \/v1\/(exports|data-use-agreements|audit\/evaluator-exports)/.test(key);
    const policy = Object.fromEntries(Object.entries(reportingPolicy).filter(([key]) => !elsewhere(key)));
    const result = await runRouteMatrix({
      baseUrl: app.url,
      routes: listRoutes(app.app).filter((route) => !elsewhere(route.key)),
      policy,
      fixtures,
      token: (role, jurisdiction) => app.token(role, [jurisdiction]),
      ownJurisdiction: OWN,
      otherJurisdiction: OTHER,
      store: app.store,
      personalValues: { own: ids[OWN], other: ids[OTHER] },
    });
    console.log(`reporting route matrix: ${result.cases.length} cases`);
    expect(result.mismatches).toEqual([]);
    expect(result.cases.length).toBeGreaterThan(100);
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
