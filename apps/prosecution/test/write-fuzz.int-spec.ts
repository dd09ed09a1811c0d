import {
  expectFuzzRefusedAll,
  fuzzWriteEndpoint,
  publishCaseOpened,
  publishConsentRecorded,
  publishIntakeCompleted,
  type FuzzReport,
} from '@lead/testing';
import { DecideLegalMatterRequest } from '../src/participant-coordination/decide-legal-matter/decide-legal-matter.request.js';
import { DecideTerminationRequest } from '../src/participant-coordination/decide-termination/decide-termination.request.js';
import { coordinationStream } from '../src/participant-coordination/participant-coordination.repository.js';
import { RecordLegalMatterRequest } from '../src/participant-coordination/record-legal-matter/record-legal-matter.request.js';
import { ConfirmSealingRequest } from '../src/prosecution-matter/confirm-sealing/confirm-sealing.request.js';
import { DecideChargeRequest } from '../src/prosecution-matter/decide-charge/decide-charge.request.js';
import { DecideEligibilityRequest } from '../src/prosecution-matter/decide-eligibility/decide-eligibility.request.js';
import { matterIdFor, matterStream } from '../src/prosecution-matter/prosecution-matter.repository.js';
import {
  call,
  eventually,
  recordReferral,
  screenReferral,
  startProsecutionApp,
  type ProsecutionApp,
} from './prosecution-app.js';

/**
 * The embedded bus's topic streams: the relay publishes there, on its own schedule, what was appended before a run
 * (the setup's and start-up's events). A request that wrongly appended would show up as its own event.
 */
const RELAYED_STREAMS = ['topic-'];

/**
 * The access library's fuzz helper on the prosecution service's write routes: malformed bodies (from the DTO) and
 * malformed tokens, all answered 4xx problem+json naming what was wrong, nothing appended; the matter stays
 * decidable (a valid decision still goes through afterwards).
 */
