import { fileURLToPath } from 'node:url';
import { call, denverArrestDiversion, startReferralsApp, type ReferralsApp } from './referrals-app.js';

/**
 * A jurisdiction whose protocol asks for the aggrieved party's agreement (none of the shipped ones
 * does yet), loaded through JURISDICTIONS_CONFIG_DIR from a test fixture folder.
 */
describe('aggrieved party agreement, where the protocol asks for it', () => {
  let app: ReferralsApp;
  let officer: string;
  let caseManager: string;
  const J = 'test-aggrieved-party';

  beforeAll(async () => {
    app = await startReferralsApp({
      JURISDICTIONS_CONFIG_DIR: fileURLToPath(new URL('./fixtures/config/', import.meta.url)),
    });
    officer = await app.token('officer', [J]);
    caseManager = await app.token('case_manager', [J]);
  });
  afterAll(async () => {
    await app?.close();
  });

  const record = async () => {
    const answer = await call(app, 'POST', '/v1/referrals', officer, denverArrestDiversion({ jurisdiction: J }));
    expect(answer).toMatchObject({ status: 201, body: { protocolVersion: '2020-01', eligible: true } });
    return answer.body.referralId as string;
  };
  const step = (token: string, referralId: string, route: string, body: Record<string, unknown>) =>
    call(app, 'POST', `/v1/referrals/${referralId}/${route}`, token, body);

  it('records the agreement as one more step before the prosecutor', async () => {
    const referralId = await record();
    expect(
      await step(officer, referralId, 'offer-answer', { accepted: true, at: '2025-03-04T21:20:00Z' }),
    ).toMatchObject({ status: 200, etag: '"2"' });
    expect(
      await step(officer, referralId, 'aggrieved-party-agreement', { agreed: true, at: '2025-03-04T21:21:00Z' }),
    ).toMatchObject({ status: 200, etag: '"3"', body: { status: 'open' } });
    expect(
      await step(officer, referralId, 'aggrieved-party-agreement', { agreed: true, at: '2025-03-04T21:21:00Z' }),
    ).toMatchObject({ status: 422, body: { code: 'aggrieved_party_already_recorded' } });
    await step(officer, referralId, 'lead-line-call', { at: '2025-03-04T21:22:00Z' });
    await step(caseManager, referralId, 'case-manager-arrival', { at: '2025-03-04T22:02:00Z' });
    expect(await step(officer, referralId, 'custody-relinquished', { at: '2025-03-04T22:05:00Z' })).toMatchObject({
      status: 200,
      body: { status: 'open' },
    });
    const events = await app.store.readStream(`referral-${referralId}`);
    expect(events.map((e) => e.type)).toContain('AggrievedPartyAgreementRecorded');
    // 40 minutes from the call: past the 30-minute hand-off target, kept as a fact.
    expect(events.find((e) => e.type === 'CaseManagerArrived')!.data).toMatchObject({
      minutesFromCall: 40,
      withinTarget: false,
    });
  });

  it('closes the referral when the aggrieved party does not agree', async () => {
    const referralId = await record();
    expect(
      await step(officer, referralId, 'aggrieved-party-agreement', { agreed: false, at: '2025-03-04T21:21:00Z' }),
    ).toMatchObject({ status: 200, body: { status: 'closed' } });
    const events = await app.store.readStream(`referral-${referralId}`);
    expect(events.at(-1)!.data).toMatchObject({ type: 'ReferralClosed', reason: 'aggrieved_party_disagreed' });
  });
});
