import { TOPICS } from '@lead/contracts';
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { ProsecutionModule } from '../apps/prosecution/src/prosecution.module.js';
import { ReferralsModule } from '../apps/referrals/src/referrals.module.js';
import { denverArrestDiversion } from '../apps/referrals/test/referrals-app.js';
import { testBrokers } from '../libs/messaging/test/support/test-kafka.js';
import { busSettings, eventually, startService, type RunningService, stopServices } from './support/running-service.js';

/*
 * The enrolment of an arrest diversion across two services: the referrals service records the referral and the
 * steps in the field; the prosecution service opens a matter from the referral's events, and the prosecutor's
 * eligibility decision travels back over the bus to complete (or close) the referral. Both buses carry it.
 */
describe.each(['embedded', 'kafka'] as const)('an arrest diversion enrolled across services, BUS=%s', (bus) => {
  const suffix = randomBytes(5).toString('hex');
  const prefix = `t${suffix}.`;
  const eventStoreSchema = `test_flow_es_${suffix}`;
  let referrals: RunningService;
  let prosecution: RunningService;
  let seen: Consumer | undefined;
  const published: Array<{ type: string; referralId: string }> = [];

  beforeAll(async () => {
    const busEnv = await busSettings(bus, prefix);
    const shared = { EVENT_STORE_SCHEMA: eventStoreSchema, KEY_STORE_SCHEMA: `test_flow_keys_${suffix}`, ...busEnv };
    referrals = await startService(ReferralsModule, 'flow_referrals', shared);
    prosecution = await startService(ProsecutionModule, 'flow_prosecution', shared);
    if (bus === 'kafka') {
      // What an integrator subscribed to the referrals topic receives.
      seen = new Kafka({ clientId: 'flow-test', brokers: testBrokers(), logLevel: logLevel.NOTHING }).consumer({
        groupId: `${prefix}integrator`,
        maxWaitTimeInMs: 20,
      });
      await seen.connect();
      await seen.subscribe({ topic: `${prefix}${TOPICS.referrals}`, fromBeginning: true });
      await seen.run({
        eachMessage: async ({ message }) => {
          const data = JSON.parse(message.value!.toString()) as { referralId: string };
          published.push({ type: String(message.headers?.ce_type), referralId: data.referralId });
        },
      });
    }
  });

  afterAll(async () => {
    await seen?.disconnect();
    await stopServices(referrals, prosecution);
  });

  async function walkToProsecutor(): Promise<string> {
    const officer = await referrals.token('officer', ['denver']);
    const caseManager = await referrals.token('case_manager', ['denver'], { subject: 'cm-7' });
    const recorded = await referrals.call('POST', '/v1/referrals', officer, denverArrestDiversion());
    expect(recorded.status).toBe(201);
    const referralId = recorded.body.referralId as string;
    const step = async (token: string, route: string, body: Record<string, unknown>) => {
      const answer = await referrals.call('POST', `/v1/referrals/${referralId}/${route}`, token, body);
      expect(answer).toMatchObject({ status: 200, body: { status: 'open' } });
    };
    await step(officer, 'offer-answer', { accepted: true, at: '2025-03-04T21:20:00Z' });
    await step(officer, 'lead-line-call', { at: '2025-03-04T21:22:00Z' });
    await step(caseManager, 'case-manager-arrival', { at: '2025-03-04T21:47:00Z' });
    await step(officer, 'custody-relinquished', { at: '2025-03-04T21:50:00Z' });
    return referralId;
  }

  /** The prosecutor finds the matter the referral opened, once the bus has brought the referral's screening. */
  async function matterOf(referralId: string, prosecutor: string): Promise<{ matterId: string; etag: string }> {
    const found = await eventually(
      () => prosecution.call('GET', `/v1/referrals/${referralId}/matter`, prosecutor),
      (answer) =>
        answer.status === 200 && answer.body.officerScreening !== null && answer.body.officerScreening !== undefined,
      `the prosecution matter of referral ${referralId}`,
    );
    return { matterId: found.body.matterId as string, etag: found.etag! };
  }

  const referralEvents = async (referralId: string) =>
    (await referrals.store.readStream(`referral-${referralId}`)).map((e) => e);

  it("enrols the referral once the prosecutor confirms the officer's screening, attributed to the prosecutor", async () => {
    const referralId = await walkToProsecutor();
    const prosecutor = await prosecution.token('prosecutor', ['denver'], { subject: 'ada-4' });
    // The matter may still take an event from the bus between the read and the decision (its ETag then moves on: 409);
    // the prosecutor reads it again and decides on what it now is, as a client would.
    const { matterId } = await matterOf(referralId, prosecutor);
    const decided = await eventually(
      async () => {
        const { etag } = await matterOf(referralId, prosecutor);
        return prosecution.call(
          'POST',
          `/v1/matters/${matterId}/eligibility-decision`,
          prosecutor,
          { eligible: true, reasonCode: 'meets_protocol' },
          { 'if-match': etag },
        );
      },
      (answer) => answer.status !== 409,
      'a decision on the matter as it stands',
    );
    expect(decided.status).toBe(200);

    const events = await eventually(
      () => referralEvents(referralId),
      (list) => list.some((e) => e.type === 'ReferralAccepted'),
      `referral ${referralId} to be accepted`,
    );
    expect(events.map((e) => e.type).slice(-2)).toEqual(['ProsecutorEligibilityDecided', 'ReferralAccepted']);
    const decision = events.find((e) => e.type === 'ProsecutorEligibilityDecided')!;
    expect(decision.data).toMatchObject({
      eligible: true,
      basis: 'confirmed',
      reasonCode: 'meets_protocol',
      prosecutor: { subject: 'ada-4', agency: 'DDA' },
    });
    expect(decision.metadata).toMatchObject({
      actor: { subject: 'ada-4', agency: 'DDA', role: 'prosecutor' },
      jurisdiction: 'denver',
    });
    const matter = await prosecution.store.readStream(`prosecution-${matterId}`);
    const source = matter.find((e) => e.type === 'EligibilityDecided')!;
    expect(decision.metadata.causationId).toBe(source.eventId);

    if (bus === 'kafka') {
      await eventually(
        async () => published.filter((m) => m.referralId === referralId).map((m) => m.type),
        (types) => types.includes('lead.referral.accepted'),
        'lead.referral.accepted on the referrals topic',
      );
      expect(published.filter((m) => m.referralId === referralId).map((m) => m.type)).toEqual([
        'lead.referral.recorded',
        'lead.referral.screened',
        'lead.referral.offer-accepted',
        'lead.referral.handed-off',
        'lead.referral.prosecutor-eligibility-decided',
        'lead.referral.accepted',
      ]);
    }
  });

  it('closes the referral when the prosecutor overrides the screening to ineligible; the person goes through normal processing', async () => {
    const referralId = await walkToProsecutor();
    const prosecutor = await prosecution.token('prosecutor', ['denver'], { agency: 'DCAO', subject: 'aca-9' });
    const { matterId } = await matterOf(referralId, prosecutor);
    const decided = await prosecution.call('POST', `/v1/matters/${matterId}/eligibility-decision`, prosecutor, {
      eligible: false,
      reasonCode: 'pending_felony',
    });
    expect(decided.status).toBe(200);
    const events = await eventually(
      () => referralEvents(referralId),
      (list) => list.some((e) => e.type === 'ReferralClosed'),
      `referral ${referralId} to be closed`,
    );
    expect(events.at(-1)!.data).toMatchObject({ type: 'ReferralClosed', reason: 'prosecutor_found_ineligible' });
    expect(events.find((e) => e.type === 'ProsecutorEligibilityDecided')!.data).toMatchObject({
      eligible: false,
      basis: 'overridden',
    });
  });

  it('refuses a decision once the person has declined: the closed referral reached the prosecutor over the bus', async () => {
    const officer = await referrals.token('officer', ['denver']);
    const recorded = await referrals.call('POST', '/v1/referrals', officer, denverArrestDiversion());
    const referralId = recorded.body.referralId as string;
    const declined = await referrals.call('POST', `/v1/referrals/${referralId}/offer-answer`, officer, {
      accepted: false,
      at: '2025-03-04T21:20:00Z',
    });
    expect(declined.body).toMatchObject({ status: 'closed' });
    const prosecutor = await prosecution.token('prosecutor', ['denver'], { subject: 'ada-4' });
    const ended = await eventually(
      () => prosecution.call('GET', `/v1/referrals/${referralId}/matter`, prosecutor),
      (answer) => answer.status === 200 && !!answer.body.referralEnded,
      `the end of referral ${referralId} to reach its matter`,
    );
    const decided = await prosecution.call(
      'POST',
      `/v1/matters/${ended.body.matterId as string}/eligibility-decision`,
      prosecutor,
      { eligible: true, reasonCode: 'meets_protocol' },
    );
    expect(decided).toMatchObject({ status: 422, body: { code: 'referral_ended' } });
    expect((await referralEvents(referralId)).map((e) => e.type)).toEqual([
      'ReferralRecorded',
      'ReferralScreened',
      'OfferAnswered',
      'ReferralClosed',
    ]);
  });
});