describe('malformed requests to the prosecution write routes', () => {
  let app: ProsecutionApp;
  let matterId: string;
  const prosecutor = { subject: 'ada-fuzz', agency: 'DDA', roles: ['prosecutor'], jurisdictions: ['denver'] };
  // Fixed by default so `npm test` is deterministic; FUZZ_SEED=<n> explores (or replays) another run.
  const seed = Number(process.env.FUZZ_SEED ?? 20251124);

  beforeAll(async () => {
    // The run sends hundreds of bad tokens from one address; lockout has tests of its own.
    app = await startProsecutionApp({ AUTH_THROTTLE_BURST: '1000000' });
    const referral = await recordReferral(app.store);
    await screenReferral(app.store, referral, true);
    matterId = matterIdFor(referral.referralId);
    // A March 2025 arrest: its intake deadline ran out long ago, so the timer releases the charge at once (the
    // charge decision's precondition); waited for, so no event of the setup lands during a run.
    await eventually(
      async () => (await app.store.readStream(matterStream(matterId)).catch(() => [])).map((e) => e.type),
      (types) => types.length === 5 && types.includes('OfficerScreeningNoted') && types.includes('ChargeReleased'),
      'the matter, screened, its charge released',
    );
  });
  afterAll(async () => {
    await app?.close();
  });

  it('POST /v1/matters/:matterId/eligibility-decision: 1,000 bodies and 250 tokens, all refused, nothing written', async () => {
    const report = await fuzzWriteEndpoint({
      baseUrl: app.url,
      method: 'POST',
      path: `/v1/matters/${matterId}/eligibility-decision`,
      dto: DecideEligibilityRequest,
      validBody: { eligible: true, reasonCode: 'meets_protocol', decidedAt: '2025-03-05T10:00:00Z' },
      tokens: { signer: app.signer, settings: app.settings, claims: prosecutor },
      store: app.store,
      ignoreStreamPrefixes: RELAYED_STREAMS,
      seed,
    });
    expectFuzzRefusedAll(report);
    expect(report.byStatus).toMatchObject({ 400: expect.any(Number), 401: expect.any(Number) });

    const token = await app.token('prosecutor', ['denver'], { subject: 'ada-fuzz', agency: 'DDA' });
    expect(
      await call(app, 'POST', `/v1/matters/${matterId}/eligibility-decision`, token, {
        eligible: true,
        reasonCode: 'meets_protocol',
      }),
    ).toMatchObject({ status: 200 });
  });

  it('POST /v1/matters/:matterId/charge-decision: 1,000 bodies and 250 tokens, all refused, nothing written', async () => {
    const report = await fuzzWriteEndpoint({
      baseUrl: app.url,
      method: 'POST',
      path: `/v1/matters/${matterId}/charge-decision`,
      dto: DecideChargeRequest,
      validBody: { decision: 'decline', declineReason: 'insufficient_evidence', decidedAt: '2025-04-10T10:00:00Z' },
      tokens: { signer: app.signer, settings: app.settings, claims: prosecutor },
      store: app.store,
      ignoreStreamPrefixes: RELAYED_STREAMS,
      seed,
    });
    expectFuzzRefusedAll(report);

    const token = await app.token('prosecutor', ['denver'], { subject: 'ada-fuzz', agency: 'DDA' });
    expect(
      await call(app, 'POST', `/v1/matters/${matterId}/charge-decision`, token, { decision: 'file' }),
    ).toMatchObject({ status: 200, body: { charge: { status: 'filed' } } });
  });

  it('POST /v1/matters/:matterId/sealing-confirmations: 1,000 bodies and 250 tokens, all refused, nothing written', async () => {
    // Filed by the previous case: a filed charge's arrest is never sealable, so even a valid body is refused.
    const report = await fuzzWriteEndpoint({
      baseUrl: app.url,
      method: 'POST',
      path: `/v1/matters/${matterId}/sealing-confirmations`,
      dto: ConfirmSealingRequest,
      validBody: { custodian: 'court', sealedOn: '2025-04-10' },
      tokens: { signer: app.signer, settings: app.settings, claims: prosecutor },
      store: app.store,
      ignoreStreamPrefixes: RELAYED_STREAMS,
      seed,
    });
    expectFuzzRefusedAll(report);
  });

  /*
   * A participant's coordination, in San Luis Valley: its DA's office (DA12) records, decides as the liaison and
   * terminates on its criteria, so every valid body below would go through; the malformed ones write nothing.
   */
  describe('the participant-coordination routes', () => {
    const da12 = { subject: 'da12-fuzz', agency: 'DA12', roles: ['prosecutor'], jurisdictions: ['san-luis-valley'] };
    let participantId: string;
    let legalMatterId: string;
    let token: string;

    beforeAll(async () => {
      const referral = await recordReferral(app.store, {
        jurisdiction: 'san-luis-valley',
        district: 'alamosa',
        door: 'social_contact',
        protocolVersion: '2026-12',
        referrer: { subject: 'officer-3', agency: 'APD' },
        referredAt: '2026-12-01T16:00:00.000Z',
      });
      const testCase = await publishCaseOpened(app.store, referral, 'CRP', '2026-12-01T18:00:00.000Z');
      await publishConsentRecorded(app.store, testCase, ['DA12'], '2026-12-01T18:30:00.000Z');
      await publishIntakeCompleted(app.store, testCase, '2026-12-01T19:00:00.000Z');
      participantId = testCase.participantId;
      await eventually(
        () => app.store.readStream(coordinationStream(participantId)).catch(() => []),
        (events) => events.some((event) => event.type === 'IntakeNoted'),
        'the case, consent and intake to reach the coordination',
      );
      token = await app.token('prosecutor', ['san-luis-valley'], { subject: 'da12-fuzz', agency: 'DA12' });
      const recorded = await call(app, 'POST', `/v1/participants/${participantId}/legal-matters`, token, {
        kind: 'new_charge',
        jurisdiction: 'san-luis-valley',
        occurredOn: '2026-12-01',
      });
      expect(recorded.status).toBe(201);
      legalMatterId = (recorded.body.legalMatters as Array<{ legalMatterId: string }>)[0]!.legalMatterId;
    });

    const expectAllRefused = (report: FuzzReport) => {
      expectFuzzRefusedAll(report);
      expect(report.byStatus).toMatchObject({ 400: expect.any(Number), 401: expect.any(Number) });
    };

    it('POST /v1/participants/:participantId/legal-matters: 1,000 bodies and 250 tokens, all refused, nothing written', async () => {
      const validBody = { kind: 'new_charge', jurisdiction: 'san-luis-valley', occurredOn: '2026-12-01' };
      expectAllRefused(
        await fuzzWriteEndpoint({
          baseUrl: app.url,
          method: 'POST',
          path: `/v1/participants/${participantId}/legal-matters`,
          dto: RecordLegalMatterRequest,
          validBody,
          tokens: { signer: app.signer, settings: app.settings, claims: da12 },
          store: app.store,
          ignoreStreamPrefixes: RELAYED_STREAMS,
          seed,
        }),
      );
      expect(
        await call(app, 'POST', `/v1/participants/${participantId}/legal-matters`, token, validBody),
      ).toMatchObject({ status: 201 });
    });

    it('POST /v1/participants/:participantId/legal-matters/:legalMatterId/decision: 1,000 bodies and 250 tokens, all refused, nothing written', async () => {
      const path = `/v1/participants/${participantId}/legal-matters/${legalMatterId}/decision`;
      const validBody = { decision: 'coordinate', reasonCode: 'plan_addresses_conduct' };
      expectAllRefused(
        await fuzzWriteEndpoint({
          baseUrl: app.url,
          method: 'POST',
          path,
          dto: DecideLegalMatterRequest,
          validBody,
          tokens: { signer: app.signer, settings: app.settings, claims: da12 },
          store: app.store,
          ignoreStreamPrefixes: RELAYED_STREAMS,
          seed,
        }),
      );
      expect(await call(app, 'POST', path, token, validBody)).toMatchObject({ status: 200 });
    });

    it('POST /v1/participants/:participantId/termination: 1,000 bodies and 250 tokens, all refused, nothing written', async () => {
      const path = `/v1/participants/${participantId}/termination`;
      const validBody = { criterionCode: 'new_violent_felony' };
      expectAllRefused(
        await fuzzWriteEndpoint({
          baseUrl: app.url,
          method: 'POST',
          path,
          dto: DecideTerminationRequest,
          validBody,
          tokens: { signer: app.signer, settings: app.settings, claims: da12 },
          store: app.store,
          ignoreStreamPrefixes: RELAYED_STREAMS,
          seed,
        }),
      );
      expect(await call(app, 'POST', path, token, validBody)).toMatchObject({ status: 200 });
    });
  });
});
