import { fuzzWriteEndpoint, type FuzzReport } from '@lead/testing';
import { EraseParticipantRequest } from '../src/participant/erase-participant/erase-participant.request.js';
import { MergeParticipantRequest } from '../src/participant/merge-participant/merge-participant.request.js';
import { AnswerOfferRequest } from '../src/referral/answer-offer/answer-offer.request.js';
import { RecordAggrievedPartyAgreementRequest } from '../src/referral/record-aggrieved-party-agreement/record-aggrieved-party-agreement.request.js';
import { RecordCaseManagerArrivalRequest } from '../src/referral/record-case-manager-arrival/record-case-manager-arrival.request.js';
import { RecordLeadLineCallRequest } from '../src/referral/record-lead-line-call/record-lead-line-call.request.js';
import { RecordReferralRequest } from '../src/referral/record-referral/record-referral.request.js';
import { RelinquishCustodyRequest } from '../src/referral/relinquish-custody/relinquish-custody.request.js';
import { call, denverArrestDiversion, startReferralsApp, type ReferralsApp } from './referrals-app.js';

/**
 * The embedded bus's topic streams: the relay publishes there, on its own schedule, what was appended before a run
 * (the setup referral, the start-up events). A request that wrongly appended would show up as its own event.
 */
const RELAYED_STREAMS = ['topic-'];

/**
 * The access library's fuzz helper on every write route: malformed bodies (from each DTO) and
 * malformed tokens, all answered 4xx problem+json naming what was wrong, nothing appended.
 */
