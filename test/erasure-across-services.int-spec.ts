import { TOPICS } from '@lead/contracts';
import type { RecordedEvent } from '@lead/event-store';
import { randomBytes } from 'node:crypto';
import { CaseManagementModule } from '../apps/case-management/src/case-management.module.js';
import { ProsecutionModule } from '../apps/prosecution/src/prosecution.module.js';
import { ReferralsModule } from '../apps/referrals/src/referrals.module.js';
import { ParticipantRegistration } from '../apps/referrals/src/participant/register-participant/participant-registration.js';
import { ReportingModule } from '../apps/reporting/src/reporting.module.js';
import { derivableHandles, findHandles, type Finding } from '../apps/referrals/test/erasure-scan.js';
import { denverArrestDiversion } from '../apps/referrals/test/referrals-app.js';
import { messageText, readAllTopicMessages } from './support/kafka-topic-messages.js';
import { startLoggedService } from './support/logged-service.js';
import { busSettings, eventually, stopServices } from './support/running-service.js';

const MINUTE = 60_000;

/** An event as text, positions and all (bigints as strings). */
const text = (value: unknown) => JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v));

/*
 * Issue 14, erasure of a participant, across the services of one deployment, on both buses: one person enrolled
 * through referrals (an arrest diversion, on an Idempotency-Key), prosecution (the eligibility decision) and case
 * management (intake with their identity, a consent), reported on by reporting, so that something of theirs is in
 * every service's schema and on every bus topic. After the erasure (referrals, program admin), nothing derivable from
 * the matching key (the blind index, its stream's name, the id a keyed referral once derived from it) and nothing of
 * their name or birth date in clear is in any table of any schema of the deployment (every service's own schema,
 * the shared event store with its stream names, outbox and embedded topic logs, the shared key store), in any stream
 * name, in any message of any topic (Kafka: every topic of the test's prefix, dead letters included; embedded: the
 * topic streams), or in any line a service logged (at debug). The other services keep the pseudonymous participant
 * id (docs/access.md): that is not scanned for. A new referral of the person is a new participant, linked to nothing
 * erased.
 */
