import { newEventId } from '@lead/event-store';
import { referralIdentityBeforeJurisdictionScope } from '../src/referral/record-referral/referral-identity.js';
import { call, denverArrestDiversion, startReferralsApp, type ReferralsApp } from './referrals-app.js';

/**
 * Whose an `Idempotency-Key` is: the caller's subject, agency and jurisdictions, not the subject alone. A replay skips
 * the handler and with it every scope check, so a key shared across agencies or jurisdictions handed one agency's
 * stored answer to another.
 */
describe('Idempotency-Key scope', () => {
  let app: ReferralsApp;
  let officer: string;

  beforeAll(async () => {
    app = await startReferralsApp();
    officer = await app.token('officer', ['denver']);
  });
  afterAll(async () => {
    await app?.close();
  });

  const eventCount = async () =>
    Number(
      (
        await app.db.query(
          `SELECT count(*) AS n FROM "${app.eventStoreSchema}".events WHERE stream_id NOT LIKE 'topic-%'`,
        )
      ).rows[0].n,
    );
  const person = (givenName: string) => ({ givenName, familyName: 'Vasquez-Lind', dateOfBirth: '1988-04-04' });

  it('does not replay a Denver step to the same subject acting for another agency in another jurisdiction', async () => {
    const recorded = await call(
      app,
      'POST',
      '/v1/referrals',
      officer,
      denverArrestDiversion({ person: person('Ada') }),
    );
    expect(recorded.status).toBe(201);
    const path = `/v1/referrals/${recorded.body.referralId as string}/offer-answer`;
    const body = { accepted: true, at: '2025-03-04T21:20:00Z' };
    const headers = { 'idempotency-key': `step-${Date.now()}`, 'if-match': recorded.etag! };
    const denver = await call(app, 'POST', path, officer, body, headers);
    expect(denver.status).toBe(200);
    expect((await call(app, 'POST', path, officer, body, headers)).headers.get('idempotent-replayed')).toBe('true');

    const seattle = await app.token('officer', ['seattle-king-county'], { agency: 'SPD' });
    const theirs = await call(app, 'POST', path, seattle, body, headers);
    // The handler ran for them: another jurisdiction's referral answers like a missing one.
    expect(theirs.status).toBe(404);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(JSON.stringify(theirs.body)).not.toContain(recorded.body.participantId as string);
  });

  it('refuses a step retried on its key with another If-Match, and replays it with the same one', async () => {
    const recorded = await call(app, 'POST', '/v1/referrals', officer, denverArrestDiversion({ person: person('Bo') }));
    const path = `/v1/referrals/${recorded.body.referralId as string}/offer-answer`;
    const body = { accepted: true, at: '2025-03-04T21:20:00Z' };
    const key = `if-match-${Date.now()}`;
    const first = await call(app, 'POST', path, officer, body, { 'idempotency-key': key, 'if-match': recorded.etag! });
    expect(first.status).toBe(200);
    const other = await call(app, 'POST', path, officer, body, { 'idempotency-key': key, 'if-match': '"7"' });
    expect(other).toMatchObject({ status: 422, body: { code: 'idempotency_key_reused' } });
    const same = await call(app, 'POST', path, officer, body, { 'idempotency-key': key, 'if-match': recorded.etag! });
    expect(same).toMatchObject({ status: 200, body: first.body, etag: first.etag });
    expect(same.headers.get('idempotent-replayed')).toBe('true');
  });

  it('records a referral of its own for the same subject and agency with other jurisdictions, and for another agency', async () => {
    const body = denverArrestDiversion({ person: person('Cai') });
    const headers = { 'idempotency-key': `referral-${Date.now()}` };
    const first = await call(app, 'POST', '/v1/referrals', officer, body, headers);
    expect(first.status).toBe(201);
    const wider = await app.token('officer', ['seattle-king-county', 'denver']);
    const widerAnswer = await call(app, 'POST', '/v1/referrals', wider, body, headers);
    expect(widerAnswer.status).toBe(201);
    expect(widerAnswer.headers.get('idempotent-replayed')).toBeNull();
    expect(widerAnswer.body.referralId).not.toBe(first.body.referralId);
    expect(widerAnswer.body.participantId).toBe(first.body.participantId);
    // Its own retry is answered from its own referral; the order of the token's jurisdictions does not matter.
    const reordered = await app.token('officer', ['denver', 'seattle-king-county']);
    const retried = await call(app, 'POST', '/v1/referrals', reordered, body, headers);
    expect(retried).toMatchObject({ status: 201, body: widerAnswer.body });
    expect(retried.headers.get('idempotent-replayed')).toBe('true');

    // Another agency's request is decided for that agency (Denver's arrest diversion door is the police's alone).
    const jail = await app.token('officer', ['denver'], { agency: 'DEN-JAIL' });
    const theirs = await call(app, 'POST', '/v1/referrals', jail, body, headers);
    expect(theirs.status).toBe(422);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
  });

  it('still answers a retry of a referral keyed before keys were scoped by jurisdictions', async () => {
    // What the earlier version stored: the referral under ids derived from agency, subject and key. Its events are
    // copied from one recorded now; the sealed request digest opens under the participant, wherever the stream is.
    const body = denverArrestDiversion({ person: person('Dov') });
    const recorded = await call(app, 'POST', '/v1/referrals', officer, body, {
      'idempotency-key': `now-${Date.now()}`,
    });
    expect(recorded.status).toBe(201);
    const oldKey = `before-${Date.now()}`;
    const earlier = referralIdentityBeforeJurisdictionScope(
      { agency: 'DPD', subject: 'officer-1' },
      { scope: 'unused', key: oldKey, requestHash: 'unused' },
    );
    const events = await app.store.readStream(`referral-${recorded.body.referralId as string}`);
    await app.store.appendToStream(
      `referral-${earlier.referralId}`,
      events.map((e) => ({
        eventId: newEventId(),
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: { ...(e.data as Record<string, unknown>), referralId: earlier.referralId },
        metadata: e.metadata,
      })),
      'no_stream',
    );
    const before = await eventCount();
    const retried = await call(app, 'POST', '/v1/referrals', officer, body, { 'idempotency-key': oldKey });
    expect(retried).toMatchObject({
      status: 201,
      body: { ...recorded.body, referralId: earlier.referralId },
      etag: recorded.etag,
    });
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(await eventCount()).toBe(before);
    // The old key with another request is refused, as it was.
    const other = await call(
      app,
      'POST',
      '/v1/referrals',
      officer,
      { ...body, district: '1' },
      { 'idempotency-key': oldKey },
    );
    expect(other).toMatchObject({ status: 422, body: { code: 'idempotency_key_reused' } });
  });
});
