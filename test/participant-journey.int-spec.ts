import { assertValidIntegrationEvent, TOPICS } from '@lead/contracts';
import { decodeIntegrationEvent } from '@lead/messaging';
import { ManualClock } from '@lead/scheduling';
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { CaseManagementModule } from '../apps/case-management/src/case-management.module.js';
import { ServiceClock } from '@lead/scheduling/service';
import { ProsecutionModule } from '../apps/prosecution/src/prosecution.module.js';
import { ReferralsModule } from '../apps/referrals/src/referrals.module.js';
import { denverArrestDiversion } from '../apps/referrals/test/referrals-app.js';
import { testBrokers } from '../libs/messaging/test/support/test-kafka.js';
import { busSettings, eventually, startService, type RunningService, stopServices } from './support/running-service.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
const COORDINATION = { 'x-purpose-of-use': 'care-coordination' };
const CASE_WORK = { 'x-purpose-of-use': 'case-management' };
/** What the participant told the case manager, or the officer wrote: none of it may reach police, prosecutors or Kafka. */
const PERSONAL = [
  'Marisol',
  'Vega',
  '1986-09-17',
  'Pennsylvania',
  '720-555',
  'hispanic',
  'drop-in',
  'bridge',
  'homeless',
];
const CLINICAL = ['clinical', 'contacts', 'goals', 'assessments', 'identity', 'Get my ID'];

/** Answers to every required item of lead-psychosocial-intake 2026-01: option codes by item id. */
const ENTRY_ANSWERS = {
  'prior-living-situation': '116',
  'current-living-situation': '116',
  'income-from-any-source': '0',
  'non-cash-benefits': '1',
  'health-insurance': '1',
  'physical-disability': '0',
  'developmental-disability': '0',
  'chronic-health-condition': '1',
  'mental-health-disorder': '1',
  'substance-use-disorder': '2',
};

interface Published {
  type: string;
  key: string | null;
  headers: Record<string, string>;
  value: string;
}

/*
 * One participant's whole LEAD journey across the three services that hold it: the officer's arrest diversion in
 * referrals, the prosecutor's eligibility decision in prosecution, and the case the accepted referral opens in
 * case management (intake, Part 2 consent, plan, contacts, inactivity and re-engagement, a partial revocation, exit).
 * At each step each role reads what the policy gives it: the officer and the prosecutor the consent-gated
 * participation status, the case manager the full case, an officer of another jurisdiction nothing. Both buses carry
 * it; on Kafka, an integrator on `lead.cases.v1` receives the case's status events and nothing personal.
 */
