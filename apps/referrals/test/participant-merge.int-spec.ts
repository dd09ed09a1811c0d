import { randomUUID } from 'node:crypto';
import { eventually } from './eventually.js';
import { call, denverArrestDiversion, startReferralsApp, type ReferralsApp } from './referrals-app.js';

const person = (givenName: string, familyName: string, dateOfBirth: string) => ({ givenName, familyName, dateOfBirth });

/** A program admin merges participant records that matching kept apart; the referrals follow the surviving record. */
describe('POST /v1/participants/:participantId/merge', () => {
  let app: ReferralsApp;
  let officer: string;
  let admin: string;

  beforeAll(async () => {
    app = await startReferralsApp();
    officer = await app.token('officer', ['denver']);
    admin = await app.token('program_admin', ['denver']);
  });
  afterAll(async () => {
    await app?.close();
  });

  const refer = async (who: ReturnType<typeof person>, jurisdiction = 'denver') => {
    const token = jurisdiction === 'denver' ? officer : await app.token('officer', [jurisdiction], { agency: 'APD' });
    const body =
      jurisdiction === 'denver'
        ? denverArrestDiversion({ person: who })
        : denverArrestDiversion({ person: who, jurisdiction, district: 'alamosa' });
    const answer = await call(app, 'POST', '/v1/referrals', token, body);
    expect(answer.status).toBe(201);
    return { referralId: answer.body.referralId as string, participantId: answer.body.participantId as string };
  };
  const merge = (participantId: string, into: string, headers: Record<string, string> = {}, token = admin) =>
    call(app, 'POST', `/v1/participants/${participantId}/merge`, token, { into, reasonCode: 'name_misspelt' }, headers);
  const referralsOf = async (participantId: string) => {
    const answer = await call(app, 'GET', `/v1/referrals?participantId=${participantId}`, admin);
    expect(answer.status).toBe(200);
    return (answer.body.referrals as Array<{ referralId: string }>).map((r) => r.referralId).sort();
  };

  it("re-attributes the merged participant's referrals to the surviving record, along a chain of merges", async () => {
    const first = await refer(person('Genoveva', 'Ostrowski', '1984-05-06'));
    const misspelt = await refer(person('Genoveva', 'Ostrowsky', '1984-05-06'));
    const third = await refer(person('Jenny', 'Ostrowski', '1984-05-06'));
    expect(new Set([first.participantId, misspelt.participantId, third.participantId]).size).toBe(3);
    await eventually(async () => expect(await referralsOf(misspelt.participantId)).toEqual([misspelt.referralId]));

    const key = randomUUID();
    const merged = await merge(misspelt.participantId, first.participantId, {
      'idempotency-key': key,
      'if-match': '"0"',
    });
    expect(merged).toMatchObject({
      status: 200,
      etag: '"1"',
      body: { participantId: misspelt.participantId, mergedInto: first.participantId },
    });
    // A retry with the same key is answered again, not merged again.
    expect(
      await merge(misspelt.participantId, first.participantId, { 'idempotency-key': key, 'if-match': '"0"' }),
    ).toMatchObject({ status: 200, etag: '"1"', body: merged.body });
    const events = await app.store.readStream(`participant-${misspelt.participantId}`);
    expect(events.map((e) => e.type)).toEqual(['ParticipantRegistered', 'ParticipantMergedInto']);
    expect(events[1].data).toMatchObject({
      into: first.participantId,
      reasonCode: 'name_misspelt',
      mergedBy: { subject: 'program_admin-1', agency: 'OBHS' },
    });
    expect(events[1].metadata).toMatchObject({
      actor: { subject: 'program_admin-1', agency: 'OBHS', role: 'program_admin' },
      jurisdiction: 'denver',
      participantId: misspelt.participantId,
    });

    await eventually(async () =>
      expect(await referralsOf(first.participantId)).toEqual([first.referralId, misspelt.referralId].sort()),
    );
    expect(await referralsOf(misspelt.participantId)).toEqual([]);
    expect(await call(app, 'GET', `/v1/referrals/${misspelt.referralId}`, officer)).toMatchObject({
      status: 200,
      body: { participantId: first.participantId },
    });

    // The surviving record is itself merged later: every referral follows to the end of the chain.
    expect(await merge(first.participantId, third.participantId)).toMatchObject({
      status: 200,
      body: { mergedInto: third.participantId },
    });
    const all = [first.referralId, misspelt.referralId, third.referralId].sort();
    await eventually(async () => expect(await referralsOf(third.participantId)).toEqual(all));
    expect(await call(app, 'GET', `/v1/referrals/${misspelt.referralId}`, admin)).toMatchObject({
      status: 200,
      body: { participantId: third.participantId },
    });
    // A new referral under the misspelt name is recorded for the end of the chain, not for a merged record.
    const again = await refer(person('Genoveva', 'Ostrowsky', '1984-05-06'));
    expect(again.participantId).toBe(third.participantId);
    // Counted once each, merged or not.
    await eventually(async () =>
      expect(await referralsOf(third.participantId)).toEqual([...all, again.referralId].sort()),
    );
    const counts = await call(app, 'GET', '/v1/referrals/counts', admin);
    expect(counts.body.groups).toEqual([
      expect.objectContaining({ jurisdiction: 'denver', door: 'arrest_diversion', recorded: 4 }),
    ]);
  });

  it('refuses what the participant decider refuses (422), a stale If-Match (409), and a record the caller cannot see', async () => {
    const a = await refer(person('Hieronymus', 'Bakshi', '1960-01-01'));
    const b = await refer(person('Hieronimus', 'Bakshi', '1960-01-01'));
    const elsewhere = await refer(person('Hieronymus', 'Bakshi', '1960-01-02'), 'san-luis-valley');

    expect(await merge(a.participantId, a.participantId)).toMatchObject({
      status: 422,
      body: { code: 'merge_into_itself' },
    });
    expect(await merge(a.participantId, b.participantId, { 'if-match': '"3"' })).toMatchObject({
      status: 409,
      body: { currentRevision: 0 },
    });
    // Another jurisdiction's record, or none, as the surviving record: the same answer.
    const unseen = await merge(a.participantId, elsewhere.participantId);
    expect(unseen).toMatchObject({ status: 422, body: { code: 'merge_target_not_found' } });
    expect((await merge(a.participantId, randomUUID())).body.detail).toBe(unseen.body.detail);
    // An admin of both jurisdictions learns the real reason.
    const both = await app.token('program_admin', ['denver', 'san-luis-valley']);
    expect(await merge(a.participantId, elsewhere.participantId, {}, both)).toMatchObject({
      status: 422,
      body: { code: 'merge_across_jurisdictions' },
    });

    expect(await merge(a.participantId, b.participantId)).toMatchObject({ status: 200 });
    expect(await merge(a.participantId, b.participantId)).toMatchObject({
      status: 422,
      body: { code: 'already_merged' },
    });
    const c = await refer(person('Hieronymos', 'Bakshi', '1960-01-01'));
    expect(await merge(c.participantId, a.participantId)).toMatchObject({
      status: 422,
      body: { code: 'merge_into_merged' },
    });

    // Another jurisdiction's participant answers like a missing one (404).
    const missing = await merge(randomUUID(), b.participantId);
    const other = await merge(elsewhere.participantId, b.participantId);
    expect(missing.status).toBe(404);
    expect({ status: other.status, type: other.body.type, detail: other.body.detail }).toEqual({
      status: 404,
      type: missing.body.type,
      detail: missing.body.detail,
    });
  });

  it('lets only one of two merges racing in opposite directions through, so one record always survives', async () => {
    for (let round = 0; round < 10; round++) {
      const a = await refer(person('Bartholomew', `Race${round}a`, '1971-02-03'));
      const b = await refer(person('Bartholomew', `Race${round}b`, '1971-02-03'));
      const [ab, ba] = await Promise.all([
        merge(a.participantId, b.participantId),
        merge(b.participantId, a.participantId),
      ]);
      const statuses = [ab.status, ba.status].sort();
      // The loser either conflicts (409) or, decided after the winner, is refused by the decider (422).
      expect(statuses[0]).toBe(200);
      expect([409, 422]).toContain(statuses[1]);
      const mergedInto = async (id: string) => {
        const events = await app.store.readStream(`participant-${id}`);
        return events.filter((e) => e.type === 'ParticipantMergedInto').length;
      };
      expect((await mergedInto(a.participantId)) + (await mergedInto(b.participantId))).toBe(1);
    }
  });

  it('validates the body (400 naming the field) and lets only program admins merge (403)', async () => {
    const a = await refer(person('Wilhelmina', 'Szabo', '1977-07-07'));
    const bad = await call(app, 'POST', `/v1/participants/${a.participantId}/merge`, admin, {
      into: 'someone',
      reasonCode: 'Because I said so',
    });
    expect(bad).toMatchObject({ status: 400 });
    expect((bad.body.errors as Array<{ field: string }>).map((e) => e.field).sort()).toEqual(['into', 'reasonCode']);
    expect((await merge(a.participantId, randomUUID(), {}, officer)).status).toBe(403);
  });
});
