import { TOPICS } from '@lead/contracts';
import {
  publishReferralAccepted,
  publishReferralHandedOff,
  publishReferralRecorded,
  republishReferralEvent,
} from '@lead/testing';
import { caseIdFor } from '../src/case/case.repository.js';
import { FollowReferralsConsumer } from '../src/case/follow-referrals/follow-referrals.consumer.js';
import { acceptedReferral, eventually, startCaseManagementApp, type CaseManagementApp } from './case-management-app.js';

describe('a case opens once per accepted referral', () => {
  let app: CaseManagementApp;

  beforeAll(async () => {
    app = await startCaseManagementApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  const caseEvents = async (caseId: string) =>
    (await app.store.readStream(`case-${caseId}`)).map((event) => ({ id: event.eventId, type: event.type }));

  it("goes to the hand-off's provider, else to the program's default provider", async () => {
    const tep = await acceptedReferral(app, { handOffAgency: 'TEP' });
    const noHandOff = await acceptedReferral(app, { door: 'social_contact' });
    const [opened] = await app.store.readStream(`case-${tep.caseId}`);
    expect(opened!.data).toMatchObject({ providerAgency: 'TEP', providerFrom: 'hand_off', door: 'arrest_diversion' });
    const [byRule] = await app.store.readStream(`case-${noHandOff.caseId}`);
    expect(byRule!.data).toMatchObject({
      providerAgency: 'ARTS',
      providerFrom: 'provider_rule',
      door: 'social_contact',
    });
    // The intake deadline runs from the referral's day (Denver: 30 days).
    const referredOn = (tep.published[0]!.data as { referredAt: string }).referredAt.slice(0, 10);
    const due = new Date(Date.parse(`${referredOn}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
    expect(opened!.data).toMatchObject({ intakeDueOn: due, lowAfterDays: 14, inactiveAfterDays: 30 });
  });

  it('opens nothing more when the acceptance is redelivered, or sent again under a new id, or handed over twice', async () => {
    const referral = await acceptedReferral(app, { handOffAgency: 'ARTS' });
    const before = await caseEvents(referral.caseId);
    expect(before.map((e) => e.type)).toEqual(['CaseOpened']);
    // The same message again (a redelivery), a new message for the same acceptance (a producer's retry).
    await republishReferralEvent(app.store, referral.published.at(-1)!);
    await publishReferralAccepted(app.store, referral);
    // The handler itself, called twice in one transaction with every message of the referral.
    const consumer = app.app.get(FollowReferralsConsumer);
    const tx = await app.db.connect();
    try {
      const context = { tx, topic: TOPICS.referrals, attempt: 1, headers: {} };
      for (const message of referral.published) {
        await consumer.handle(message, context);
        await consumer.handle(message, context);
      }
    } finally {
      tx.release();
    }
    // A later referral proves the bus went past all of them.
    await acceptedReferral(app);
    expect(await caseEvents(referral.caseId)).toEqual(before);
    const { rows } = await app.db.query(
      `SELECT count(*)::int AS n FROM "${app.schema}".participant_cases WHERE case_id = $1`,
      [referral.caseId],
    );
    expect(rows[0]).toEqual({ n: 1 });
  });

  it('dead-letters an acceptance made under a protocol version this service does not know, and goes on with the next', async () => {
    // Opening it on guessed terms (which intake deadline?) would be worse: deploy the configuration, then replay it.
    const unknown = await publishReferralRecorded(app.store, { protocolVersion: '1999-01' });
    await publishReferralHandedOff(app.store, unknown, 'ARTS');
    const accepted = await publishReferralAccepted(app.store, unknown);
    const next = await acceptedReferral(app);
    expect(next.caseId).toBe(caseIdFor(next.referralId));
    const letters = await eventually(
      async () =>
        (
          await app.db.query<{ message_id: string; error: string }>(
            `SELECT message_id, error FROM "${app.schema}".dead_letters WHERE consumer_group = 'lead.case-management' AND message_id = $1`,
            [accepted.id],
          )
        ).rows,
      (rows) => rows.length === 1,
      'the dead letter',
    );
    expect(letters[0]!.error).toContain('protocol version 1999-01 of denver');
    await expect(app.store.readStream(`case-${caseIdFor(unknown.referralId)}`)).rejects.toThrow();
  });
});
