import { TOPICS, validateIntegrationEvent } from '@lead/contracts';
import type { RecordedEvent } from '@lead/event-store';
import { prosecutionPublication } from '../src/prosecution-matter/prosecution-matter.publication.js';
import { randomUUID } from 'node:crypto';
import {
  FollowReferralsConsumer,
  PROSECUTION_SYSTEM_ACTOR,
} from '../src/prosecution-matter/follow-referrals/follow-referrals.consumer.js';
import { matterIdFor, matterStream } from '../src/prosecution-matter/prosecution-matter.repository.js';
import {
  call,
  closeReferral,
  configWithNoReviewJurisdiction,
  eventually,
  recordReferral,
  screenReferral,
  startProsecutionApp,
  type Answer,
  type ProsecutionApp,
  type ReferralOptions,
  type TestReferral,
} from './prosecution-app.js';

/*
 * The prosecution service on the embedded bus, fed by the referrals service's events as that service publishes them:
 * an arrest diversion opens a matter holding its charge, the officer's screening and the referral's end are noted,
 * and a prosecutor decides over HTTP; the decision is stored attributed to them and publishes as a contract-valid
 * `lead.prosecution.eligibility-decided`.
 */
describe('the prosecutor decides an arrest diversion’s eligibility', () => {
  let app: ProsecutionApp;
  let config: ReturnType<typeof configWithNoReviewJurisdiction>;
  let prosecutor: string;
  let noReviewProsecutor: string;

  beforeAll(async () => {
    config = configWithNoReviewJurisdiction();
    // The service's clock at the referrals' day (March 2025), so their intake deadlines have not run out.
    app = await startProsecutionApp(
      { JURISDICTIONS_CONFIG_DIR: config.dir, MESSAGING_MAX_ATTEMPTS: '2' },
      new Date('2025-03-04T22:00:00.000Z'),
    );
    prosecutor = await app.token('prosecutor', ['denver'], { subject: 'ada-4', agency: 'DDA' });
    noReviewProsecutor = await app.token('prosecutor', ['test-no-review'], { subject: 'ada-9', agency: 'DDA' });
  });
  afterAll(async () => {
    await app?.close();
    config?.remove();
  });

  const matterOf = (referral: TestReferral, token = prosecutor) =>
    call(app, 'GET', `/v1/referrals/${referral.referralId}/matter`, token);
  const matterEvents = async (matterId: string): Promise<RecordedEvent[]> =>
    app.store.readStream(matterStream(matterId));

  /** A referral the bus has brought to the prosecutor's office, with its screening (unless `screened: null`). */
  async function referralAtProsecutor(
    options: ReferralOptions & { screened?: boolean | null } = {},
  ): Promise<{ referral: TestReferral; matter: Answer }> {
    const referral = await recordReferral(app.store, options);
    const screened = options.screened === undefined ? true : options.screened;
    if (screened !== null) await screenReferral(app.store, referral, screened, options.protocolVersion);
    const matter = await eventually(
      () => matterOf(referral, options.jurisdiction === 'test-no-review' ? noReviewProsecutor : prosecutor),
      (answer) => answer.status === 200 && (screened === null || answer.body.officerScreening !== null),
      `the matter of referral ${referral.referralId}`,
    );
    return { referral, matter };
  }

  const decide = (
    matterId: string,
    body: Record<string, unknown>,
    token = prosecutor,
    headers: Record<string, string> = {},
  ) => call(app, 'POST', `/v1/matters/${matterId}/eligibility-decision`, token, body, headers);

  it('opens a matter holding the charge from an arrest diversion, and notes the screening, recorded by the service on the referral’s behalf', async () => {
    const { referral, matter } = await referralAtProsecutor();
    const matterId = matterIdFor(referral.referralId);
    expect(matter.body).toEqual({
      matterId,
      referralId: referral.referralId,
      participantId: referral.participantId,
      jurisdiction: 'denver',
      protocolVersion: '2018-07',
      prosecutorReviewRequired: true,
      arrestedAt: '2025-03-04T21:15:00.000Z',
      status: 'awaiting_decision',
      charge: {
        offenseCode: 'CO-18-18-403.5',
        status: 'held',
        // Local days in Denver (the 2018-07 version names no zone; its 2026-12 successor's answers for it).
        heldOn: '2025-03-04',
        intakeDeadline: '2025-04-03',
        deadlineRunsOutAt: '2025-04-04T06:00:00.000Z',
        released: null,
        declined: null,
        filed: null,
      },
      intake: null,
      sealing: null,
      expunged: null,
      officerScreening: { eligible: true, protocolVersion: '2018-07' },
      decision: null,
      referralEnded: null,
    });
    expect(matter.etag).toBe('"3"');
    expect(await call(app, 'GET', `/v1/matters/${matterId}`, prosecutor)).toMatchObject({
      status: 200,
      etag: '"3"',
      body: matter.body,
    });

    const events = await matterEvents(matterId);
    expect(events.map((e) => e.type)).toEqual([
      'MatterOpened',
      'ChargeHeld',
      'MatterTermsSet',
      'OfficerScreeningNoted',
    ]);
    const [recordedId, screenedId] = referral.eventIds;
    for (const [event, source] of [
      [events[0], recordedId],
      [events[1], recordedId],
      [events[2], recordedId],
      [events[3], screenedId],
    ] as const) {
      expect(event.metadata).toEqual({
        correlationId: referral.correlationId,
        causationId: source,
        actor: PROSECUTION_SYSTEM_ACTOR,
        jurisdiction: 'denver',
        participantId: referral.participantId,
      });
    }
    // The held charge publishes as a contract-valid event.
    const chargeHeld = prosecutionPublication.map(events[1])!;
    expect(validateIntegrationEvent(chargeHeld, prosecutionPublication.topic)).toMatchObject({ valid: true });
    expect(chargeHeld).toMatchObject({
      type: 'lead.prosecution.charge-held',
      participantId: referral.participantId,
      causationId: recordedId,
    });
  });

  it('confirms the screening with If-Match and Idempotency-Key, attributed to the prosecutor, published as a contract-valid event', async () => {
    const { referral, matter } = await referralAtProsecutor();
    const matterId = matter.body.matterId as string;
    const key = randomUUID();
    const headers = { 'if-match': matter.etag!, 'idempotency-key': key };
    const decided = await decide(matterId, { eligible: true, reasonCode: 'meets_protocol' }, prosecutor, headers);
    expect(decided.status).toBe(200);
    expect(decided.etag).toBe('"4"');
    expect(decided.body).toMatchObject({
      status: 'decided',
      decision: {
        eligible: true,
        basis: 'confirmed',
        reasonCode: 'meets_protocol',
        prosecutor: { subject: 'ada-4', agency: 'DDA' },
      },
    });
    const at = (decided.body.decision as { at: string }).at;
    expect(Math.abs(Date.parse(at) - Date.now())).toBeLessThan(60_000);

    // A retry with the same key answers the first result again and decides nothing more.
    const replayed = await decide(matterId, { eligible: true, reasonCode: 'meets_protocol' }, prosecutor, headers);
    expect(replayed).toMatchObject({ status: 200, etag: '"4"', body: decided.body });
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');

    const events = await matterEvents(matterId);
    expect(events.map((e) => e.type)).toEqual([
      'MatterOpened',
      'ChargeHeld',
      'MatterTermsSet',
      'OfficerScreeningNoted',
      'EligibilityDecided',
    ]);
    const decision = events[4];
    expect(decision.data).toEqual({
      type: 'EligibilityDecided',
      matterId,
      referralId: referral.referralId,
      eligible: true,
      basis: 'confirmed',
      reasonCode: 'meets_protocol',
      prosecutor: { subject: 'ada-4', agency: 'DDA' },
      at,
    });
    expect(decision.metadata).toMatchObject({
      actor: { subject: 'ada-4', agency: 'DDA', role: 'prosecutor' },
      jurisdiction: 'denver',
      participantId: referral.participantId,
    });

    const published = prosecutionPublication.map(decision)!;
    expect(validateIntegrationEvent(published, prosecutionPublication.topic)).toMatchObject({ valid: true });
    expect(published).toMatchObject({
      id: decision.eventId,
      type: 'lead.prosecution.eligibility-decided',
      participantId: referral.participantId,
      jurisdiction: 'denver',
      data: {
        matterId,
        referralId: referral.referralId,
        decision: 'confirmed',
        outcome: 'eligible',
        reasonCode: 'meets_protocol',
        decidedBy: { agency: 'DDA', staffId: 'ada-4' },
        decidedAt: at,
      },
    });

    // Decided once.
    expect(await decide(matterId, { eligible: false, reasonCode: 'pending_felony' })).toMatchObject({
      status: 422,
      body: { code: 'eligibility_already_decided' },
    });
  });

  it("overrides an officer's ineligible screening, by the city attorney's office, at a time the prosecutor gives", async () => {
    const { matter } = await referralAtProsecutor({ screened: false });
    expect(matter.body).toMatchObject({ status: 'awaiting_decision', officerScreening: { eligible: false } });
    const aca = await app.token('prosecutor', ['denver'], { subject: 'aca-9', agency: 'DCAO' });
    const decided = await decide(
      matter.body.matterId as string,
      { eligible: true, reasonCode: 'amenable_on_review', decidedAt: '2025-03-05T16:00:00-07:00' },
      aca,
    );
    expect(decided).toMatchObject({
      status: 200,
      body: {
        decision: {
          eligible: true,
          basis: 'overridden',
          reasonCode: 'amenable_on_review',
          prosecutor: { subject: 'aca-9', agency: 'DCAO' },
          at: '2025-03-05T23:00:00.000Z',
        },
      },
    });
  });

  it('refuses what the rules refuse, naming the rule, and writes nothing', async () => {
    const { matter } = await referralAtProsecutor();
    const matterId = matter.body.matterId as string;
    const body = { eligible: false, reasonCode: 'pending_felony' };

    const police = await app.token('prosecutor', ['denver'], { agency: 'DPD' });
    expect(await decide(matterId, body, police)).toMatchObject({
      status: 422,
      body: { code: 'not_a_prosecutor_office' },
    });
    // A token whose subject is an e-mail address is refused before any rule runs (libs/access: staff ids are opaque).
    const email = await app.token('prosecutor', ['denver'], { subject: 'ada.four@denverda.org' });
    expect(await decide(matterId, body, email)).toMatchObject({ status: 401 });
    expect(
      await decide(matterId, { eligible: false, reasonCode: 'Has a pending felony in Adams County' }),
    ).toMatchObject({ status: 422, body: { code: 'reason_code_invalid' } });
    expect(await decide(matterId, { ...body, decidedAt: '2025-03-04T21:00:00Z' })).toMatchObject({
      status: 422,
      body: { code: 'decided_before_arrest' },
    });
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(await decide(matterId, { ...body, decidedAt: future })).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'decidedAt' }] },
    });
    // ISO 8601 forms no Date can be made of (a week date, the basic format): 400, not a 500 in the handler.
    for (const decidedAt of ['2025-W10-3', '20250305T100000Z']) {
      expect(await decide(matterId, { ...body, decidedAt })).toMatchObject({
        status: 400,
        body: { errors: [{ field: 'decidedAt' }] },
      });
    }
    expect(await decide(matterId, { ...body, note: 'free text' })).toMatchObject({ status: 400 });
    expect(await decide(matterId, body, prosecutor, { 'if-match': '"1"' })).toMatchObject({
      status: 409,
      body: { currentRevision: 3 },
    });

    // Another jurisdiction's prosecutor, or a matter that does not exist: the same 404.
    const slv = await app.token('prosecutor', ['san-luis-valley'], { agency: 'DA12' });
    const hidden = await decide(matterId, body, slv);
    const missing = await decide(randomUUID(), body);
    expect(hidden.status).toBe(404);
    expect({ ...hidden.body, instance: null, correlationId: null }).toEqual({
      ...missing.body,
      instance: null,
      correlationId: null,
    });
    expect((await call(app, 'GET', `/v1/matters/${matterId}`, slv)).status).toBe(404);

    expect((await matterEvents(matterId)).map((e) => e.type)).toEqual([
      'MatterOpened',
      'ChargeHeld',
      'MatterTermsSet',
      'OfficerScreeningNoted',
    ]);
  });

  it("screening_not_received: the prosecutor cannot decide before the officer's screening has arrived", async () => {
    const { matter } = await referralAtProsecutor({ screened: null });
    expect(matter.body).toMatchObject({ status: 'awaiting_screening', officerScreening: null });
    expect(
      await decide(matter.body.matterId as string, { eligible: true, reasonCode: 'meets_protocol' }),
    ).toMatchObject({ status: 422, body: { code: 'screening_not_received' } });
  });

  it('referral_ended: notes a referral that ended, releases the held charge at once, and leaves nothing to decide', async () => {
    const { referral, matter } = await referralAtProsecutor();
    const closed = await closeReferral(app.store, referral, 'declined_by_person', '2025-03-04T21:25:00.000Z');
    const ended = await eventually(
      () => matterOf(referral),
      (answer) => answer.body.status === 'referral_ended',
      'the end of the referral on its matter',
    );
    expect(ended.body).toMatchObject({
      referralEnded: { reason: 'declined_by_person', at: '2025-03-04T21:25:00.000Z' },
      charge: { status: 'released', released: { reason: 'referral_closed', on: '2025-03-04' } },
    });
    expect(ended.etag).toBe('"5"');
    const events = await matterEvents(matter.body.matterId as string);
    const [noted, released] = events.slice(-2);
    expect(noted).toMatchObject({ type: 'ReferralEnded', metadata: { causationId: closed.id } });
    expect(prosecutionPublication.map(noted!)).toBeNull();
    // The release is news for the court, the police and integrators: published, without the referral's reason.
    expect(released).toMatchObject({ type: 'ChargeReleased', metadata: { causationId: closed.id } });
    expect(prosecutionPublication.map(released!)).toMatchObject({
      type: 'lead.prosecution.charge-released',
      data: { matterId: matter.body.matterId, reason: 'referral_closed', releasedOn: '2025-03-04' },
    });
    expect(
      await decide(matter.body.matterId as string, { eligible: true, reasonCode: 'meets_protocol' }),
    ).toMatchObject({ status: 422, body: { code: 'referral_ended' } });
  });

  it('review_not_required: a protocol version that does not ask the prosecutor opens a matter all the same, with its own deadline', async () => {
    const { matter } = await referralAtProsecutor({
      jurisdiction: 'test-no-review',
      protocolVersion: '2020-01',
    });
    expect(matter.body).toMatchObject({
      status: 'review_not_required',
      prosecutorReviewRequired: false,
      charge: { heldOn: '2025-03-04', intakeDeadline: '2025-03-18' },
    });
    expect(
      await decide(
        matter.body.matterId as string,
        { eligible: true, reasonCode: 'meets_protocol' },
        noReviewProsecutor,
      ),
    ).toMatchObject({
      status: 422,
      body: { code: 'review_not_required' },
    });
  });

  it('opens no matter for a social contact referral (no arrest, no charge)', async () => {
    const social = await recordReferral(app.store, { door: 'social_contact' });
    await screenReferral(app.store, social, true);
    await closeReferral(app.store, social, 'declined_by_person');
    // The embedded bus delivers in the log's order: once a later arrest's matter is there, the social contact was handled.
    await referralAtProsecutor();
    expect((await matterOf(social)).status).toBe(404);
    await expect(app.store.readStream(matterStream(matterIdFor(social.referralId)))).rejects.toMatchObject({
      name: 'StreamNotFound',
    });
  });

  it('appends nothing when a referral event is delivered again', async () => {
    const { referral, matter } = await referralAtProsecutor();
    const consumer = app.app.get(FollowReferralsConsumer);
    const before = await matterEvents(matter.body.matterId as string);
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
    expect(await matterEvents(matter.body.matterId as string)).toEqual(before);
  });

  it('dead-letters a referral made under a protocol version this service does not know, and its screening too, and goes on with the next', async () => {
    const unknown = await recordReferral(app.store, { protocolVersion: '1999-01' });
    await screenReferral(app.store, unknown, true);
    await referralAtProsecutor();
    const letters = await eventually(
      async () =>
        (
          await app.db.query<{ message_id: string; error: string; attempts: number }>(
            `SELECT message_id, error, attempts FROM "${app.schema}".dead_letters WHERE consumer_group = 'lead.prosecution' AND message_id = ANY($1) ORDER BY id`,
            [unknown.eventIds],
          )
        ).rows,
      (rows) => rows.length === 2,
      'the dead letters',
    );
    expect(letters[0]).toMatchObject({
      message_id: unknown.eventIds[0],
      attempts: 2,
      error: expect.stringContaining('protocol version 1999-01 of denver'),
    });
    // Consumed, the screening would be lost for the matter a replay opens; it waits in the dead letters instead.
    expect(letters[1]).toMatchObject({
      message_id: unknown.eventIds[1],
      error: expect.stringContaining('has no matter yet'),
    });
    expect((await matterOf(unknown)).status).toBe(404);
  });
});
