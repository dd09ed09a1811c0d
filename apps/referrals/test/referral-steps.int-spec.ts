import { randomUUID } from 'node:crypto';
import { call, denverArrestDiversion, startReferralsApp, type ReferralsApp } from './referrals-app.js';

/** The follow-up steps of a referral, through HTTP, with If-Match / ETag carrying the stream revision. */
describe('walking a referral through its steps', () => {
  let app: ReferralsApp;
  let officer: string;
  let partner: string;
  let caseManager: string;

  beforeAll(async () => {
    app = await startReferralsApp();
    officer = await app.token('officer', ['denver']);
    partner = await app.token('officer', ['denver'], { subject: 'officer-2' });
    caseManager = await app.token('case_manager', ['denver'], { subject: 'cm-7' });
  });
  afterAll(async () => {
    await app?.close();
  });

  const record = async (body: Record<string, unknown> = denverArrestDiversion()) => {
    const answer = await call(app, 'POST', '/v1/referrals', officer, body);
    expect(answer.status).toBe(201);
    return { referralId: answer.body.referralId as string, etag: answer.etag! };
  };
  const step = (token: string, referralId: string, route: string, body: Record<string, unknown>, etag?: string) =>
    call(app, 'POST', `/v1/referrals/${referralId}/${route}`, token, body, etag ? { 'if-match': etag } : {});

  it('walks an eligible Denver arrest diversion to the last step before the prosecutor', async () => {
    const { referralId, etag } = await record();
    const offer = await step(officer, referralId, 'offer-answer', { accepted: true, at: '2025-03-04T21:20:00Z' }, etag);
    expect(offer).toMatchObject({ status: 200, etag: '"2"', body: { referralId, status: 'open', eligible: true } });
    const call1 = await step(officer, referralId, 'lead-line-call', { at: '2025-03-04T21:22:00Z' }, offer.etag!);
    expect(call1).toMatchObject({ status: 200, etag: '"3"' });
    const arrival = await step(
      caseManager,
      referralId,
      'case-manager-arrival',
      { at: '2025-03-04T21:47:00Z' },
      call1.etag!,
    );
    expect(arrival).toMatchObject({ status: 200, etag: '"4"' });
    const custody = await step(
      partner,
      referralId,
      'custody-relinquished',
      { at: '2025-03-04T21:50:00Z' },
      arrival.etag!,
    );
    // Denver's prosecutor has the final word on eligibility: the referral waits for it (a later slice, over the bus).
    expect(custody).toMatchObject({ status: 200, etag: '"5"', body: { status: 'open' } });

    const events = await app.store.readStream(`referral-${referralId}`);
    expect(events.map((e) => e.type)).toEqual([
      'ReferralRecorded',
      'ReferralScreened',
      'OfferAnswered',
      'LeadLineCalled',
      'CaseManagerArrived',
      'CustodyRelinquished',
    ]);
    expect(events[4].data).toMatchObject({
      caseManager: { subject: 'cm-7', agency: 'ARTS' },
      minutesFromCall: 25,
      withinTarget: true,
    });
    expect(events[4].metadata).toMatchObject({
      actor: { subject: 'cm-7', agency: 'ARTS', role: 'case_manager' },
      jurisdiction: 'denver',
    });
    expect(events[5].metadata).toMatchObject({ actor: { subject: 'officer-2', agency: 'DPD', role: 'officer' } });
  });

  it('enrolls a social-contact referral when the person accepts', async () => {
    const { referralId, etag } = await record(denverArrestDiversion({ door: 'social_contact', offense: undefined }));
    const offer = await step(officer, referralId, 'offer-answer', { accepted: true, at: '2025-03-04T21:20:00Z' }, etag);
    expect(offer).toMatchObject({ status: 200, body: { status: 'accepted', eligible: true }, etag: '"3"' });
    const events = await app.store.readStream(`referral-${referralId}`);
    expect(events.map((e) => e.type).slice(-2)).toEqual(['OfferAnswered', 'ReferralAccepted']);
  });

  it('closes a referral the person declines, and refuses further steps (422)', async () => {
    const { referralId } = await record();
    expect(
      await step(officer, referralId, 'offer-answer', { accepted: false, at: '2025-03-04T21:20:00Z' }),
    ).toMatchObject({ status: 200, body: { status: 'closed' } });
    expect(await step(officer, referralId, 'lead-line-call', { at: '2025-03-04T21:22:00Z' })).toMatchObject({
      status: 422,
      body: { code: 'referral_not_open' },
    });
  });

  it("refuses an aggrieved party's agreement where Denver's protocol does not ask for one (422)", async () => {
    const { referralId } = await record();
    expect(
      await step(officer, referralId, 'aggrieved-party-agreement', { agreed: true, at: '2025-03-04T21:20:00Z' }),
    ).toMatchObject({
      status: 422,
      body: { code: 'aggrieved_party_not_required' },
    });
  });

  it('two officers editing one referral with the same If-Match: one 200, one 409 with the current revision, nothing lost', async () => {
    const { referralId, etag } = await record();
    const [a, b] = await Promise.all([
      step(officer, referralId, 'offer-answer', { accepted: true, at: '2025-03-04T21:20:00Z' }, etag),
      step(partner, referralId, 'lead-line-call', { at: '2025-03-04T21:21:00Z' }, etag),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [won, lost, lostStep] = a.status === 200 ? [a, b, 'lead-line-call'] : [b, a, 'offer-answer'];
    expect(lost.body).toMatchObject({ currentRevision: 2 });
    expect(won.etag).toBe('"2"');
    // The loser reloads and retries on the current revision: both facts end up recorded.
    const retry = await step(
      lostStep === 'offer-answer' ? officer : partner,
      referralId,
      lostStep,
      lostStep === 'offer-answer' ? { accepted: true, at: '2025-03-04T21:20:00Z' } : { at: '2025-03-04T21:21:00Z' },
      `"${String(lost.body.currentRevision)}"`,
    );
    expect(retry).toMatchObject({ status: 200, etag: '"3"' });
    const types = (await app.store.readStream(`referral-${referralId}`)).map((e) => e.type);
    expect(types.filter((t) => t === 'OfferAnswered' || t === 'LeadLineCalled').sort()).toEqual([
      'LeadLineCalled',
      'OfferAnswered',
    ]);
  });

  it('answers a stale If-Match with 409 and a malformed one with 400', async () => {
    const { referralId } = await record();
    expect(await step(officer, referralId, 'lead-line-call', { at: '2025-03-04T21:22:00Z' }, '"0"')).toMatchObject({
      status: 409,
      body: { currentRevision: 1 },
    });
    expect(
      await step(officer, referralId, 'lead-line-call', { at: '2025-03-04T21:22:00Z' }, 'yesterday'),
    ).toMatchObject({ status: 400 });
  });

  it("answers another agency's, another jurisdiction's and a missing referral alike (404)", async () => {
    const { referralId } = await record();
    const otherAgency = await app.token('officer', ['denver'], { agency: 'DSD', subject: 'deputy-1' });
    const otherJurisdiction = await app.token('officer', ['seattle-king-county'], { agency: 'SPD' });
    const missing = await step(officer, randomUUID(), 'lead-line-call', { at: '2025-03-04T21:22:00Z' });
    const byAgency = await step(otherAgency, referralId, 'lead-line-call', { at: '2025-03-04T21:22:00Z' });
    const byJurisdiction = await step(otherJurisdiction, referralId, 'lead-line-call', { at: '2025-03-04T21:22:00Z' });
    expect([missing.status, byAgency.status, byJurisdiction.status]).toEqual([404, 404, 404]);
    const strip = (body: Record<string, unknown>) => ({ ...body, instance: undefined, correlationId: undefined });
    expect(strip(byAgency.body)).toEqual(strip(missing.body));
    expect(strip(byJurisdiction.body)).toEqual(strip(missing.body));
    expect((await app.store.readStream(`referral-${referralId}`)).length).toBe(2);
  });
});