describe.each(['embedded', 'kafka'] as const)("a participant's journey across the services, BUS=%s", (bus) => {
  const suffix = randomBytes(5).toString('hex');
  const prefix = `t${suffix}.`;
  // Requests carry times that must not be in the real future: the case-management clock starts in the past, and the
  // referral's field times are just before it.
  const start = new Date(Date.now() - 40 * DAY);
  const clock = new ManualClock(start);
  const before = (minutes: number) => new Date(start.getTime() - minutes * MINUTE).toISOString();
  let referrals: RunningService;
  let prosecution: RunningService;
  let cases: RunningService;
  let integrator: Consumer | undefined;
  const published: Published[] = [];

  beforeAll(async () => {
    const busEnv = await busSettings(bus, prefix);
    const shared = {
      EVENT_STORE_SCHEMA: `test_journey_es_${suffix}`,
      KEY_STORE_SCHEMA: `test_journey_keys_${suffix}`,
      ...busEnv,
    };
    referrals = await startService(ReferralsModule, 'journey_referrals', shared);
    prosecution = await startService(ProsecutionModule, 'journey_prosecution', shared);
    cases = await startService(CaseManagementModule, 'journey_cases', shared);
    cases.app.get(ServiceClock).drive(clock);
    if (bus === 'kafka') {
      integrator = new Kafka({ clientId: 'journey-test', brokers: testBrokers(), logLevel: logLevel.NOTHING }).consumer(
        { groupId: `${prefix}integrator`, maxWaitTimeInMs: 20 },
      );
      await integrator.connect();
      await integrator.subscribe({ topic: `${prefix}${TOPICS.cases}`, fromBeginning: true });
      await integrator.run({
        eachMessage: async ({ message }) => {
          const headers = Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
          );
          published.push({
            type: headers.ce_type ?? '',
            key: message.key?.toString() ?? null,
            headers,
            value: message.value?.toString() ?? '',
          });
        },
      });
    }
  });

  afterAll(async () => {
    await integrator?.disconnect();
    await stopServices(cases, prosecution, referrals);
  });

  it('is referred, decided, opened, worked under consent, goes inactive and re-engages, is partly revoked and exits', async () => {
    const officer = await referrals.token('officer', ['denver'], { agency: 'DPD', subject: 'dpd-7' });
    const arrivingCaseManager = await referrals.token('case_manager', ['denver'], { agency: 'ARTS', subject: 'cm-7' });
    const prosecutor = await prosecution.token('prosecutor', ['denver'], { agency: 'DDA', subject: 'ada-4' });
    const supervisor = await cases.token('supervisor', ['denver'], { agency: 'ARTS', subject: 'arts-sup-1' });
    const caseManager = await cases.token('case_manager', ['denver'], { agency: 'ARTS', subject: 'arts-cm-1' });
    const slvOfficer = await cases.token('officer', ['san-luis-valley'], { agency: 'ASPD', subject: 'aspd-2' });

    // ---- referrals: the arrest diversion and the hand-off in the field.
    const recorded = await referrals.call(
      'POST',
      '/v1/referrals',
      officer,
      denverArrestDiversion({ referredAt: before(60) }),
    );
    expect(recorded.status).toBe(201);
    const referralId = recorded.body.referralId as string;
    const participantId = recorded.body.participantId as string;
    const step = async (token: string, route: string, at: string, body: Record<string, unknown> = {}) => {
      const answer = await referrals.call('POST', `/v1/referrals/${referralId}/${route}`, token, { ...body, at });
      expect(answer).toMatchObject({ status: 200, body: { status: 'open' } });
    };
    await step(officer, 'offer-answer', before(55), { accepted: true });
    await step(officer, 'lead-line-call', before(53));
    await step(arrivingCaseManager, 'case-manager-arrival', before(30));
    await step(officer, 'custody-relinquished', before(25));

    const statusOf = (token: string) =>
      cases.call('GET', `/v1/participants/${participantId}/participation-status`, token, undefined, COORDINATION);
    const caseRead = (token: string) => cases.call('GET', `/v1/cases/${caseId}`, token, undefined, CASE_WORK);
    /** What police and prosecutors see: the status under consent and its §2.32 notice; nothing clinical or personal. */
    const expectStatus = async (token: string, status: Record<string, unknown>) => {
      const seen = await statusOf(token);
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({ participantId, status });
      expect(seen.body.redisclosureNotice).toMatch(/42 CFR part 2/);
      const text = JSON.stringify(seen.body);
      for (const secret of [...PERSONAL, ...CLINICAL]) expect(text).not.toContain(secret);
      return seen;
    };
    /** Police and prosecutors learn nothing, not even that the person is known; nor does another jurisdiction. */
    const expectNothing = async (...tokens: string[]) => {
      for (const token of tokens) expect((await statusOf(token)).status).toBe(404);
    };

    // Before the prosecutor's decision there is no case: no status for anyone.
    let caseId = '00000000-0000-4000-8000-000000000000';
    await expectNothing(officer, prosecutor, slvOfficer);

    // ---- prosecution: the matter the referral opened, and the eligibility decision.
    const matter = await eventually(
      () => prosecution.call('GET', `/v1/referrals/${referralId}/matter`, prosecutor),
      (answer) => answer.status === 200 && !!answer.body.officerScreening,
      `the prosecution matter of referral ${referralId}`,
    );
    const matterId = matter.body.matterId as string;
    const decided = await prosecution.call(
      'POST',
      `/v1/matters/${matterId}/eligibility-decision`,
      prosecutor,
      { eligible: true, reasonCode: 'meets_protocol', decidedAt: before(10) },
      { 'if-match': matter.etag! },
    );
    expect(decided.status).toBe(200);

    // ---- case management: the accepted referral opens the case, with the provider of the hand-off.
    const opened = await eventually(
      () =>
        cases.db.query(
          `SELECT case_id FROM "${cases.env.DATABASE_SCHEMA}".participant_cases WHERE participant_id = $1`,
          [participantId],
        ),
      (result) => (result.rowCount ?? 0) === 1,
      `the case of referral ${referralId} to open`,
    );
    caseId = opened.rows[0].case_id as string;
    // Nobody is assigned yet: the provider's supervisor assigns the case manager.
    expect((await caseRead(caseManager)).status).toBe(404);
    const assigned = await cases.call('POST', `/v1/cases/${caseId}/case-manager`, supervisor, {
      caseManager: 'arts-cm-1',
    });
    expect(assigned.status).toBe(200);
    const fresh = await caseRead(caseManager);
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ participantId, identity: { name: null, dateOfBirth: null } });
    expect(fresh.body.clinical).toMatchObject({
      case: { referralId, providerAgency: 'ARTS', caseManager: { subject: 'arts-cm-1' }, intake: null },
    });
    await expectNothing(officer, prosecutor, slvOfficer);

    const today = () => clock.now().toISOString().slice(0, 10);
    const now = () => clock.now().toISOString();
    const intake = await cases.call('POST', `/v1/cases/${caseId}/intake`, caseManager, {
      completedOn: today(),
      place: 'ARTS drop-in centre',
      identity: { name: 'Marisol Vega', dateOfBirth: '1986-09-17' },
      raceEthnicity: ['hispanic_latina_e_o', 'white'],
      sex: 'female',
    });
    expect(intake.status).toBe(200);
    // Intake without a consent: still nothing for police and prosecutors.
    await expectNothing(officer, prosecutor, slvOfficer);
    expect((await caseRead(caseManager)).body).toMatchObject({
      identity: { name: 'Marisol Vega', dateOfBirth: '1986-09-17' },
      clinical: { case: { intake: { completedOn: today(), deadlineMet: true } } },
    });

    const consent = await cases.call('POST', `/v1/cases/${caseId}/consents`, caseManager, {
      recipients: ['DPD', 'DDA'],
      scope: ['participation-status'],
      purpose: 'lead-diversion-coordination',
      signedAt: now(),
      expiresOn: 'participation-ended',
      rightToRevokeExplained: true,
    });
    expect(consent.status).toBe(201);
    const consentId = consent.body.createdId as string;
    const enrolled = { enrolled: true, engaged: true, intakeCompletedByDeadline: true, exited: false };
    for (const token of [officer, prosecutor]) {
      const seen = await expectStatus(token, enrolled);
      expect(seen.body.consent).toMatchObject({
        consentId,
        scope: ['participation-status'],
        expiry: { kind: 'event', event: 'participation-ended' },
      });
    }
    await expectNothing(slvOfficer);

    // ---- the entry assessment, under the instrument of Denver's program (lead-psychosocial-intake 2026-01).
    const assessed = await cases.call('POST', `/v1/cases/${caseId}/assessments`, caseManager, {
      occasion: 'entry',
      completedOn: today(),
      answers: ENTRY_ANSWERS,
    });
    expect(assessed.status).toBe(201);
    expect((await caseRead(caseManager)).body.clinical).toMatchObject({
      case: {
        assessments: [
          {
            occasion: 'entry',
            completedOn: today(),
            instrument: { id: 'lead-psychosocial-intake', version: '2026-01' },
            answers: ENTRY_ANSWERS,
          },
        ],
      },
    });
    for (const token of [officer, prosecutor]) await expectStatus(token, enrolled);
    await expectNothing(slvOfficer);

    // ---- the plan and the contacts.
    const goal = await cases.call('POST', `/v1/cases/${caseId}/goals`, caseManager, {
      domain: 'identification',
      wording: 'Get my ID back so I can apply for housing',
    });
    expect(goal.status).toBe(201);
    for (const contact of [
      { kind: 'street_contact', successful: true, durationMinutes: 20, livingSituation: 'homeless' },
      { kind: 'outreach_attempt', successful: false },
      { kind: 'phone', successful: true, note: 'Under the 14th St bridge; wants an ID.' },
    ]) {
      clock.set(new Date(clock.now().getTime() + 2 * DAY));
      const logged = await cases.call('POST', `/v1/cases/${caseId}/contacts`, caseManager, {
        ...contact,
        contactedAt: now(),
      });
      expect(logged.status).toBe(201);
    }
    const worked = await caseRead(caseManager);
    expect(worked.body.clinical).toMatchObject({
      case: {
        goals: [{ domain: 'identification', wording: 'Get my ID back so I can apply for housing', status: 'active' }],
        contacts: [{ kind: 'street_contact' }, { kind: 'outreach_attempt' }, { kind: 'phone' }],
        engagement: { level: 'engaged' },
      },
    });
    for (const token of [officer, prosecutor]) await expectStatus(token, enrolled);
    await expectNothing(slvOfficer);

    // ---- inactivity: Denver's 30 days without a successful contact, on the durable timers.
    const engagementOf = async () =>
      ((await caseRead(caseManager)).body.clinical as { case: { engagement: { level: string } } }).case.engagement
        .level;
    const lastContact = clock.now().getTime();
    clock.set(new Date(lastContact + 30 * DAY + MINUTE));
    await eventually(engagementOf, (level) => level === 'inactive', 'engagement to go inactive');
    const inactive = { enrolled: true, engaged: false, exited: false };
    for (const token of [officer, prosecutor]) await expectStatus(token, inactive);
    await expectNothing(slvOfficer);

    // ---- re-engagement: the next successful contact.
    const back = await cases.call('POST', `/v1/cases/${caseId}/contacts`, caseManager, {
      kind: 'in_person',
      successful: true,
      contactedAt: now(),
    });
    expect(back.status).toBe(201);
    expect(await engagementOf()).toBe('engaged');
    for (const token of [officer, prosecutor]) await expectStatus(token, enrolled);

    // ---- the consent revoked for the DA only. The DA's next reads, in every service, answer as the policy says.
    const policeSaw = (await statusOf(officer)).body;
    const caseManagerSaw = (await caseRead(caseManager)).body;
    const matterBefore = await prosecution.call('GET', `/v1/matters/${matterId}`, prosecutor);
    const revoked = await cases.call('POST', `/v1/cases/${caseId}/consents/${consentId}/revocation`, caseManager, {
      recipients: ['DDA'],
    });
    expect(revoked.status).toBe(200);
    // Case management: the participation status now answers as for a stranger; the case is not the DA's to read.
    expect((await statusOf(prosecutor)).status).toBe(404);
    expect((await caseRead(prosecutor)).status).toBe(403);
    // Prosecution: the charge's course is the DA's own record (ids, codes, dates), not gated by the consent; the
    // intake it learnt under the consent is shown no more.
    // The revocation reaches prosecution over the bus: a moment on a busy machine.
    const matterAfter = await eventually(
      () => prosecution.call('GET', `/v1/matters/${matterId}`, prosecutor),
      (answer) => answer.status === 200 && answer.body.intake === null,
      'the revocation to reach the matter',
    );
    expect(matterAfter.body).toEqual({ ...matterBefore.body, intake: null });
    for (const secret of [...PERSONAL, ...CLINICAL, caseId, 'engagement', 'consent'])
      expect(JSON.stringify(matterAfter.body)).not.toContain(secret);
    // Referrals: prosecutors have no route there.
    expect((await referrals.call('GET', `/v1/referrals/${referralId}`, prosecutor)).status).toBe(403);
    // The police and the case manager still see what they saw.
    const policeSee = await statusOf(officer);
    expect(policeSee.status).toBe(200);
    expect(policeSee.body.status).toEqual(policeSaw.status);
    expect(policeSee.body.consent).toMatchObject({ consentId });
    const caseManagerSees = (await caseRead(caseManager)).body;
    expect(caseManagerSees.identity).toEqual(caseManagerSaw.identity);
    expect(caseManagerSees.status).toEqual(caseManagerSaw.status);
    expect((caseManagerSees.clinical as { case: { contacts: unknown[] } }).case.contacts).toEqual(
      (caseManagerSaw.clinical as { case: { contacts: unknown[] } }).case.contacts,
    );
    expect(caseManagerSees.clinical).toMatchObject({
      case: { consents: [{ consentId, revocations: [{ recipients: ['DDA'] }] }] },
    });

    // ---- exit: the consent given until the end of participation expires with it.
    const exited = await cases.call('POST', `/v1/cases/${caseId}/exit`, caseManager, {
      reason: 'transitioned_out',
      destination: '435',
    });
    expect(exited.status).toBe(200);
    await expectNothing(officer, prosecutor, slvOfficer);
    const afterExit = await caseRead(caseManager);
    expect(afterExit.status).toBe(200);
    expect(afterExit.body).toMatchObject({
      identity: { name: 'Marisol Vega' },
      clinical: { case: { exits: [{ reason: 'transitioned_out', reenrolledAt: null }] } },
    });

    // ---- on Kafka: what an integrator subscribed to the cases topic receives, status only.
    if (bus === 'kafka') {
      const ofCase = () => published.filter((m) => JSON.parse(m.value).caseId === caseId);
      await eventually(
        async () => ofCase().map((m) => m.type),
        (types) => types.includes('lead.case.exited'),
        'lead.case.exited on the cases topic',
      );
      const messages = ofCase();
      expect(messages.map((m) => m.type)).toEqual([
        'lead.case.opened',
        'lead.case.intake-completed',
        'lead.case.demographics-recorded',
        'lead.case.consent-recorded',
        'lead.case.assessment-completed',
        'lead.case.plan-updated',
        'lead.case.contact-logged',
        'lead.case.contact-logged',
        'lead.case.contact-logged',
        'lead.case.engagement-changed',
        'lead.case.engagement-changed',
        'lead.case.contact-logged',
        'lead.case.engagement-changed',
        'lead.case.consent-revoked',
        'lead.case.exited',
      ]);
      for (const message of messages) {
        // Each one a valid CloudEvent of its contract, keyed by the pseudonymous participant id.
        const event = decodeIntegrationEvent({ ...message, value: Buffer.from(message.value) });
        assertValidIntegrationEvent(event, TOPICS.cases);
        expect(message.key).toBe(participantId);
        expect(message.headers).toMatchObject({ ce_jurisdiction: 'denver', ce_specversion: '1.0' });
      }
      // Race and ethnicity never in clear; the demographics' ciphertext (random base64, the one sealed value that
      // travels) is blanked before the scan for the rest.
      expect(messages.map((m) => m.value).join('\n')).not.toContain('hispanic');
      const text = messages
        .map((m) =>
          m.type === 'lead.case.demographics-recorded'
            ? JSON.stringify({ ...JSON.parse(m.value), demographics: '<sealed>' })
            : m.value,
        )
        .join('\n');
      for (const secret of [
        ...PERSONAL,
        'Get my ID',
        '$sealed',
        'arts-cm-1',
        'destination',
        'note',
        'answers',
        'substance',
      ])
        expect(text).not.toContain(secret);
    }
  }, 120_000); // Three services and a dozen bus hops: on a busy machine, more than the default 30 s.
});
