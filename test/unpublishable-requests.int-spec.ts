import { newEventId, PostgresEventStore } from '@lead/event-store';
import { randomBytes } from 'node:crypto';
import { ProsecutionModule } from '../apps/prosecution/src/prosecution.module.js';
import { ReferralsModule } from '../apps/referrals/src/referrals.module.js';
import { denverArrestDiversion } from '../apps/referrals/test/referrals-app.js';
import { busSettings, eventually, startService, type RunningService, stopServices } from './support/running-service.js';

/*
 * Two ordinary requests once stored events the relay could not publish: a step time without seconds (it passed
 * the instant check, failed the contract's date-time) and a token whose agency the contracts refuse. The relay
 * then retried that event for ever, holding back every later one, while `/ready` said ok. Now nothing is stored
 * that cannot be published, and a relay that is stuck all the same says so.
 */
describe.each(['embedded', 'kafka'] as const)('requests whose events could not be published, BUS=%s', (bus) => {
  const suffix = randomBytes(5).toString('hex');
  const prefix = `t${suffix}.`;
  const eventStoreSchema = `test_unpub_es_${suffix}`;
  let referrals: RunningService;
  let prosecution: RunningService;

  beforeAll(async () => {
    const busEnv = await busSettings(bus, prefix);
    const shared = {
      EVENT_STORE_SCHEMA: eventStoreSchema,
      KEY_STORE_SCHEMA: `test_unpub_keys_${suffix}`,
      MESSAGING_STUCK_AFTER_MS: '300',
      ...busEnv,
    };
    referrals = await startService(ReferralsModule, 'unpub_referrals', shared);
    prosecution = await startService(ProsecutionModule, 'unpub_prosecution', shared);
  });

  afterAll(async () => {
    await stopServices(referrals, prosecution);
  });

  /**
   * Events of the services' own streams: not the embedded topic log (the relay's, filled in its own time) nor the
   * access audit (a refusal is audited, which is the point), nor the prosecution service's matters (it follows the
   * bus in its own time).
   */
  const storedEvents = async () =>
    Number(
      (
        await referrals.db.query(
          `SELECT count(*) AS n FROM "${eventStoreSchema}".events WHERE stream_id NOT LIKE 'topic-%' AND stream_id NOT LIKE 'audit-%' AND stream_id NOT LIKE 'prosecution-%'`,
        )
      ).rows[0].n,
    );

  const matterOf = async (referralId: string, until: (body: Record<string, unknown>) => boolean, what: string) => {
    const prosecutor = await prosecution.token('prosecutor', ['denver'], { subject: 'ada-4' });
    return eventually(
      () => prosecution.call('GET', `/v1/referrals/${referralId}/matter`, prosecutor),
      (answer) => answer.status === 200 && until(answer.body),
      what,
    );
  };

  interface Readiness {
    status: string;
    degraded?: Record<string, { worker: string; seconds: number; reason: string }[]>;
  }
  const ready = () =>
    fetch(`${referrals.url}/ready`).then(async (r) => ({ status: r.status, body: (await r.json()) as Readiness }));

  it('refuses a token whose agency the contracts would refuse, storing nothing; later referrals still reach prosecution', async () => {
    const officer = await referrals.token('officer', ['denver']);
    const first = await referrals.call('POST', '/v1/referrals', officer, denverArrestDiversion());
    const firstId = first.body.referralId as string;
    for (const [route, body] of [
      ['offer-answer', { accepted: true, at: '2025-03-04T21:20:00Z' }],
      ['lead-line-call', { at: '2025-03-04T21:22:00Z' }],
    ] as const) {
      const step = await referrals.call('POST', `/v1/referrals/${firstId}/${route}`, officer, body);
      expect(step.status).toBe(200);
    }
    // The case manager's agency is published with the hand-off; `_ARTS` fits no published agency id.
    const before = await storedEvents();
    const foreignAgency = await referrals.token('case_manager', ['denver'], { agency: '_ARTS', subject: 'cm-7' });
    const answer = await referrals.call('POST', `/v1/referrals/${firstId}/case-manager-arrival`, foreignAgency, {
      at: '2025-03-04T21:47:00Z',
    });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(await storedEvents()).toBe(before);

    const recorded = await referrals.call('POST', '/v1/referrals', officer, denverArrestDiversion());
    expect(recorded.status).toBe(201);
    await matterOf(recorded.body.referralId as string, (m) => m.status === 'awaiting_decision', 'the matter');
    expect((await ready()).body.status).toBe('ok');
  });

  it('takes a step time without seconds as that instant in UTC, and the referral’s end reaches its matter', async () => {
    const officer = await referrals.token('officer', ['denver']);
    const recorded = await referrals.call('POST', '/v1/referrals', officer, denverArrestDiversion());
    const referralId = recorded.body.referralId as string;
    const declined = await referrals.call('POST', `/v1/referrals/${referralId}/offer-answer`, officer, {
      accepted: false,
      at: '2025-03-04T14:20-07:00',
    });
    expect(declined).toMatchObject({ status: 200, body: { status: 'closed' } });
    const stored = await referrals.store.readStream(`referral-${referralId}`);
    expect(stored.find((e) => e.type === 'OfferAnswered')!.data).toMatchObject({ at: '2025-03-04T21:20:00.000Z' });
    const matter = await matterOf(referralId, (m) => m.status === 'referral_ended', 'the end of the referral');
    expect(matter.body.referralEnded).toEqual({ reason: 'declined_by_person', at: '2025-03-04T21:20:00.000Z' });
    expect((await ready()).body.status).toBe('ok');
  });

  it('reports a relay that cannot publish an event as degraded, with a metric of the time stuck', async () => {
    // A producer bug stored behind the append check (the raw store, as an older release could have written it).
    const raw = await PostgresEventStore.create({ pool: referrals.db, schema: eventStoreSchema });
    await raw.appendToStream(
      `referral-${newEventId()}`,
      [
        {
          eventId: newEventId(),
          type: 'ReferralAccepted',
          schemaVersion: 1,
          data: {},
          metadata: { correlationId: newEventId() },
        },
      ],
      'no_stream',
    );
    const relay = bus === 'kafka' ? 'relay:referrals' : 'relay:referrals.embedded';
    const degraded = await eventually(
      ready,
      (r) => r.body.status === 'degraded',
      'readiness to report the stuck relay',
    );
    expect(degraded.status).toBe(200);
    expect(degraded.body.degraded?.messaging).toEqual([
      expect.objectContaining({ worker: relay, reason: 'UnpublishableEvent' }),
    ]);
    const metrics = await (await fetch(`${referrals.url}/metrics`)).text();
    expect(metrics).toMatch(
      new RegExp(`lead_messaging_stuck_seconds\\{worker="${relay.replace('.', '\\.')}"[^}]*\\} [0-9.]+`),
    );
  });
});
