import { randomBytes } from 'node:crypto';
import type { RecordedEvent } from '@lead/event-store';
import { CaseManagementModule } from '../apps/case-management/src/case-management.module.js';
import { ProsecutionModule } from '../apps/prosecution/src/prosecution.module.js';
import { ReferralsModule } from '../apps/referrals/src/referrals.module.js';
import { noScreeningConcerns } from '../apps/referrals/test/referrals-app.js';
import { busSettings, eventually, startService, type RunningService, stopServices } from './support/running-service.js';

const MINUTE = 60_000;
const CASE_WORK = { 'x-purpose-of-use': 'case-management' };

/*
 * San Luis Valley, where "clients are on pre-determined criteria at the discretion of the District Attorney's
 * Office": a participant referred by social contact (protocol 2026-12, in force now) accepts, and case management
 * opens their case with CRP. The DA's office (DA12, also the liaison) records a new charge and coordinates it with
 * the plan: the case shows a `legalMatters` entry, kind and day only. Then the DA terminates the participant on one
 * of the protocol's criteria: case management, whose San Luis Valley program has `terminationCriteria: true`, exits
 * the case with `terminated_by_prosecutor_criteria` and the criterion's code, once, attributed to the DA. Both buses.
 */
describe.each(['embedded', 'kafka'] as const)("a termination on the DA's criteria, BUS=%s", (bus) => {
  const suffix = randomBytes(5).toString('hex');
  const prefix = `t${suffix}.`;
  let referrals: RunningService;
  let prosecution: RunningService;
  let cases: RunningService;

  beforeAll(async () => {
    const shared = {
      EVENT_STORE_SCHEMA: `test_termination_es_${suffix}`,
      KEY_STORE_SCHEMA: `test_termination_keys_${suffix}`,
      ...(await busSettings(bus, prefix)),
    };
    referrals = await startService(ReferralsModule, 'termination_referrals', shared);
    prosecution = await startService(ProsecutionModule, 'termination_prosecution', shared);
    cases = await startService(CaseManagementModule, 'termination_cases', shared);
  });

  afterAll(async () => {
    await stopServices(cases, prosecution, referrals);
  });

  const streamOf = (service: RunningService, stream: string): Promise<RecordedEvent[]> =>
    service.store.readStream(stream).catch(() => []);

  it("exits the case on the DA's criterion, after the liaison's coordination shows on the case", async () => {
    const officer = await referrals.token('officer', ['san-luis-valley'], { agency: 'APD', subject: 'apd-3' });
    const da = await prosecution.token('prosecutor', ['san-luis-valley'], { agency: 'DA12', subject: 'da12-1' });
    const supervisor = await cases.token('supervisor', ['san-luis-valley'], { agency: 'CRP', subject: 'crp-sup-1' });
    const now = Date.now();

    // ---- referrals: a social contact, accepted on the spot.
    const recorded = await referrals.call('POST', '/v1/referrals', officer, {
      door: 'social_contact',
      jurisdiction: 'san-luis-valley',
      district: 'alamosa',
      referredAt: new Date(now - 30 * MINUTE).toISOString(),
      area: 'ALAMOSA-1',
      person: { givenName: 'Rae', familyName: 'Lopez', dateOfBirth: '1990-01-01' },
      screening: noScreeningConcerns,
    });
    expect(recorded.status).toBe(201);
    const referralId = recorded.body.referralId as string;
    const participantId = recorded.body.participantId as string;
    const accepted = await referrals.call('POST', `/v1/referrals/${referralId}/offer-answer`, officer, {
      accepted: true,
      at: new Date(now - 25 * MINUTE).toISOString(),
    });
    expect(accepted).toMatchObject({ status: 200, body: { status: 'accepted' } });

    // ---- case management: the case, with San Luis Valley's provider.
    const opened = await eventually(
      () =>
        cases.db.query(
          `SELECT case_id FROM "${cases.env.DATABASE_SCHEMA}".participant_cases WHERE participant_id = $1`,
          [participantId],
        ),
      (result) => (result.rowCount ?? 0) === 1,
      `the case of referral ${referralId} to open`,
    );
    const caseId = opened.rows[0].case_id as string;
    const caseRead = () => cases.call('GET', `/v1/cases/${caseId}`, supervisor, undefined, CASE_WORK);
    expect((await caseRead()).body.clinical).toMatchObject({
      case: { providerAgency: 'CRP', legalMatters: [], exits: [] },
    });

    // ---- prosecution: the case reached the participant's coordination.
    await eventually(
      () => streamOf(prosecution, `coordination-${participantId}`),
      (events) => events.some((event) => event.type === 'CaseNoted'),
      'the case to reach the coordination',
    );

    // The DA records a new charge; as the liaison it coordinates it with the plan.
    const charged = await prosecution.call('POST', `/v1/participants/${participantId}/legal-matters`, da, {
      kind: 'new_charge',
      jurisdiction: 'san-luis-valley',
      occurredOn: new Date(now - 24 * 60 * MINUTE).toISOString().slice(0, 10),
    });
    expect(charged.status).toBe(201);
    const legalMatterId = (charged.body.legalMatters as Array<{ legalMatterId: string }>)[0]!.legalMatterId;
    const coordinated = await prosecution.call(
      'POST',
      `/v1/participants/${participantId}/legal-matters/${legalMatterId}/decision`,
      da,
      { decision: 'coordinate', reasonCode: 'plan_addresses_conduct' },
    );
    expect(coordinated.status).toBe(200);
    const since = (coordinated.body.legalMatters as Array<{ since: string }>)[0]!.since;

    // ---- case management: the entry on the case, kind, status and day; nothing of the offense.
    const withMatter = await eventually(
      caseRead,
      (answer) => answer.status === 200 && JSON.stringify(answer.body).includes(legalMatterId),
      'the coordinated legal matter to show on the case',
    );
    const caseRecord = (withMatter.body.clinical as { case: Record<string, unknown> }).case;
    expect(caseRecord.legalMatters).toEqual([{ legalMatterId, kind: 'new_charge', status: 'coordinate', since }]);
    expect(JSON.stringify(caseRecord.legalMatters)).not.toMatch(/offense|DA12/);

    // ---- prosecution: the DA's termination, on a criterion of San Luis Valley's 2026-12 list.
    const terminated = await prosecution.call('POST', `/v1/participants/${participantId}/termination`, da, {
      criterionCode: 'new_violent_felony',
    });
    expect(terminated.status).toBe(200);

    // ---- case management: the case exits with the prosecutor's reason and the criterion's code.
    const exited = await eventually(
      caseRead,
      (answer) => (answer.body.clinical as { case: { exits: unknown[] } } | undefined)?.case.exits.length === 1,
      'the case to exit',
    );
    expect((exited.body.clinical as { case: Record<string, unknown> }).case.exits).toEqual([
      expect.objectContaining({
        reason: 'terminated_by_prosecutor_criteria',
        criterionCode: 'new_violent_felony',
        destination: '30',
        reenrolledAt: null,
      }),
    ]);
    expect(exited.body).toMatchObject({ status: { exited: true } });

    // Once, attributed to the deciding prosecutor, recorded by the system.
    const caseEvents = await streamOf(cases, `case-${caseId}`);
    const exits = caseEvents.filter((event) => event.type === 'CaseExited');
    expect(exits).toHaveLength(1);
    expect(exits[0]!.data).toMatchObject({
      reason: 'terminated_by_prosecutor_criteria',
      by: { subject: 'da12-1', agency: 'DA12' },
      termination: { criterionCode: 'new_violent_felony', protocolVersion: '2026-12' },
    });
    expect(exits[0]!.metadata).toMatchObject({ actor: { role: 'system' } });

    // ---- prosecution: the exit comes back over lead.cases.v1 as the published `lead.case.exited`.
    await eventually(
      () => streamOf(prosecution, `coordination-${participantId}`),
      (events) => events.some((event) => event.type === 'ExitNoted'),
      'the exit to reach the coordination',
    );
  });
});
