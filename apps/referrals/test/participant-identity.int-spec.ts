import { DataKeyStore, ERASED, PersonalDataCipher } from '@lead/crypto';
import { newEventId } from '@lead/event-store';
import { randomUUID } from 'node:crypto';
import { ParticipantRegistration } from '../src/participant/register-participant/participant-registration.js';
import { matchKeyStream, participantMatchKey } from '../src/participant/participant-match-key.js';
import { call, denverArrestDiversion, startReferralsApp, type ReferralsApp } from './referrals-app.js';

/** The participant behind a referral: matching, registration, and what an erasure leaves of the referral. */
describe('participant identity of referrals', () => {
  let app: ReferralsApp;
  let officer: string;

  beforeAll(async () => {
    app = await startReferralsApp();
    officer = await app.token('officer', ['denver']);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('derives a different matching secret per jurisdiction from the configured key', () => {
    const matching = app.app.get(ParticipantRegistration);
    expect(matching.jurisdictionSecret('denver')).not.toEqual(matching.jurisdictionSecret('san-luis-valley'));
    expect(matching.jurisdictionSecret('denver')).toHaveLength(32);
  });

  it('completes a match key claim whose participant was never registered (a crash in between)', async () => {
    const person = { givenName: 'Wren', familyName: 'Halvorsen', dateOfBirth: '1989-08-08' };
    const matching = app.app.get(ParticipantRegistration);
    const key = participantMatchKey(
      matching.jurisdictionSecret('denver'),
      'denver',
      person.givenName,
      person.familyName,
      person.dateOfBirth,
    );
    const claimed = randomUUID();
    await app.store.appendToStream(
      matchKeyStream(key),
      [
        {
          eventId: newEventId(),
          type: 'ParticipantMatchKeyClaimed',
          schemaVersion: 1,
          // As claims were stored before the match key had a decider: no `type` in the data.
          data: { participantId: claimed, jurisdiction: 'denver' },
          metadata: { correlationId: 'crash-test' },
        },
      ],
      'no_stream',
    );
    const answer = await call(app, 'POST', '/v1/referrals', officer, denverArrestDiversion({ person }));
    expect(answer).toMatchObject({ status: 201, body: { participantId: claimed } });
    const registered = await app.store.readStream(`participant-${claimed}`);
    expect(registered.map((e) => e.data)).toEqual([
      expect.objectContaining({ type: 'ParticipantRegistered', participantId: claimed, jurisdiction: 'denver' }),
    ]);
    // The registration does not repeat the blind index: an erasure could not remove it from a hash-chained event.
    expect(JSON.stringify(registered.map((e) => e.data))).not.toContain(key);
  });

  it("leaves the referral's identity and narrative unreadable once the participant's data key is shredded", async () => {
    const answer = await call(
      app,
      'POST',
      '/v1/referrals',
      officer,
      denverArrestDiversion({ person: { givenName: 'Lior', familyName: 'Sandoval', dateOfBirth: '1970-10-10' } }),
    );
    expect(answer.status).toBe(201);
    const participantId = answer.body.participantId as string;
    const cipher = app.app.get(PersonalDataCipher);
    const [recorded] = await app.store.readStream(`referral-${answer.body.referralId as string}`);
    expect(await cipher.openAll(participantId, recorded.data)).toMatchObject({
      identity: { givenName: 'Lior', familyName: 'Sandoval', dateOfBirth: '1970-10-10' },
      offense: { probableCause: expect.stringContaining('baggie') },
    });
    await app.app.get(DataKeyStore).shred(participantId);
    expect(await cipher.openAll(participantId, recorded.data)).toMatchObject({
      identity: ERASED,
      offense: { probableCause: ERASED },
    });
    // The events and their hash chain stay.
    expect((await app.store.readStream(`referral-${answer.body.referralId as string}`)).length).toBe(2);
  });
});
