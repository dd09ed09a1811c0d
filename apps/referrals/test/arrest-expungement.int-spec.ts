import { TOPICS } from '@lead/contracts';
import { ERASED, PersonalDataCipher } from '@lead/crypto';
import { eventually, publishOnEmbeddedBus } from '@lead/testing';
import { randomUUID } from 'node:crypto';
import { arrestScope } from '../src/referral/expunge-arrest/arrest-scope.js';
import { call, denverArrestDiversion, startReferralsApp, type ReferralsApp } from './referrals-app.js';

/*
 * An expunged arrest is unreadable here too: the offense narrative is sealed under a key of that arrest alone,
 * inside the participant's layer. When the prosecution service publishes `lead.prosecution.arrest-expunged`, the
 * referral records it and the arrest's key is destroyed: the narrative reads as erased, the person's identity and
 * their other referral stay readable, and every hash chain still verifies.
 */
describe('the expungement of a diverted arrest', () => {
  let app: ReferralsApp;
  let officer: string;
  const referredAt = () => new Date(Date.now() - 60 * 60_000).toISOString();
  const person = { givenName: 'Tomasz', familyName: 'Wierzbicki-Adeyemi', dateOfBirth: '1987-05-14' };

  beforeAll(async () => {
    app = await startReferralsApp({ MESSAGING_MAX_ATTEMPTS: '2' });
    officer = await app.token('officer', ['denver'], { agency: 'DPD' });
  });
  afterAll(async () => {
    await app?.close();
  });

  const record = async (narrative: string) => {
    const answer = await call(
      app,
      'POST',
      '/v1/referrals',
      officer,
      denverArrestDiversion({
        referredAt: referredAt(),
        person,
        offense: { code: 'CO-18-18-403.5', probableCause: narrative },
      }),
    );
    expect(answer.status).toBe(201);
    return { referralId: answer.body.referralId as string, participantId: answer.body.participantId as string };
  };
  const recorded = async (referralId: string) =>
    (await app.store.readStream(`referral-${referralId}`)).find((e) => e.type === 'ReferralRecorded')!;
  const screened = async (referralId: string) =>
    (await app.store.readStream(`referral-${referralId}`)).find((e) => e.type === 'ReferralScreened')!;
  const expunge = (referral: { referralId: string; participantId: string }) =>
    publishOnEmbeddedBus(
      app.store,
      TOPICS.prosecution,
      '/lead/prosecution',
      { participantId: referral.participantId, jurisdiction: 'denver', correlationId: randomUUID() },
      'lead.prosecution.arrest-expunged',
      {
        matterId: randomUUID(),
        referralId: referral.referralId,
        basis: 'sealed_by_custodians',
        expungedOn: '2026-12-02',
      },
    );

  it('erases the narrative of the expunged arrest alone, and the chains still verify', async () => {
    const first = await record('Seen with a pipe behind the library, first time.');
    const second = await record('Seen with a pipe at the bus shelter, second time.');
    expect(second.participantId).toBe(first.participantId);
    const cipher = app.app.get(PersonalDataCipher);
    const sealed = (await recorded(first.referralId)).data as { offense: { probableCause: unknown } };
    // Sealed twice: the arrest's key inside the participant's; neither layer shows the narrative.
    expect(JSON.stringify(sealed)).not.toContain('library');
    expect(await cipher.openAll(first.participantId, sealed)).toMatchObject({
      offense: { probableCause: 'Seen with a pipe behind the library, first time.' },
    });
    // The screening answers too (drug quantity, violent history…): sealed the same way, version 2.
    const answers = await screened(first.referralId);
    expect(answers.schemaVersion).toBe(2);
    expect(JSON.stringify(answers.data)).not.toMatch(/grams|powder|violentHistory/);
    expect(await cipher.openAll(first.participantId, answers.data)).toMatchObject({
      answers: { drugQuantity: { form: 'powder', grams: 1 }, amenable: true },
    });

    await expunge(first);
    const events = await eventually(
      async () => app.store.readStream(`referral-${first.referralId}`),
      (stream) => stream.some((e) => e.type === 'ArrestExpunged'),
      'the expungement to reach the referral',
    );
    expect(events.at(-1)).toMatchObject({
      type: 'ArrestExpunged',
      data: { basis: 'sealed_by_custodians', expungedOn: '2026-12-02' },
      metadata: { actor: { subject: 'service:referrals', role: 'system' } },
    });
    await eventually(
      async () => cipher.openAll(first.participantId, (await recorded(first.referralId)).data),
      (opened) => (opened as { offense: { probableCause: unknown } }).offense.probableCause === ERASED,
      'the narrative to read as erased',
    );
    expect(await cipher.openAll(first.participantId, (await recorded(first.referralId)).data)).toMatchObject({
      identity: { givenName: 'Tomasz', familyName: 'Wierzbicki-Adeyemi' },
      offense: { code: 'CO-18-18-403.5', probableCause: ERASED },
    });
    expect(await cipher.openAll(first.participantId, (await screened(first.referralId)).data)).toMatchObject({
      answers: ERASED,
      eligible: true,
    });
    // The person's other arrest is untouched.
    expect(await cipher.openAll(second.participantId, (await recorded(second.referralId)).data)).toMatchObject({
      offense: { probableCause: 'Seen with a pipe at the bus shelter, second time.' },
    });
    expect(await call(app, 'GET', `/v1/referrals/${first.referralId}`, officer)).toMatchObject({
      status: 200,
      body: { arrestExpungedOn: '2026-12-02' },
    });
    // The key row is a tombstone: nothing left to unwrap.
    const { rows } = await app.db.query(
      `SELECT wrapped_key IS NULL AS gone, shredded_at IS NOT NULL AS shredded FROM "${app.env.KEY_STORE_SCHEMA}".participant_data_keys WHERE participant_id = $1`,
      [arrestScope(first.referralId)],
    );
    expect(rows).toEqual([{ gone: true, shredded: true }]);
    await eventually(
      () => app.store.verifyAll(),
      (result) => result.ok,
      'every hash chain to verify',
    );

    // Delivered again: nothing more is recorded.
    await expunge(first);
    await expunge(second);
    await eventually(
      async () => app.store.readStream(`referral-${second.referralId}`),
      (stream) => stream.some((e) => e.type === 'ArrestExpunged'),
      'the second expungement',
    );
    expect(
      (await app.store.readStream(`referral-${first.referralId}`)).filter((e) => e.type === 'ArrestExpunged'),
    ).toHaveLength(1);
  });
});
