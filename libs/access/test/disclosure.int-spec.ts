import { REDISCLOSURE_NOTICE, REDISCLOSURE_NOTICE_SHORT } from '../src/disclosure/redisclosure-notice.js';
import { participantAuditStream, type ParticipantRecordRead } from '../src/audit/access-audit-events.js';
import { appendedSince, markLog } from '@lead/testing';
import { seedParticipant, type SeededParticipant } from './participants-app/fixtures.js';
import { startParticipantsApp, type ParticipantsApp } from './participants-app/participants-app.js';

/** The Golden Rule over HTTP: who sees what of one participant, and what is recorded about it. */
describe('disclosure of a participant record', () => {
  let app: ParticipantsApp;
  let participant: SeededParticipant;

  beforeAll(async () => {
    app = await startParticipantsApp();
    participant = await seedParticipant(app, 'denver', { consentTo: ['DPD', 'DDA'] });
  });
  afterAll(async () => {
    await app?.close();
  });

  async function read(
    role: Parameters<ParticipantsApp['token']>[0],
    options: { agency?: string; purpose?: string | null; participantId?: string } = {},
  ) {
    const headers: Record<string, string> = {
      authorization: `Bearer ${await app.token(role, ['denver'], options.agency ? { agency: options.agency } : {})}`,
    };
    if (options.purpose !== null) headers['x-purpose-of-use'] = options.purpose ?? 'care-coordination';
    const response = await fetch(`${app.url}/v1/participants/${options.participantId ?? participant.participantId}`, {
      headers,
    });
    return { response, text: await response.text() };
  }

  async function lastRead(participantId = participant.participantId): Promise<ParticipantRecordRead> {
    const events = await app.store.readStream(participantAuditStream(participantId), {
      direction: 'backwards',
      maxCount: 1,
    });
    return events[0].data as ParticipantRecordRead;
  }

  it('case management sees the whole record', async () => {
    const { response, text } = await read('case_manager', { purpose: 'case-management' });
    expect(response.status).toBe(200);
    for (const value of participant.personalValues) expect(text).toContain(value);
    expect(response.headers.get('x-redisclosure-notice')).toBeNull();
    expect(await lastRead()).toMatchObject({
      view: 'full',
      outcome: 'disclosed',
      purpose: 'case-management',
      redisclosureNotice: false,
    });
  });

  it('police see the participation status only, with the consent and the §2.32 notice, and the disclosure is logged', async () => {
    const { response, text } = await read('officer', { purpose: 'care-coordination' });
    expect(response.status).toBe(200);
    expect(JSON.parse(text)).toEqual({
      participantId: participant.participantId,
      status: { enrolled: true, engaged: true, intakeCompletedByDeadline: true, exited: false },
      consent: expect.objectContaining({ recipient: 'DPD', scope: ['participation-status'] }),
      redisclosureNotice: REDISCLOSURE_NOTICE,
    });
    expect(response.headers.get('x-redisclosure-notice')).toBe(REDISCLOSURE_NOTICE_SHORT);
    for (const value of participant.personalValues) expect(text).not.toContain(value);
    expect(await lastRead()).toMatchObject({
      participantId: participant.participantId,
      jurisdiction: 'denver',
      actor: { subject: 'officer-1', agency: 'DPD', role: 'officer' },
      route: 'GET /v1/participants/:participantId',
      view: 'participation-status',
      outcome: 'disclosed',
      consentId: expect.any(String),
      redisclosureNotice: true,
      purpose: 'care-coordination',
    });
  });

  it('evaluators see de-identified data only', async () => {
    const { response, text } = await read('evaluator', { purpose: 'evaluation' });
    expect(response.status).toBe(200);
    const body = JSON.parse(text);
    expect(body).toMatchObject({
      pseudonym: expect.any(String),
      race: 'black',
      jurisdiction: 'denver',
      district: 'D1',
    });
    for (const value of [...participant.personalValues, participant.participantId]) expect(text).not.toContain(value);
  });

  it('an agency the consent does not name gets 404, like a record that does not exist, and the refusal is logged', async () => {
    const { response, text } = await read('officer', { agency: 'APD' });
    const missing = await read('officer', { agency: 'APD', participantId: '00000000-0000-4000-8000-000000000000' });
    expect(response.status).toBe(404);
    const strip = (body: string) => {
      const { instance: _i, correlationId: _c, ...rest } = JSON.parse(body);
      return rest;
    };
    expect(strip(text)).toEqual(strip(missing.text));
    expect(await lastRead()).toMatchObject({
      actor: { agency: 'APD' },
      outcome: 'withheld',
      withheldBecause: 'recipient-not-named',
      redisclosureNotice: false,
    });
  });

  it('a partial revocation stops disclosure to the revoked recipient only', async () => {
    const revocable = await seedParticipant(app, 'denver', { consentTo: ['DPD', 'DDA'] });
    const caseManager = await app.token('case_manager', ['denver']);
    const revoked = await fetch(`${app.url}/v1/participants/${revocable.participantId}/consent/revocations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${caseManager}`, 'content-type': 'application/json' },
      body: JSON.stringify({ revokedAt: new Date(Date.now() - 1000).toISOString(), recipients: ['DPD'] }),
    });
    expect(revoked.status).toBe(201);
    expect((await read('officer', { participantId: revocable.participantId })).response.status).toBe(404);
    expect(await lastRead(revocable.participantId)).toMatchObject({ outcome: 'withheld', withheldBecause: 'revoked' });
    expect(
      (await read('prosecutor', { participantId: revocable.participantId, purpose: 'prosecution-coordination' }))
        .response.status,
    ).toBe(200);
  });

  it('an expired consent discloses nothing', async () => {
    const expiring = await seedParticipant(app, 'denver');
    const caseManager = await app.token('case_manager', ['denver']);
    const recorded = await fetch(`${app.url}/v1/participants/${expiring.participantId}/consent`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${caseManager}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        recipients: ['DPD'],
        scope: ['participation-status'],
        purpose: 'lead-diversion-coordination',
        signedAt: '2024-01-01T00:00:00Z',
        expiresAt: '2024-12-31T00:00:00Z',
      }),
    });
    expect(recorded.status).toBe(200);
    expect((await read('officer', { participantId: expiring.participantId })).response.status).toBe(404);
    expect(await lastRead(expiring.participantId)).toMatchObject({ withheldBecause: 'expired' });
  });

  it('an audited read needs a known purpose of use, named in a 400 before anything is read', async () => {
    for (const purpose of [null, 'curiosity']) {
      const { response, text } = await read('case_manager', { purpose });
      expect(response.status).toBe(400);
      expect(JSON.parse(text).errors).toEqual([
        { field: 'header:X-Purpose-Of-Use', messages: [expect.stringContaining('case-management')] },
      ]);
    }
  });

  it('lists answer only the caller’s jurisdictions, each participant audited, in the caller’s view', async () => {
    const elsewhere = await seedParticipant(app, 'seattle-king-county');
    const token = await app.token('evaluator', ['denver']);
    const response = await fetch(`${app.url}/v1/participants`, {
      headers: { authorization: `Bearer ${token}`, 'x-purpose-of-use': 'evaluation' },
    });
    const text = await response.text();
    expect(response.status).toBe(200);
    const items = JSON.parse(text) as { jurisdiction: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.jurisdiction === 'denver')).toBe(true);
    for (const value of [...participant.personalValues, ...elsewhere.personalValues]) expect(text).not.toContain(value);
    expect(await lastRead()).toMatchObject({
      actor: { role: 'evaluator' },
      view: 'de-identified',
      route: 'GET /v1/participants',
    });
  });

  it('refuses informant or source information anywhere in a request, naming the field, writing nothing', async () => {
    const token = await app.token('officer', ['denver']);
    const start = await markLog(app.store);
    const response = await fetch(`${app.url}/v1/participants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        jurisdiction: 'denver',
        name: 'Sam Roe',
        dateOfBirth: '1990-01-01',
        address: { line1: '1 Main St', city: 'Denver', confidentialSource: 'Sam told us about the dealer' },
      }),
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: unknown };
    expect(problem.errors).toEqual([
      {
        field: 'address.confidentialSource',
        messages: [expect.stringMatching(/not a confidential-informant program/)],
      },
    ]);
    expect(await appendedSince(start)).toEqual([]);
    const query = await fetch(`${app.url}/v1/me?informant=1`, { headers: { authorization: `Bearer ${token}` } });
    expect(query.status).toBe(400);
  });
});
