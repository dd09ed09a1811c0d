import { JurisdictionRegistry } from '@lead/jurisdictions';
import { join } from 'node:path';
import { call, denverArrestDiversion, startReferralsApp, type ReferralsApp } from './referrals-app.js';

/**
 * Rochester/Monroe County (shipped config, version 2026-12): "the person and any aggrieved party present must agree".
 * The officer says whether an aggrieved party was present; only then is that party's agreement a step.
 */
describe('Rochester: the agreement of an aggrieved party present', () => {
  let app: ReferralsApp;
  let officer: string;
  let caseManager: string;
  const J = 'rochester-monroe';
  // Steps may not be ahead of the clock, so the referral is two hours ago; the version in force then governs it
  // (2026-12 from 2026-12-01, then 2027-01 with the same rules: a date-bound expectation would fail in January).
  const referredAt = new Date(Date.now() - 2 * 60 * 60_000);
  const VERSION = JurisdictionRegistry.load(join(process.cwd(), 'config')).protocolInForce(J, referredAt)!.version;
  const minutesAfter = (m: number) => new Date(referredAt.getTime() + m * 60_000).toISOString();

  beforeAll(async () => {
    app = await startReferralsApp();
    officer = await app.token('officer', [J], { agency: 'RPD' });
    caseManager = await app.token('case_manager', [J], { agency: 'ROC-LEAD-CM' });
  });
  afterAll(async () => {
    await app?.close();
  });

  const rochesterArrestDiversion = (over: Record<string, unknown> = {}) =>
    denverArrestDiversion({
      jurisdiction: J,
      district: 'genesee',
      area: 'ROC-GENESEE',
      referredAt: referredAt.toISOString(),
      offense: { code: 'NY-PL-155.25', probableCause: 'Seen leaving the corner store with two sandwiches unpaid' },
      ...over,
    });
  const record = async (over: Record<string, unknown>) => {
    const answer = await call(app, 'POST', '/v1/referrals', officer, rochesterArrestDiversion(over));
    expect(answer).toMatchObject({ status: 201, body: { protocolVersion: VERSION, eligible: true, status: 'open' } });
    return answer.body.referralId as string;
  };
  const step = (token: string, referralId: string, route: string, body: Record<string, unknown>) =>
    call(app, 'POST', `/v1/referrals/${referralId}/${route}`, token, body);
  const handOff = async (referralId: string) => {
    expect(await step(officer, referralId, 'offer-answer', { accepted: true, at: minutesAfter(1) })).toMatchObject({
      status: 200,
    });
    expect(await step(officer, referralId, 'lead-line-call', { at: minutesAfter(2) })).toMatchObject({ status: 200 });
    expect(await step(caseManager, referralId, 'case-manager-arrival', { at: minutesAfter(20) })).toMatchObject({
      status: 200,
    });
  };
  const recordedEvent = async (referralId: string) =>
    (await app.store.readStream(`referral-${referralId}`)).find((e) => e.type === 'ReferralRecorded')!.data;

  it('an aggrieved party was present and agrees: enrolled once they have, with no prosecutor review', async () => {
    const referralId = await record({ aggrievedPartyPresent: true });
    expect(await call(app, 'GET', `/v1/referrals/${referralId}`, officer)).toMatchObject({
      status: 200,
      body: {
        jurisdiction: J,
        protocolVersion: VERSION,
        requirements: { aggrievedPartyAgreementRequired: true, prosecutorReviewRequired: false },
      },
    });
    await handOff(referralId);
    // Custody handed over, but the aggrieved party has not said yet: still open.
    expect(await step(officer, referralId, 'custody-relinquished', { at: minutesAfter(21) })).toMatchObject({
      status: 200,
      body: { status: 'open' },
    });
    expect(
      await step(officer, referralId, 'aggrieved-party-agreement', { agreed: true, at: minutesAfter(22) }),
    ).toMatchObject({ status: 200, body: { status: 'accepted' } });

    expect(await recordedEvent(referralId)).toMatchObject({
      aggrievedPartyPresent: true,
      requirements: { aggrievedPartyAgreementRequired: true },
    });
    const events = await app.store.readStream(`referral-${referralId}`);
    expect(events.map((e) => e.type).slice(-2)).toEqual(['AggrievedPartyAgreementRecorded', 'ReferralAccepted']);
  });

  it('no aggrieved party was present: no agreement is asked, and the hand-over of custody enrols', async () => {
    const referralId = await record({ aggrievedPartyPresent: false });
    await handOff(referralId);
    expect(
      await step(officer, referralId, 'aggrieved-party-agreement', { agreed: true, at: minutesAfter(20) }),
    ).toMatchObject({ status: 422, body: { code: 'aggrieved_party_not_required' } });
    expect(await step(officer, referralId, 'custody-relinquished', { at: minutesAfter(21) })).toMatchObject({
      status: 200,
      body: { status: 'accepted' },
    });
    expect(await recordedEvent(referralId)).toMatchObject({
      aggrievedPartyPresent: false,
      requirements: { aggrievedPartyAgreementRequired: false },
    });
  });

  it('refuses an arrest diversion that does not say, and a presence that is not true or false', async () => {
    expect(await call(app, 'POST', '/v1/referrals', officer, rochesterArrestDiversion())).toMatchObject({
      status: 422,
      body: { code: 'aggrieved_party_presence_required' },
    });
    expect(
      await call(app, 'POST', '/v1/referrals', officer, rochesterArrestDiversion({ aggrievedPartyPresent: 'yes' })),
    ).toMatchObject({ status: 400 });
    expect(
      await call(
        app,
        'POST',
        '/v1/referrals',
        officer,
        rochesterArrestDiversion({ door: 'social_contact', offense: undefined, aggrievedPartyPresent: false }),
      ),
    ).toMatchObject({ status: 422, body: { code: 'aggrieved_party_without_arrest' } });
  });
});
