import { call, denverArrestDiversion, startReferralsApp, type ReferralsApp } from './referrals-app.js';

/**
 * A token's agency, subject and jurisdictions are published with what the caller records (referredBy, the
 * envelope's jurisdiction): a token carrying one the contracts refuse is refused as an invalid token, before
 * anything is stored that the relay could then never publish.
 */
describe('token identifiers the contracts refuse', () => {
  let app: ReferralsApp;

  beforeAll(async () => {
    app = await startReferralsApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  /** The service's own records: not its start-up protocol adoptions, nor the audit of refused calls. */
  const storedEvents = async () =>
    (
      await app.db.query(
        `SELECT count(*)::int AS n FROM "${app.eventStoreSchema}".events WHERE stream_id NOT LIKE 'protocol-%' AND stream_id NOT LIKE 'audit-%'`,
      )
    ).rows[0].n as number;

  it('answers 401 to an officer whose agency starts with _, as to any malformed token, and stores nothing', async () => {
    const before = await storedEvents();
    for (const token of [
      await app.token('officer', ['denver'], { agency: '_DPD' }),
      await app.token('officer', ['denver'], { subject: 'ada@denvergov.org' }),
      await app.token('officer', ['denver-']),
    ]) {
      const answer = await call(app, 'POST', '/v1/referrals', token, denverArrestDiversion());
      expect(answer.status).toBe(401);
    }
    expect(await storedEvents()).toBe(before);
    const valid = await app.token('officer', ['denver']);
    expect((await call(app, 'POST', '/v1/referrals', valid, denverArrestDiversion())).status).toBe(201);
    expect(await storedEvents()).toBeGreaterThan(before);
  });
});
