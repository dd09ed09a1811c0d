import { JurisdictionRegistry } from '@lead/jurisdictions';
import { join } from 'node:path';
import { call, denverArrestDiversion, startReferralsApp, type ReferralsApp } from './referrals-app.js';

const denver = JurisdictionRegistry.load(join(process.cwd(), 'config')).versionsOf('denver').at(-1)!;
const providers = denver.agencies.filter((a) => a.kind === 'provider').map((a) => a.id);
/** Every other agency of Denver's configuration, a provider of another jurisdiction, and an agency no one configured. */
const others = [
  ...denver.agencies.filter((a) => a.kind !== 'provider').map((a) => `${a.id} (${a.kind})`),
  'CRP (a provider of san-luis-valley)',
  'ADAMS-SO (not configured)',
];

/**
 * The case manager's arrival is the provider's part of the warm hand-off, published as that provider agency's: any
 * agency's `case_manager` token, even the police's (DPD), was accepted and attributed to it. Only a provider agency
 * of the referral's jurisdiction records it now; any other is 422 `not_a_provider_agency`, and nothing is stored.
 */
describe("who records a case manager's arrival", () => {
  let app: ReferralsApp;
  let officer: string;

  beforeAll(async () => {
    app = await startReferralsApp();
    officer = await app.token('officer', ['denver']);
  });
  afterAll(async () => {
    await app?.close();
  });

  const calledReferral = async () => {
    const recorded = await call(app, 'POST', '/v1/referrals', officer, denverArrestDiversion());
    expect(recorded.status).toBe(201);
    const referralId = recorded.body.referralId as string;
    const called = await call(app, 'POST', `/v1/referrals/${referralId}/lead-line-call`, officer, {
      at: '2025-03-04T21:22:00Z',
    });
    expect(called.status).toBe(200);
    return referralId;
  };
  const arrive = async (agency: string, referralId: string) =>
    call(
      app,
      'POST',
      `/v1/referrals/${referralId}/case-manager-arrival`,
      await app.token('case_manager', ['denver'], { agency, subject: `cm-of-${agency}` }),
      { at: '2025-03-04T21:47:00Z' },
    );

  it.each(others)('a case manager of %s: 422 not_a_provider_agency, nothing stored', async (described) => {
    const agency = described.split(' ')[0];
    const referralId = await calledReferral();
    const answer = await arrive(agency, referralId);
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 422, code: 'not_a_provider_agency' });
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    const types = (await app.store.readStream(`referral-${referralId}`)).map((e) => e.type);
    expect(types).toEqual(['ReferralRecorded', 'ReferralScreened', 'LeadLineCalled']);
  });

  it.each(providers)(
    "a case manager of %s, one of Denver's providers: recorded, attributed, read back",
    async (agency) => {
      const referralId = await calledReferral();
      const answer = await arrive(agency, referralId);
      expect(answer.status).toBe(200);
      const arrived = (await app.store.readStream(`referral-${referralId}`)).find(
        (e) => e.type === 'CaseManagerArrived',
      );
      expect(arrived?.data).toMatchObject({ caseManager: { subject: `cm-of-${agency}`, agency }, minutesFromCall: 25 });
      expect(arrived?.data).not.toHaveProperty('caseManager.agencyIsProvider');
      const read = await call(app, 'GET', `/v1/referrals/${referralId}`, officer);
      expect(read.body).toMatchObject({ handOff: { arrivedAt: '2025-03-04T21:47:00.000Z', minutesFromCall: 25 } });
    },
  );

  it('a provider of another jurisdiction, with a token of its own jurisdiction: 404, as for a referral it cannot see', async () => {
    const referralId = await calledReferral();
    const elsewhere = await app.token('case_manager', ['san-luis-valley'], { agency: 'CRP', subject: 'cm-slv' });
    const answer = await call(app, 'POST', `/v1/referrals/${referralId}/case-manager-arrival`, elsewhere, {
      at: '2025-03-04T21:47:00Z',
    });
    expect(answer.status).toBe(404);
  });
});
