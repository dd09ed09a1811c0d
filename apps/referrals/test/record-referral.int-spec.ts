import { PersonalDataCipher } from '@lead/crypto';
import { DataKeyStore } from '@lead/crypto';
import { newEventId } from '@lead/event-store';
import { idempotencyScopeOf } from '@lead/platform';
import { createHash } from 'node:crypto';
import { ParticipantRegistration } from '../src/participant/register-participant/participant-registration.js';
import { matchKeyStream, participantMatchKey } from '../src/participant/participant-match-key.js';
import { referralIdentityOf } from '../src/referral/record-referral/referral-identity.js';
import {
  call,
  denverArrestDiversion,
  noScreeningConcerns,
  startReferralsApp,
  type ReferralsApp,
} from './referrals-app.js';

/** POST /v1/referrals through real HTTP, the real module and PostgreSQL. */
describe('recording a referral', () => {
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
    // The service's own streams: the embedded topic log (`topic-…`) is filled by the relay, in its own time.
    Number(
      (
        await app.db.query(
          `SELECT count(*) AS n FROM "${app.eventStoreSchema}".events WHERE stream_id NOT LIKE 'topic-%'`,
        )
      ).rows[0].n,
    );

  it('records an eligible arrest diversion in Denver under the protocol in force, with the stream revision as ETag', async () => {
    const answer = await call(app, 'POST', '/v1/referrals', officer, denverArrestDiversion());
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      referralId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      participantId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: 'open',
      eligible: true,
      protocolVersion: '2018-07',
    });
    expect(answer.etag).toBe('"1"');

    const events = await app.store.readStream(`referral-${answer.body.referralId as string}`);
    expect(events.map((e) => e.type)).toEqual(['ReferralRecorded', 'ReferralScreened']);
    expect(events[0].metadata).toMatchObject({
      correlationId: expect.any(String),
      actor: { subject: 'officer-1', agency: 'DPD', role: 'officer' },
      jurisdiction: 'denver',
      participantId: answer.body.participantId,
    });
    expect(events[0].data).toMatchObject({
      referrer: { subject: 'officer-1', agency: 'DPD' },
      requirements: { protocolVersion: '2018-07' },
    });
    // The answers are sealed (under the arrest's key, inside the participant's): only the outcomes are in clear.
    expect(events[1]).toMatchObject({
      schemaVersion: 2,
      data: { eligible: true, answers: { $sealed: expect.any(String) } },
    });
    expect(JSON.stringify(events[1].data)).not.toContain('ageAtReferral');
    const opened = await app.app.get(PersonalDataCipher).openAll(answer.body.participantId as string, events[1].data);
    expect(opened).toMatchObject({ answers: { ageAtReferral: 38 } });
    const participant = await app.store.readStream(`participant-${answer.body.participantId as string}`);
    expect(participant.map((e) => e.type)).toEqual(['ParticipantRegistered']);
  });

  it('records an ineligible referral too, and closes it when no prosecutor decides', async () => {
    const answer = await call(app, 'POST', '/v1/referrals', officer, {
      ...denverArrestDiversion({ door: 'social_contact', offense: undefined }),
      person: { givenName: 'Tom', familyName: 'Young', dateOfBirth: '2008-01-01' },
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ status: 'closed', eligible: false });
  });

  it('links a second referral of the same person, spelt differently, to the same participant', async () => {
    const first = await call(
      app,
      'POST',
      '/v1/referrals',
      officer,
      denverArrestDiversion({ person: { givenName: 'José', familyName: "D'Angelo", dateOfBirth: '1979-02-03' } }),
    );
    const second = await call(
      app,
      'POST',
      '/v1/referrals',
      officer,
      denverArrestDiversion({
        door: 'social_contact',
        offense: undefined,
        person: { givenName: 'JOSE ', familyName: 'dangelo', dateOfBirth: '1979-02-03' },
      }),
    );
    const someoneElse = await call(
      app,
      'POST',
      '/v1/referrals',
      officer,
      denverArrestDiversion({ person: { givenName: 'José', familyName: "D'Angelo", dateOfBirth: '1979-02-04' } }),
    );
    expect([first.status, second.status, someoneElse.status]).toEqual([201, 201, 201]);
    expect(second.body.participantId).toBe(first.body.participantId);
    expect(second.body.referralId).not.toBe(first.body.referralId);
    expect(someoneElse.body.participantId).not.toBe(first.body.participantId);
  });

  it('links concurrent first referrals of one new person to one participant', async () => {
    const person = { givenName: 'Ada', familyName: 'Nakamura', dateOfBirth: '1991-11-30' };
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => call(app, 'POST', '/v1/referrals', officer, denverArrestDiversion({ person }))),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
    expect(new Set(answers.map((a) => a.body.participantId)).size).toBe(1);
  });

  it('refuses a community referral in San Luis Valley (door closed), writing nothing', async () => {
    const slvOfficer = await app.token('officer', ['san-luis-valley'], { agency: 'APD' });
    const before = await eventCount();
    const answer = await call(app, 'POST', '/v1/referrals', slvOfficer, {
      door: 'community',
      jurisdiction: 'san-luis-valley',
      district: 'alamosa',
      referredAt: '2025-05-01T10:00:00Z',
      area: 'ALAMOSA-1',
      person: { givenName: 'Rae', familyName: 'Lopez', dateOfBirth: '1990-01-01' },
      screening: noScreeningConcerns,
    });
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ code: 'door_closed' });
    expect(await eventCount()).toBe(before);
  });

  it("answers a jurisdiction that is not the caller's as absent (404), writing nothing", async () => {
    const before = await eventCount();
    const answer = await call(app, 'POST', '/v1/referrals', officer, {
      ...denverArrestDiversion(),
      jurisdiction: 'seattle-king-county',
    });
    expect(answer.status).toBe(404);
    expect(await eventCount()).toBe(before);
  });

  it('refuses a referral made before any protocol was in force (422 no_protocol_in_force)', async () => {
    const answer = await call(
      app,
      'POST',
      '/v1/referrals',
      officer,
      denverArrestDiversion({ referredAt: '2017-01-01T12:00:00Z' }),
    );
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ code: 'no_protocol_in_force' });
  });

  it('refuses a referral dated in the future (400 naming referredAt), writing nothing', async () => {
    const before = await eventCount();
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const answer = await call(app, 'POST', '/v1/referrals', officer, denverArrestDiversion({ referredAt: tomorrow }));
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('referredAt must not be in the future');
    expect(await eventCount()).toBe(before);
  });

  it('refuses an ISO 8601 form a date cannot be computed from, or a local time without offset (400 naming referredAt), writing nothing', async () => {
    const before = await eventCount();
    // A local time without an offset would fail the published contract and stop the relay at this event.
    for (const referredAt of ['2025-W10-3', '20250304T211500Z', '2025-03-04T21:15:00']) {
      const answer = await call(app, 'POST', '/v1/referrals', officer, denverArrestDiversion({ referredAt }));
      expect(answer.status).toBe(400);
      expect(JSON.stringify(answer.body)).toContain('referredAt must be an ISO 8601 date-time');
    }
    expect(await eventCount()).toBe(before);
  });

  it('takes the referrer from the token, never from the body', async () => {
    const answer = await call(app, 'POST', '/v1/referrals', officer, {
      ...denverArrestDiversion(),
      referrer: { subject: 'someone-else', agency: 'DPD' },
    });
    expect(answer.status).toBe(400);
  });

  it('refuses roles other than officer (403)', async () => {
    for (const role of ['case_manager', 'prosecutor', 'program_admin', 'evaluator', 'auditor', 'integrator'] as const) {
      const answer = await call(
        app,
        'POST',
        '/v1/referrals',
        await app.token(role, ['denver']),
        denverArrestDiversion(),
      );
      expect({ role, status: answer.status }).toEqual({ role, status: 403 });
    }
  });

  it('runs a retried POST with the same Idempotency-Key once', async () => {
    const body = denverArrestDiversion({
      person: { givenName: 'Idris', familyName: 'Okafor', dateOfBirth: '1993-03-03' },
    });
    const headers = { 'idempotency-key': `retry-${Date.now()}` };
    const before = await eventCount();
    const first = await call(app, 'POST', '/v1/referrals', officer, body, headers);
    const retried = await call(app, 'POST', '/v1/referrals', officer, body, headers);
    expect(first.status).toBe(201);
    expect(retried).toMatchObject({ status: 201, body: first.body, etag: first.etag });
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    // ReferralRecorded + ReferralScreened, the match key claim and the participant's registration: once.
    expect((await eventCount()) - before).toBe(4);
  });

  it('answers concurrent requests with one key from one referral, and refuses the key with another body', async () => {
    const body = denverArrestDiversion({
      person: { givenName: 'Saoirse', familyName: 'Mbeki', dateOfBirth: '1991-01-09' },
    });
    const headers = { 'idempotency-key': `twins-${Date.now()}` };
    const before = await eventCount();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => call(app, 'POST', '/v1/referrals', officer, body, headers)),
    );
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([201]));
    expect(new Set(answers.map((a) => a.body.referralId)).size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === null)).toHaveLength(1);
    expect((await eventCount()) - before).toBe(4);

    const other = await call(app, 'POST', '/v1/referrals', officer, { ...body, district: '1' }, headers);
    expect(other).toMatchObject({ status: 422, body: { code: 'idempotency_key_reused' } });
    // Another officer's same key is another referral.
    const colleague = await app.token('officer', ['denver'], { subject: 'officer-2' });
    const theirs = await call(app, 'POST', '/v1/referrals', colleague, body, headers);
    expect(theirs.status).toBe(201);
    expect(theirs.body.referralId).not.toBe(answers[0].body.referralId);
    expect(theirs.body.participantId).toBe(answers[0].body.participantId);
    expect((await eventCount()) - before).toBe(6);
  });

  it('gives another person sent on the same key another participant, even after a partial write stored the first one’s claim', async () => {
    // On EventStoreDB a crash can leave the match key's claim alone (appendToStreams is stream by stream there).
    const key = `corrected-${Date.now()}`;
    const alice = { givenName: 'Alicja', familyName: 'Brandvold', dateOfBirth: '1990-06-06' };
    const bob = { givenName: 'Bartosz', familyName: 'Brandvold', dateOfBirth: '1991-07-07' };
    const registration = app.app.get(ParticipantRegistration);
    const matchKeyOf = (p: typeof alice) =>
      participantMatchKey(
        registration.jurisdictionSecret('denver'),
        'denver',
        p.givenName,
        p.familyName,
        p.dateOfBirth,
      );
    const identity = referralIdentityOf(
      {
        scope: idempotencyScopeOf({ user: { subject: 'officer-1', agency: 'DPD', jurisdictions: ['denver'] } }),
        key,
        requestHash: createHash('sha256').update('unused').digest('hex'),
      },
      () => {
        throw new Error('a keyed referral mints nothing');
      },
    );
    const aliceCandidate = identity.newParticipantId;
    await app.store.appendToStream(
      matchKeyStream(matchKeyOf(alice)),
      [
        {
          eventId: newEventId(),
          type: 'ParticipantMatchKeyClaimed',
          schemaVersion: 1,
          data: { type: 'ParticipantMatchKeyClaimed', participantId: aliceCandidate, jurisdiction: 'denver' },
          metadata: { correlationId: 'partial-write' },
        },
      ],
      'no_stream',
    );
    // The officer corrects the form to the right person and sends it again on the key.
    const sent = await call(app, 'POST', '/v1/referrals', officer, denverArrestDiversion({ person: bob }), {
      'idempotency-key': key,
    });
    expect(sent.status).toBe(201);
    expect(sent.body.referralId).toBe(identity.referralId);
    expect(sent.body.participantId).not.toBe(aliceCandidate);
    // Alice, referred later without a key, completes her own claim and is not Bob.
    const later = await call(app, 'POST', '/v1/referrals', officer, denverArrestDiversion({ person: alice }));
    expect(later).toMatchObject({ status: 201, body: { participantId: aliceCandidate } });
  });

  it('does not answer a key again once its participant was erased, and records the person again as a new participant', async () => {
    const body = denverArrestDiversion({
      person: { givenName: 'Eirlys', familyName: 'Thorvaldsen', dateOfBirth: '1975-02-02' },
    });
    const headers = { 'idempotency-key': `erased-${Date.now()}` };
    const first = await call(app, 'POST', '/v1/referrals', officer, body, headers);
    expect(first.status).toBe(201);
    const admin = await app.token('program_admin', ['denver']);
    const erased = await call(app, 'POST', `/v1/participants/${first.body.participantId as string}/erasure`, admin, {
      reasonCode: 'court_order',
    });
    expect(erased).toMatchObject({ status: 200, body: { alreadyErased: false } });
    const before = await eventCount();
    expect(await call(app, 'POST', '/v1/referrals', officer, body, headers)).toMatchObject({
      status: 422,
      body: { code: 'referral_erased' },
    });
    expect(await eventCount()).toBe(before);
    // Never `participant_erased`: that answer told any officer this name and birth date were an erased participant's.
    const again = await call(app, 'POST', '/v1/referrals', officer, body);
    expect(again.status).toBe(201);
    expect(again.body.participantId).not.toBe(first.body.participantId);
  });

  it('records the person as new when only the data key was shredded (an erasure cut off before its end), once erasure runs again', async () => {
    const body = denverArrestDiversion({
      person: { givenName: 'Gwenllian', familyName: 'Ashdown', dateOfBirth: '1977-07-07' },
    });
    const first = await call(app, 'POST', '/v1/referrals', officer, body);
    expect(first.status).toBe(201);
    const participantId = first.body.participantId as string;
    // Shredding alone leaves the blind index naming the erased record: the referral is not linked to it (and not
    // answered as erased), it is refused as a conflict to retry ...
    await app.app.get(DataKeyStore).shred(participantId);
    expect(await call(app, 'POST', '/v1/referrals', officer, body)).toMatchObject({ status: 409 });
    // ... until the erasure is run, which completes what the shred began.
    const admin = await app.token('program_admin', ['denver']);
    expect(
      await call(app, 'POST', `/v1/participants/${participantId}/erasure`, admin, { reasonCode: 'court_order' }),
    ).toMatchObject({ status: 200, body: { participants: [participantId] } });
    const again = await call(app, 'POST', '/v1/referrals', officer, body);
    expect(again.status).toBe(201);
    expect(again.body.participantId).not.toBe(participantId);
  });

  it('replays the answer the referral got when it was recorded, not its state after later steps', async () => {
    const body = denverArrestDiversion({
      person: { givenName: 'Tobiah', familyName: 'Arceneaux', dateOfBirth: '1982-12-12' },
    });
    const headers = { 'idempotency-key': `later-${Date.now()}` };
    const first = await call(app, 'POST', '/v1/referrals', officer, body, headers);
    expect(first.status).toBe(201);
    const step = await call(
      app,
      'POST',
      `/v1/referrals/${first.body.referralId as string}/offer-answer`,
      officer,
      { accepted: false, at: '2025-03-04T21:20:00Z' },
      { 'if-match': first.etag! },
    );
    expect(step).toMatchObject({ status: 200, body: { status: 'closed' } });
    const retried = await call(app, 'POST', '/v1/referrals', officer, body, headers);
    expect(retried).toMatchObject({ status: 201, body: first.body, etag: first.etag });
  });

  it('never stores the identity or the probable-cause narrative in clear', async () => {
    const secretName = `Quillon${Date.now()}`;
    const narrative = `Saw ${secretName} drop a pipe near the library`;
    const answer = await call(
      app,
      'POST',
      '/v1/referrals',
      officer,
      denverArrestDiversion({
        offense: { code: 'CO-18-18-403.5', probableCause: narrative },
        person: {
          givenName: secretName,
          familyName: 'Brightwater',
          dateOfBirth: '1977-07-07',
          address: '77 Larimer Sq',
          phone: '720-555-0177',
        },
      }),
    );
    expect(answer.status).toBe(201);
    const { rows } = await app.db.query(`SELECT e::text AS row FROM "${app.eventStoreSchema}".events e`);
    const table = rows.map((r: { row: string }) => r.row).join('\n');
    for (const value of [secretName, 'Brightwater', '1977-07-07', '77 Larimer Sq', '720-555-0177', 'drop a pipe'])
      expect(table).not.toContain(value);
    const [recorded] = await app.store.readStream(`referral-${answer.body.referralId as string}`);
    expect(recorded.data).toMatchObject({
      identity: { $sealed: 'aes-256-gcm/v1' },
      offense: { probableCause: { $sealed: 'aes-256-gcm/v1' } },
    });
  });
});
