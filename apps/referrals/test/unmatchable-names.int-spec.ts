import { call, denverArrestDiversion, startReferralsApp, type ReferralsApp } from './referrals-app.js';

const person = (givenName: string, familyName: string) => ({ givenName, familyName, dateOfBirth: '1986-09-17' });

/**
 * A name holding a letter that normalising for matching drops (it decomposes to combining marks) passed the request's
 * letter check, then failed matching: both names so made answered 500. Each such name is now refused before anything
 * is matched or stored, naming its field.
 */
describe('names matching cannot use, at POST /v1/referrals', () => {
  let app: ReferralsApp;
  let officer: string;

  beforeAll(async () => {
    app = await startReferralsApp();
    officer = await app.token('officer', ['denver']);
  });
  afterAll(async () => {
    await app?.close();
  });

  const storedEvents = async () =>
    Number(
      (
        await app.db.query(
          `SELECT count(*) AS n FROM "${app.eventStoreSchema}".events WHERE stream_id NOT LIKE 'topic-%'`,
        )
      ).rows[0].n,
    );
  const fieldsOf = (body: Record<string, unknown>) =>
    ((body.errors as Array<{ field: string; messages: string[] }>) ?? []).map((e) => e.field).sort();

  it.each([
    ['U+037A GREEK YPOGEGRAMMENI', '\u037a'],
    ['U+FE70 ARABIC FATHATAN ISOLATED FORM', '\ufe70'],
    ['U+FF9E HALFWIDTH KATAKANA VOICED SOUND MARK', '\uff9e'],
    ['U+FC5E ARABIC LIGATURE SHADDA WITH DAMMATAN ISOLATED FORM', '\ufc5e'],
    ['U+FF9F HALFWIDTH KATAKANA SEMI-VOICED SOUND MARK', '\uff9f'],
  ])('both names of %s alone: 400 naming both fields, nothing stored', async (_, letter) => {
    const before = await storedEvents();
    const answer = await call(
      app,
      'POST',
      '/v1/referrals',
      officer,
      denverArrestDiversion({ person: person(letter, `${letter}-${letter}`) }),
    );
    expect({ status: answer.status, fields: fieldsOf(answer.body) }).toEqual({
      status: 400,
      fields: ['person.familyName', 'person.givenName'],
    });
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(answer.body)).toContain('must contain a letter, not only marks');
    expect(await storedEvents()).toBe(before);
  });

  it('one such name beside a real one: 400 naming that field only', async () => {
    const answer = await call(
      app,
      'POST',
      '/v1/referrals',
      officer,
      denverArrestDiversion({ person: person('Marisol', '\ufe70 \uff9e') }),
    );
    expect({ status: answer.status, fields: fieldsOf(answer.body) }).toEqual({
      status: 400,
      fields: ['person.familyName'],
    });
  });

  it('a dropped letter beside letters matching keeps is a name: recorded, read back, and matched as the name without it', async () => {
    const first = await call(
      app,
      'POST',
      '/v1/referrals',
      officer,
      denverArrestDiversion({ person: person('Ana\u037a', '\uff9eRuiz') }),
    );
    expect(first.status).toBe(201);
    const read = await call(app, 'GET', `/v1/referrals/${first.body.referralId as string}`, officer);
    expect(read).toMatchObject({ status: 200, body: { participantId: first.body.participantId, status: 'open' } });
    const again = await call(
      app,
      'POST',
      '/v1/referrals',
      officer,
      denverArrestDiversion({ person: person('Ana', 'Ruiz') }),
    );
    expect(again).toMatchObject({ status: 201, body: { participantId: first.body.participantId } });
  });
});