describe('malformed requests to every referrals write route', () => {
  let app: ReferralsApp;
  let referralId: string;
  const officer = { subject: 'officer-fuzz', agency: 'DPD', roles: ['officer'], jurisdictions: ['denver'] };
  const caseManager = { subject: 'cm-fuzz', agency: 'ARTS', roles: ['case_manager'], jurisdictions: ['denver'] };
  const programAdmin = { subject: 'admin-fuzz', agency: 'OBHS', roles: ['program_admin'], jurisdictions: ['denver'] };
  // Fixed by default so `npm test` is deterministic; FUZZ_SEED=<n> explores (or replays) another run.
  const seed = Number(process.env.FUZZ_SEED ?? 20251123);

  beforeAll(async () => {
    // The run sends hundreds of bad tokens from one address; lockout has tests of its own.
    app = await startReferralsApp({ AUTH_THROTTLE_BURST: '1000000' });
    const recorded = await call(
      app,
      'POST',
      '/v1/referrals',
      await app.token('officer', ['denver']),
      denverArrestDiversion(),
    );
    expect(recorded.status).toBe(201);
    referralId = recorded.body.referralId as string;
  });
  afterAll(async () => {
    await app?.close();
  });

  // Each case is an HTTP round trip and a read of the store; 1,250 of them take about 20 s on a quiet 2-core machine
  // and twice that beside a CPU-heavy process, so each test gets its own budget instead of jest's 30 s.
  const FUZZ_BUDGET_MS = 120_000;

  function expectHeld(report: FuzzReport, minimumCases: number) {
    const context = `seed ${report.seed} (FUZZ_SEED=${report.seed} reproduces it)`;
    expect({ context, failures: report.failures.slice(0, 20), count: report.failures.length }).toEqual({
      context,
      failures: [],
      count: 0,
    });
    expect({ context, unexpectedEvents: report.unexpectedEvents }).toEqual({ context, unexpectedEvents: [] });
    expect(report.prototypePollution).toEqual([]);
    expect(report.cases).toBeGreaterThanOrEqual(minimumCases);
    expect(Object.keys(report.byStatus).filter((status) => Number(status) >= 500 || Number(status) < 400)).toEqual([]);
  }

  it(
    'POST /v1/referrals: 1,000 bodies and 250 tokens, all refused, nothing written',
    async () => {
      const report = await fuzzWriteEndpoint({
        baseUrl: app.url,
        method: 'POST',
        path: '/v1/referrals',
        dto: RecordReferralRequest,
        validBody: denverArrestDiversion(),
        tokens: { signer: app.signer, settings: app.settings, claims: officer },
        store: app.store,
        ignoreStreamPrefixes: RELAYED_STREAMS,
        seed,
      });
      expectHeld(report, 1250);
      expect(report.byStatus).toMatchObject({ 400: expect.any(Number), 401: expect.any(Number) });
    },
    FUZZ_BUDGET_MS,
  );

  const steps = [
    {
      route: 'offer-answer',
      dto: AnswerOfferRequest,
      body: { accepted: true, at: '2025-03-04T21:20:00Z' },
      claims: officer,
    },
    {
      route: 'aggrieved-party-agreement',
      dto: RecordAggrievedPartyAgreementRequest,
      body: { agreed: true, at: '2025-03-04T21:20:00Z' },
      claims: officer,
    },
    { route: 'lead-line-call', dto: RecordLeadLineCallRequest, body: { at: '2025-03-04T21:22:00Z' }, claims: officer },
    {
      route: 'case-manager-arrival',
      dto: RecordCaseManagerArrivalRequest,
      body: { at: '2025-03-04T21:40:00Z' },
      claims: caseManager,
    },
    {
      route: 'custody-relinquished',
      dto: RelinquishCustodyRequest,
      body: { at: '2025-03-04T21:45:00Z' },
      claims: officer,
    },
  ];

  it.each(steps)(
    'POST /v1/referrals/:referralId/$route: 400 bodies and 100 tokens, all refused, nothing written',
    async ({ route, dto, body, claims }) => {
      const report = await fuzzWriteEndpoint({
        baseUrl: app.url,
        method: 'POST',
        path: `/v1/referrals/${referralId}/${route}`,
        dto,
        validBody: body,
        tokens: { signer: app.signer, settings: app.settings, claims },
        store: app.store,
        ignoreStreamPrefixes: RELAYED_STREAMS,
        seed: seed + route.length,
        bodyCases: 400,
        tokenCases: 100,
      });
      expectHeld(report, 500);
    },
    FUZZ_BUDGET_MS,
  );

  it(
    'POST /v1/participants/:participantId/merge: 400 bodies and 100 tokens, all refused, nothing written',
    async () => {
      const officer = await app.token('officer', ['denver']);
      const participantOf = async (givenName: string) => {
        const recorded = await call(
          app,
          'POST',
          '/v1/referrals',
          officer,
          denverArrestDiversion({ person: { givenName, familyName: 'Fuzzmerge', dateOfBirth: '1980-02-02' } }),
        );
        expect(recorded.status).toBe(201);
        return recorded.body.participantId as string;
      };
      const merged = await participantOf('Oriel');
      const into = await participantOf('Auriel');
      const report = await fuzzWriteEndpoint({
        baseUrl: app.url,
        method: 'POST',
        path: `/v1/participants/${merged}/merge`,
        dto: MergeParticipantRequest,
        validBody: { into, reasonCode: 'name_misspelt' },
        tokens: { signer: app.signer, settings: app.settings, claims: programAdmin },
        store: app.store,
        ignoreStreamPrefixes: RELAYED_STREAMS,
        seed: seed + 101,
        bodyCases: 400,
        tokenCases: 100,
      });
      expectHeld(report, 500);
    },
    FUZZ_BUDGET_MS,
  );

  it(
    'POST /v1/participants/:participantId/erasure: 400 bodies and 100 tokens, all refused, nothing written or erased',
    async () => {
      const recorded = await call(
        app,
        'POST',
        '/v1/referrals',
        await app.token('officer', ['denver']),
        denverArrestDiversion({ person: { givenName: 'Orla', familyName: 'Fuzzerase', dateOfBirth: '1981-03-03' } }),
      );
      expect(recorded.status).toBe(201);
      const participantId = recorded.body.participantId as string;
      const report = await fuzzWriteEndpoint({
        baseUrl: app.url,
        method: 'POST',
        path: `/v1/participants/${participantId}/erasure`,
        dto: EraseParticipantRequest,
        validBody: { reasonCode: 'court_order' },
        tokens: { signer: app.signer, settings: app.settings, claims: programAdmin },
        store: app.store,
        ignoreStreamPrefixes: RELAYED_STREAMS,
        seed: seed + 202,
        bodyCases: 400,
        tokenCases: 100,
      });
      expectHeld(report, 500);
      // The blind index and the data key are not in the log the helper watches: neither was touched.
      expect((await app.store.readStream(`participant-${participantId}`)).map((e) => e.type)).toEqual([
        'ParticipantRegistered',
      ]);
    },
    FUZZ_BUDGET_MS,
  );
});
