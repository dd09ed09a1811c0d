import { assertValidIntegrationEvent, TOPICS } from '@lead/contracts';
import { decodeIntegrationEvent, receivedMessage, topicStream } from '@lead/messaging';
import { eventually } from './eventually.js';
import { call, denverArrestDiversion, startReferralsApp, type ReferralsApp } from './referrals-app.js';

const MINUTE = 60_000;

/** The instant `ms` written in local time at `offset` (`+23:59`, `-05:30`): what a field device may send. */
function withOffset(ms: number, offset: string): string {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [hours, minutes] = offset.slice(1).split(':').map(Number);
  const local = new Date(ms + sign * (hours * 60 + minutes) * MINUTE).toISOString();
  return local.replace('Z', offset);
}

/**
 * Step times through HTTP: a step dated before its referral (the 1900 call that made a hand-off of 66 million
 * minutes) or out of the hand-off's order is a 422 naming the rule, and nothing is stored; a time sent at any offset
 * is stored, answered and published in UTC.
 */
describe('step times of a referral, at the HTTP boundary', () => {
  let app: ReferralsApp;
  let officer: string;
  let caseManager: string;
  // A referral made today, an hour ago: every step below is in the past, as the request's own check requires.
  const referredAt = Math.floor((Date.now() - 60 * MINUTE) / 1000) * 1000;
  const after = (minutes: number) => new Date(referredAt + minutes * MINUTE).toISOString();

  beforeAll(async () => {
    app = await startReferralsApp();
    officer = await app.token('officer', ['denver']);
    caseManager = await app.token('case_manager', ['denver'], { subject: 'cm-7' });
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
      denverArrestDiversion({ referredAt: new Date(referredAt).toISOString() }),
    );
    expect(answer.status).toBe(201);
    return answer.body.referralId as string;
  };
  const step = (token: string, referralId: string, route: string, body: Record<string, unknown>) =>
    call(app, 'POST', `/v1/referrals/${referralId}/${route}`, token, body);
  const typesOf = async (referralId: string) =>
    (await app.store.readStream(`referral-${referralId}`)).map((e) => e.type);

  it.each([
    ['offer-answer', { accepted: true, at: '1900-01-01T00:00:00Z' }],
    ['offer-answer', { accepted: false, at: '1900-01-01T00:00:00Z' }],
    ['lead-line-call', { at: '1900-01-01T00:00:00Z' }],
    ['lead-line-call', { at: 'one minute before' }],
  ])('POST …/%s dated before the referral: 422 step_before_referral, nothing stored (%j)', async (route, body) => {
    const referralId = await record();
    const sent = body.at === 'one minute before' ? { at: after(-1) } : body;
    const answer = await step(officer, referralId, route, sent);
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 422, code: 'step_before_referral' });
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(await typesOf(referralId)).toEqual(['ReferralRecorded', 'ReferralScreened']);
  });

  it('keeps the hand-off in its order: no arrival before the call, no custody before the arrival (422)', async () => {
    const referralId = await record();
    expect((await step(officer, referralId, 'lead-line-call', { at: after(10) })).status).toBe(200);
    const early = await step(caseManager, referralId, 'case-manager-arrival', { at: after(9) });
    expect({ status: early.status, code: early.body.code }).toEqual({ status: 422, code: 'arrival_before_call' });
    expect((await step(caseManager, referralId, 'case-manager-arrival', { at: after(30) })).status).toBe(200);
    const custody = await step(officer, referralId, 'custody-relinquished', { at: after(29) });
    expect({ status: custody.status, code: custody.body.code }).toEqual({
      status: 422,
      code: 'custody_before_arrival',
    });
    expect(await typesOf(referralId)).toEqual([
      'ReferralRecorded',
      'ReferralScreened',
      'LeadLineCalled',
      'CaseManagerArrived',
    ]);
  });

  it('stores, answers and publishes times sent at +23:59, -23:59 or -05:30 in UTC, the hand-off measured between instants', async () => {
    const referralId = await record();
    const steps: Array<[string, string, Record<string, unknown>]> = [
      [officer, 'offer-answer', { accepted: true, at: withOffset(referredAt + 2 * MINUTE, '+23:59') }],
      [officer, 'lead-line-call', { at: withOffset(referredAt + 3 * MINUTE, '-23:59') }],
      [caseManager, 'case-manager-arrival', { at: withOffset(referredAt + 27.5 * MINUTE, '+23:59') }],
      [officer, 'custody-relinquished', { at: withOffset(referredAt + 30 * MINUTE, '-05:30') }],
    ];
    for (const [token, route, body] of steps) {
      const answer = await step(token, referralId, route, body);
      expect({ route, status: answer.status }).toEqual({ route, status: 200 });
    }

    const stored = await app.store.readStream(`referral-${referralId}`);
    const data = (type: string) => stored.find((e) => e.type === type)?.data;
    expect(data('OfferAnswered')).toMatchObject({ at: after(2) });
    expect(data('LeadLineCalled')).toMatchObject({ at: after(3) });
    expect(data('CaseManagerArrived')).toMatchObject({
      at: after(27.5),
      calledAt: after(3),
      minutesFromCall: 24.5,
      withinTarget: true,
    });
    expect(data('CustodyRelinquished')).toMatchObject({ at: after(30) });

    const read = await call(app, 'GET', `/v1/referrals/${referralId}`, officer);
    expect(read.body).toMatchObject({
      referredAt: after(0),
      offer: { accepted: true, at: after(2) },
      handOff: { calledAt: after(3), arrivedAt: after(27.5), minutesFromCall: 24.5 },
      custodyRelinquishedAt: after(30),
    });

    // Published, valid against its contract, with the same instants.
    const published = await eventually(async () => {
      const messages = (await app.store.readStream(topicStream(TOPICS.referrals))).map((e) =>
        decodeIntegrationEvent(receivedMessage(e)),
      );
      const ours = messages.filter((m) => (m.data as { referralId?: string }).referralId === referralId);
      const handedOff = ours.find((m) => m.type === 'lead.referral.handed-off');
      if (!handedOff) throw new Error('the hand-off is not published yet');
      return handedOff;
    });
    assertValidIntegrationEvent(published, TOPICS.referrals);
    expect(published.data).toMatchObject({ calledAt: after(3), arrivedAt: after(27.5), minutesFromCall: 24.5 });
  });
});