describe.each(['embedded', 'kafka'] as const)('erasure of a participant across the services, BUS=%s', (bus) => {
  const suffix = randomBytes(5).toString('hex');
  const prefix = `t${suffix}.`;
  const now = Date.now();
  const before = (minutes: number) => new Date(now - minutes * MINUTE).toISOString();
  let shared: Record<string, string>;
  type Service = Awaited<ReturnType<typeof startLoggedService>>;
  let referrals: Service;
  let prosecution: Service;
  let cases: Service;
  let reporting: Service;

  beforeAll(async () => {
    shared = {
      EVENT_STORE_SCHEMA: `test_erasure_es_${suffix}`,
      KEY_STORE_SCHEMA: `test_erasure_keys_${suffix}`,
      ...(await busSettings(bus, prefix)),
    };
    // Each service's log lines are kept (at debug), to be scanned with the rest.
    referrals = await startLoggedService(ReferralsModule, 'erasure_referrals', shared);
    prosecution = await startLoggedService(ProsecutionModule, 'erasure_prosecution', shared);
    cases = await startLoggedService(CaseManagementModule, 'erasure_cases', shared);
    reporting = await startLoggedService(ReportingModule, 'erasure_reporting', shared);
  }, 60_000);

  afterAll(async () => {
    await stopServices(reporting, cases, prosecution, referrals);
  });

  const services = () => [referrals, prosecution, cases, reporting];
  /** Every schema of the deployment: each service's own, the shared event store and key store. */
  const allSchemas = () => [
    ...new Set(services().flatMap((s) => [s.env.DATABASE_SCHEMA, s.env.EVENT_STORE_SCHEMA, s.env.KEY_STORE_SCHEMA])),
  ];
  const allEvents = async (): Promise<RecordedEvent[]> => {
    const events: RecordedEvent[] = [];
    for (let after: RecordedEvent['position'] | 'start' = 'start'; ;) {
      const page = await referrals.store.readAll({ after, maxCount: 1000 });
      events.push(...page);
      if (page.length < 1000) return events;
      after = page[page.length - 1].position;
    }
  };
  /** The messages of the bus, each as one text: Kafka's topics of the prefix, or the embedded bus's topic streams. */
  const busMessages = async (): Promise<Array<{ topic: string; text: string }>> => {
    if (bus === 'kafka') {
      const { topics, messages } = await readAllTopicMessages(prefix);
      for (const topic of Object.values(TOPICS)) expect(topics).toContain(`${prefix}${topic}`);
      return messages.map((m) => ({ topic: m.topic, text: messageText(m) }));
    }
    const messages: Array<{ topic: string; text: string }> = [];
    for (const name of [...new Set((await allEvents()).map((e) => e.streamId))].filter((s) => s.startsWith('topic-')))
      for (const event of await referrals.store.readStream(name)) messages.push({ topic: name, text: text(event) });
    return messages;
  };
  const count = (findings: Finding[]) => findings.reduce((n, f) => n + f.rows, 0);

  it('leaves nothing the matching key or the name and birth date lead to, in any schema, stream name or topic; a new referral is a new participant', async () => {
    const person = { givenName: 'Philippa', familyName: 'Drummond-Achterberg', dateOfBirth: '1977-11-23' };
    const fullName = `${person.givenName} ${person.familyName}`;
    const officerUser = { subject: `dpd-erasure-${suffix}`, agency: 'DPD', jurisdictions: ['denver'] };
    const officer = await referrals.token('officer', ['denver'], officerUser);
    const arriving = await referrals.token('case_manager', ['denver'], { agency: 'ARTS', subject: 'cm-7' });
    const prosecutor = await prosecution.token('prosecutor', ['denver'], { agency: 'DDA', subject: 'ada-4' });
    const supervisor = await cases.token('supervisor', ['denver'], { agency: 'ARTS', subject: 'sup-1' });
    const caseManager = await cases.token('case_manager', ['denver'], { agency: 'ARTS', subject: 'cm-1' });
    const admin = await referrals.token('program_admin', ['denver'], { subject: 'admin-erasure' });
    const idempotencyKey = `erasure-across-${suffix}`;

    // ---- referrals: the arrest diversion, keyed, and the hand-off.
    const recorded = await referrals.call(
      'POST',
      '/v1/referrals',
      officer,
      denverArrestDiversion({
        referredAt: before(60),
        person: { ...person, address: '19 Shredding Row, Denver', phone: '720-555-0199' },
      }),
      { 'idempotency-key': idempotencyKey },
    );
    expect(recorded.status).toBe(201);
    const referralId = recorded.body.referralId as string;
    const participantId = recorded.body.participantId as string;
    const step = async (token: string, route: string, minutes: number, body: Record<string, unknown> = {}) => {
      const answer = await referrals.call('POST', `/v1/referrals/${referralId}/${route}`, token, {
        ...body,
        at: before(minutes),
      });
      expect(answer.status).toBe(200);
    };
    await step(officer, 'offer-answer', 58, { accepted: true });
    await step(officer, 'lead-line-call', 57);
    await step(arriving, 'case-manager-arrival', 40);
    await step(officer, 'custody-relinquished', 39);

    // ---- prosecution: the matter and the eligibility decision.
    const matter = await eventually(
      () => prosecution.call('GET', `/v1/referrals/${referralId}/matter`, prosecutor),
      (answer) => answer.status === 200 && !!answer.body.officerScreening,
      `the matter of referral ${referralId}`,
      40_000,
    );
    const decided = await prosecution.call(
      'POST',
      `/v1/matters/${matter.body.matterId as string}/eligibility-decision`,
      prosecutor,
      { eligible: true, reasonCode: 'meets_protocol', decidedAt: before(30) },
    );
    expect(decided.status).toBe(200);

    // ---- case management: the case, the intake with the identity, a consent naming the police and the DA.
    const opened = await eventually(
      () =>
        cases.db.query(
          `SELECT case_id FROM "${cases.env.DATABASE_SCHEMA}".participant_cases WHERE participant_id = $1`,
          [participantId],
        ),
      (result) => (result.rowCount ?? 0) === 1,
      `the case of referral ${referralId} to open`,
      40_000,
    );
    const caseId = opened.rows[0].case_id as string;
    expect(
      (await cases.call('POST', `/v1/cases/${caseId}/case-manager`, supervisor, { caseManager: 'cm-1' })).status,
    ).toBe(200);
    const intake = await cases.call('POST', `/v1/cases/${caseId}/intake`, caseManager, {
      completedOn: new Date().toISOString().slice(0, 10), // case management counts UTC days
      place: 'drop-in centre',
      identity: { name: fullName, dateOfBirth: person.dateOfBirth },
      raceEthnicity: ['white'],
      sex: 'female',
    });
    expect(intake.status).toBe(200);
    const consent = await cases.call('POST', `/v1/cases/${caseId}/consents`, caseManager, {
      recipients: ['DPD', 'DDA'],
      scope: ['participation-status'],
      purpose: 'lead-diversion-coordination',
      signedAt: new Date().toISOString(),
      expiresOn: 'participation-ended',
      rightToRevokeExplained: true,
    });
    expect(consent.status).toBe(201);

    // Everything has travelled: the person is in every service's own schema (by the pseudonymous participant id, or
    // their referral, case or matter), and the bus carries the referral's, the case's and the matter's events.
    await eventually(
      () => prosecution.call('GET', `/v1/matters/${matter.body.matterId as string}`, prosecutor),
      (answer) => answer.status === 200 && answer.body.intake !== null && answer.body.intake !== undefined,
      'the intake disclosed under the consent to reach the matter',
      40_000,
    );
    const personIds = [participantId, referralId, caseId, matter.body.matterId as string];
    for (const service of services())
      await eventually(
        async () => count(await findHandles(service.db, [service.env.DATABASE_SCHEMA], personIds)),
        (rows) => rows > 0,
        `the person's ids in ${service.env.DATABASE_SCHEMA}`,
        40_000,
      );
    const travelled = await eventually(
      busMessages,
      (messages) =>
        Object.values(TOPICS).every((topic) =>
          messages.some((m) => m.topic.endsWith(topic) && m.text.includes(participantId)),
        ) && messages.some((m) => m.text.includes('lead.case.consent-recorded')),
      'the participant on every topic',
      40_000,
    );
    expect(travelled.length).toBeGreaterThan(0);

    const registration = referrals.app.get(ParticipantRegistration);
    const keyed = derivableHandles(registration, 'denver', person, [{ ...officerUser, key: idempotencyKey }]);
    const clear = [person.givenName, person.familyName, person.dateOfBirth, fullName];
    const handles = [...keyed, ...clear];
    const schemas = allSchemas();
    expect(schemas).toHaveLength(6); // four services' own, one event store, one key store
    // The scan can see what it looks for: the blind index and its stream, before the erasure.
    const seen = new Set((await findHandles(referrals.db, schemas, handles)).map((f) => f.handle));
    expect(seen).toEqual(new Set(keyed.slice(0, 2)));

    // ---- the erasure, in referrals, by a program admin.
    const erased = await referrals.call('POST', `/v1/participants/${participantId}/erasure`, admin, {
      reasonCode: 'court_order',
    });
    expect(erased).toMatchObject({
      status: 200,
      body: { participantId, participants: [participantId], alreadyErased: false },
    });

    // ---- the scan: every table of every schema, every stream name, every message of every topic.
    const found: string[] = [];
    for (const f of await findHandles(referrals.db, schemas, handles))
      found.push(`table ${f.table}: ${f.rows} row(s) hold ${f.handle}`);
    const streamNames = [...new Set((await allEvents()).map((e) => e.streamId))];
    expect(streamNames).toContain(`participant-${participantId}`);
    const messages = await busMessages();
    expect(messages.length).toBeGreaterThanOrEqual(travelled.length);
    for (const handle of handles) {
      const needle = handle.toLowerCase();
      for (const name of streamNames.filter((n) => n.toLowerCase().includes(needle)))
        found.push(`stream name ${name} holds ${handle}`);
      for (const m of messages.filter((m) => m.text.toLowerCase().includes(needle)))
        found.push(`message on ${m.topic} holds ${handle}: ${m.text.slice(0, 300)}`);
    }
    // And every line any service logged, from its start to now.
    const logLines = services().flatMap((s) => s.logs.lines.map((line) => ({ service: s.env.DATABASE_SCHEMA, line })));
    expect(logLines.length).toBeGreaterThan(0);
    for (const { service, line } of logLines) {
      const logged = JSON.stringify(line).toLowerCase();
      for (const handle of handles.filter((h) => logged.includes(h.toLowerCase())))
        found.push(`log of ${service} holds ${handle}: ${JSON.stringify(line).slice(0, 300)}`);
    }
    expect(found).toEqual([]);

    // ---- the same person referred again: a new participant, with no link to the erased one.
    const again = await referrals.call(
      'POST',
      '/v1/referrals',
      officer,
      denverArrestDiversion({ referredAt: before(5), person }),
    );
    expect(again.status).toBe(201);
    const laterId = again.body.participantId as string;
    const laterReferral = again.body.referralId as string;
    expect(laterId).not.toBe(participantId);
    expect(text(again.body)).not.toContain(participantId);
    const newRecord = text([
      ...(await referrals.store.readStream(`participant-${laterId}`)),
      ...(await referrals.store.readStream(`referral-${laterReferral}`)),
    ]);
    expect(newRecord).not.toContain(participantId);
    expect(newRecord).not.toContain(referralId);
    // Nor in what prosecution opens for it.
    const laterMatter = await eventually(
      () => prosecution.call('GET', `/v1/referrals/${laterReferral}/matter`, prosecutor),
      (answer) => answer.status === 200,
      `the matter of referral ${laterReferral}`,
      40_000,
    );
    expect(laterMatter.body).toMatchObject({ participantId: laterId });
    expect(text(laterMatter.body)).not.toContain(participantId);
  }, 120_000); // Four services, a dozen bus hops and a full scan: on a busy machine, more than the default.
});
