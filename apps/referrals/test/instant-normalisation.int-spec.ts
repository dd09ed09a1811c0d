import { call, denverArrestDiversion, startReferralsApp, type ReferralsApp } from './referrals-app.js';

/**
 * Instants are stored as the contracts publish them (`date-time`: UTC with seconds): whatever ISO 8601 form with an
 * offset a caller sends, the canonical one is what the store holds and the API answers. A time sent without seconds
 * used to be stored as sent, and the relay then stopped at the event it could not publish.
 */
describe('instants at the HTTP boundary', () => {
  let app: ReferralsApp;
  let officer: string;

  beforeAll(async () => {
    app = await startReferralsApp();
    officer = await app.token('officer', ['denver']);
  });
  afterAll(async () => {
    await app?.close();
  });

  const record = async () => {
    const answer = await call(
      app,
      'POST',
      '/v1/referrals',
      officer,
      denverArrestDiversion({ referredAt: '2026-12-01T16:58-07:00' }),
    );
    expect(answer.status).toBe(201);
    return { referralId: answer.body.referralId as string, etag: answer.etag! };
  };

  it('stores a step time sent without seconds as UTC with seconds, and answers it so', async () => {
    const { referralId, etag } = await record();
    const offer = await call(
      app,
      'POST',
      `/v1/referrals/${referralId}/offer-answer`,
      officer,
      { accepted: true, at: '2026-12-02T00:01Z' },
      { 'if-match': etag },
    );
    expect(offer.status).toBe(200);
    const called = await call(
      app,
      'POST',
      `/v1/referrals/${referralId}/lead-line-call`,
      officer,
      { at: '2026-12-02T01:03+01:00' },
      { 'if-match': offer.etag! },
    );
    expect(called.status).toBe(200);

    const events = await app.store.readStream(`referral-${referralId}`);
    expect(events.find((e) => e.type === 'ReferralRecorded')?.data).toMatchObject({
      referredAt: '2026-12-01T23:58:00.000Z',
    });
    expect(events.find((e) => e.type === 'OfferAnswered')?.data).toMatchObject({ at: '2026-12-02T00:01:00.000Z' });
    expect(events.find((e) => e.type === 'LeadLineCalled')?.data).toMatchObject({ at: '2026-12-02T00:03:00.000Z' });

    const read = await call(app, 'GET', `/v1/referrals/${referralId}`, officer);
    expect(read.body).toMatchObject({
      referredAt: '2026-12-01T23:58:00.000Z',
      offer: { accepted: true, at: '2026-12-02T00:01:00.000Z' },
      handOff: { calledAt: '2026-12-02T00:03:00.000Z' },
    });
  });

  it('refuses a time that names no instant with 400 naming the field, and stores nothing', async () => {
    const { referralId, etag } = await record();
    for (const at of ['2026-12-02T00:01', '2026-02-30T00:01Z', '2026-W49-3T00:01Z']) {
      const answer = await call(
        app,
        'POST',
        `/v1/referrals/${referralId}/offer-answer`,
        officer,
        { accepted: true, at },
        { 'if-match': etag },
      );
      expect({
        at,
        status: answer.status,
        fields: (answer.body.errors as Array<{ field: string }>)?.map((e) => e.field),
      }).toEqual({
        at,
        status: 400,
        fields: ['at'],
      });
    }
    const events = await app.store.readStream(`referral-${referralId}`);
    expect(events.map((e) => e.type)).toEqual(['ReferralRecorded', 'ReferralScreened']);
  });

  it('normalises instants of a query string too', async () => {
    const admin = await app.token('program_admin', ['denver']);
    const counts = await call(app, 'GET', '/v1/referrals/counts?referredFrom=2026-12-01T17:00-07:00', admin);
    expect(counts).toMatchObject({ status: 200, body: { referredFrom: '2026-12-02T00:00:00.000Z' } });
  });
});
