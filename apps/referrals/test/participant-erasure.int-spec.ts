import { ERASED, isErased, PersonalDataCipher } from '@lead/crypto';
import type { RecordedEvent } from '@lead/event-store';
import { eventually } from '@lead/testing';
import { ParticipantRegistration } from '../src/participant/register-participant/participant-registration.js';
import { derivableHandles, findHandles, schemasOf, type Person } from './erasure-scan.js';
import { call, denverArrestDiversion, startReferralsApp, type ReferralsApp } from './referrals-app.js';

/**
 * Erasure of a participant (the whole person): afterwards nothing in any table of the service's schemas (event
 * store with its stream names and the embedded bus's topic log, read models, inbox, idempotency keys, key store)
 * lets someone holding the matching key confirm the person was a participant, and a new referral of the person is
 * a new participant, linked to nothing erased. The hash chains still verify.
 */
describe('erasure of a participant', () => {
  let app: ReferralsApp;
  let officer: string;
  let admin: string;
  const officerUser = { subject: 'officer-erasure', agency: 'DPD', jurisdictions: ['denver'] };

  beforeAll(async () => {
    app = await startReferralsApp();
    officer = await app.token('officer', ['denver'], { subject: officerUser.subject });
    admin = await app.token('program_admin', ['denver'], { subject: 'admin-erasure' });
  });
  afterAll(async () => {
    await app?.close();
  });

  const refer = async (person: Person & Record<string, string>, headers: Record<string, string> = {}) => {
    const answer = await call(app, 'POST', '/v1/referrals', officer, denverArrestDiversion({ person }), headers);
    expect(answer.status).toBe(201);
    return answer.body as { referralId: string; participantId: string };
  };
  const allEvents = async (): Promise<RecordedEvent[]> => {
    const events: RecordedEvent[] = [];
    for (let after: RecordedEvent['position'] | 'start' = 'start'; ;) {
      const page = await app.store.readAll({ after, maxCount: 1000 });
      events.push(...page);
      if (page.length < 1000) return events;
      after = page[page.length - 1].position;
    }
  };
  /**
   * The log's hash chains verify. Waited for: the relay appends to the embedded topic's stream in its own time, and a
   * walk that meets the topic stream while an append lands there reports its head moved (a real break stays).
   */
  const verified = () =>
    eventually(
      () => app.store.verifyAll(),
      (result) => result.ok,
      'every hash chain to verify',
    );
  /** An event as text, positions and all (bigints as strings). */
  const text = (value: unknown) => JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
  const topicMessages = async () => (await app.store.readStream('topic-lead.referrals.v1').catch(() => [])).map(text);

  it('leaves no blind index, stream name or derived id of the person anywhere, and a new referral of them is a new participant', async () => {
    const person = {
      givenName: 'Ingrid',
      familyName: 'Falkenrath-Oyelaran',
      dateOfBirth: '1981-04-04',
      address: '77 Erasure Way, Denver',
      phone: '720-555-0177',
    };
    const misspelt = { ...person, givenName: 'Ingrd' };
    const other = { givenName: 'Tomasz', familyName: 'Quillfeather', dateOfBirth: '1979-09-09' };
    const key = `erasure-${Date.now()}`;

    const keyed = await refer(person, { 'idempotency-key': key });
    const again = await refer(person);
    expect(again.participantId).toBe(keyed.participantId);
    const duplicate = await refer(misspelt);
    expect(duplicate.participantId).not.toBe(keyed.participantId);
    const merged = await call(app, 'POST', `/v1/participants/${duplicate.participantId}/merge`, admin, {
      into: keyed.participantId,
      reasonCode: 'name_misspelt',
    });
    expect(merged.status).toBe(200);
    const bystander = await refer(other);
    const erasedIds = [keyed.participantId, duplicate.participantId].sort();

    const registration = app.app.get(ParticipantRegistration);
    const handles = [
      ...derivableHandles(registration, 'denver', person, [{ ...officerUser, key }]),
      ...derivableHandles(registration, 'denver', misspelt),
    ];
    const schemas = schemasOf(app.env);
    // The relay has published (embedded topic log) and the projector has projected all of it before the erasure.
    await eventually(
      topicMessages,
      (messages) => messages.filter((m) => m.includes('lead.participant.merged')).length === 1,
      'the merge on the embedded topic',
    );
    await eventually(
      async () =>
        Number(
          (await app.db.query(`SELECT count(*) AS n FROM "${app.env.DATABASE_SCHEMA}".participant_merges`)).rows[0].n,
        ),
      (n) => n === 1,
      'the merge in the read model',
    );
    // The scan can see the blind index while it exists: both match keys and their streams' names.
    const before = await findHandles(app.db, schemas, handles);
    expect(new Set(before.map((f) => f.handle))).toEqual(new Set(handles.slice(0, 2).concat(handles.slice(3, 5))));

    // Erasing the misspelt record erases the whole person: the record it was merged into too.
    const erased = await call(app, 'POST', `/v1/participants/${duplicate.participantId}/erasure`, admin, {
      reasonCode: 'court_order',
    });
    expect(erased).toMatchObject({
      status: 200,
      body: { participantId: duplicate.participantId, participants: erasedIds, alreadyErased: false },
    });
    expect(erased.headers.get('content-type')).toMatch(/^application\/json/);

    expect(await findHandles(app.db, schemas, handles)).toEqual([]);
    const events = await allEvents();
    const streamNames = [...new Set(events.map((e) => e.streamId))];
    for (const handle of handles) {
      expect(streamNames.filter((name) => name.includes(handle))).toEqual([]);
      expect(events.filter((e) => text(e).includes(handle))).toEqual([]);
      expect((await topicMessages()).filter((m) => m.includes(handle))).toEqual([]);
    }
    // Every chain still verifies: the referrals, the participants' streams, the merge log, the topic log.
    await verified();

    // The record stays, unreadable: identity and narrative read as erased; the erasure is recorded, with a code.
    const cipher = app.app.get(PersonalDataCipher);
    const [recorded] = await app.store.readStream(`referral-${keyed.referralId}`, { maxCount: 1 });
    expect(await cipher.openAll(keyed.participantId, recorded.data)).toMatchObject({
      identity: ERASED,
      offense: { probableCause: ERASED },
    });
    for (const id of erasedIds) {
      const stream = await app.store.readStream(`participant-${id}`);
      const types = stream.map((e) => e.type);
      expect(types.slice(-1)).toEqual(['ParticipantErased']);
      expect(types).toContain('ParticipantErasureBegun');
      const audit = stream.filter((e) => e.type.startsWith('ParticipantEras'));
      expect(audit[0]).toMatchObject({
        data: { reasonCode: 'court_order', participants: erasedIds, requestedBy: { subject: 'admin-erasure' } },
        metadata: { actor: { subject: 'admin-erasure', role: 'program_admin' } },
      });
      const recordedAudit = text(audit);
      for (const value of Object.values(person)) expect(recordedAudit).not.toContain(value);
      expect(recordedAudit).not.toContain(misspelt.givenName);
    }
    // No personal value of the person anywhere in clear (it never was: sealed), nor in any audit.
    expect(await findHandles(app.db, schemas, Object.values(person))).toEqual([]);

    // The bystander is untouched.
    const [theirs] = await app.store.readStream(`referral-${bystander.referralId}`, { maxCount: 1 });
    expect(await cipher.openAll(bystander.participantId, theirs.data)).toMatchObject({ identity: other });

    // A new referral of the same person is a new participant: no 422, no 500, no link to the erased records.
    const later = await refer(person);
    expect(erasedIds).not.toContain(later.participantId);
    const newRecord = text([
      ...(await app.store.readStream(`participant-${later.participantId}`)),
      ...(await app.store.readStream(`referral-${later.referralId}`)),
    ]);
    for (const id of erasedIds) expect(newRecord).not.toContain(id);
    const [laterReferral] = await app.store.readStream(`referral-${later.referralId}`, { maxCount: 1 });
    const opened = await cipher.openAll(later.participantId, laterReferral.data);
    expect(isErased((opened as { identity: unknown }).identity)).toBe(false);
    // And the misspelt form, whose record was merged and erased, is a new participant of its own.
    const laterMisspelt = await refer(misspelt);
    expect([...erasedIds, later.participantId]).not.toContain(laterMisspelt.participantId);

    // Run again, the erasure finds nothing left to do and says so; the new participant is not touched.
    const repeated = await call(app, 'POST', `/v1/participants/${keyed.participantId}/erasure`, admin, {
      reasonCode: 'court_order',
    });
    expect(repeated).toMatchObject({ status: 200, body: { participants: erasedIds, alreadyErased: true } });
    expect((await refer(person)).participantId).toBe(later.participantId);
    await verified();
  });

  it('is validated: a reason code only (never free text), a UUID, problem+json naming the field', async () => {
    const { participantId } = await refer({ givenName: 'Valda', familyName: 'Ngata', dateOfBirth: '1990-10-10' });
    const path = `/v1/participants/${participantId}/erasure`;
    for (const body of [{}, { reasonCode: 'Court order for Valda Ngata' }, { reasonCode: 'court_order', name: 'x' }]) {
      const answer = await call(app, 'POST', path, admin, body);
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(answer.body)).toMatch(/reasonCode|name/);
    }
    expect(
      (await call(app, 'POST', '/v1/participants/not-a-uuid/erasure', admin, { reasonCode: 'court_order' })).status,
    ).toBe(400);
    // Nothing was erased by the refused requests.
    const [first] = await app.store.readStream(`participant-${participantId}`);
    expect((await app.store.readStream(`participant-${participantId}`)).map((e) => e.type)).toEqual([first.type]);
  });
});
