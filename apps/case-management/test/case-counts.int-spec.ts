import {
  acceptedReferral,
  call,
  eventually,
  startCaseManagementApp,
  type Answer,
  type CaseManagementApp,
} from './case-management-app.js';

const DAY = 86_400_000;
const HARTFORD = {
  jurisdiction: 'hartford-new-haven',
  district: 'hartford',
  protocolVersion: '2019-07',
  door: 'social_contact' as const,
  referrer: { subject: 'hpd-1', agency: 'HPD' },
  handOffAgency: 'CT-LEAD-CM',
};
const NO_EXITS = {
  transitioned_out: 0,
  moved_away: 0,
  incarcerated: 0,
  deceased: 0,
  declined_services: 0,
  terminated_by_prosecutor_criteria: 0,
  other: 0,
};

interface Group {
  jurisdiction: string;
  provider: string;
  cases: number | null;
  engagement: Record<string, number | null>;
  intake: { overdue: number | null };
}
interface Program {
  provider: string;
  occasion: string | null;
  followUp: { eligible: number; followedUp: number; rate: number | null; meetsTarget: boolean } | null;
}

describe('case counts and follow-up rates, per program', () => {
  let app: CaseManagementApp;
  let denverAdmin: string;
  let evaluator: string;
  let slvAdmin: string;
  let artsSupervisor: string;
  let ctAdmin: string;
  let ctSupervisor: string;

  beforeAll(async () => {
    // Far enough in the past for a follow-up window (180 ± 30 days) to close before the real today.
    app = await startCaseManagementApp({}, new Date(Date.now() - 250 * DAY));
    denverAdmin = await app.token('program_admin', ['denver'], { agency: 'DENVER-LEAD', subject: 'admin-1' });
    evaluator = await app.token('evaluator', ['denver'], { agency: 'EVAL', subject: 'eval-1' });
    slvAdmin = await app.token('program_admin', ['san-luis-valley'], { agency: 'SLV-LEAD', subject: 'admin-2' });
    artsSupervisor = await app.token('supervisor', ['denver'], { agency: 'ARTS', subject: 'arts-sup-1' });
    ctAdmin = await app.token('program_admin', ['hartford-new-haven'], { agency: 'CT-LEAD', subject: 'admin-3' });
    ctSupervisor = await app.token('supervisor', ['hartford-new-haven'], { agency: 'CT-LEAD-CM', subject: 'ct-sup-1' });
  });
  afterAll(async () => {
    await app?.close();
  });

  const today = () => app.clock.now().toISOString().slice(0, 10);
  const ok = (answer: Answer, status = 200) => {
    expect(answer.status).toBe(status);
    return answer;
  };
  const groups = async (token: string, query = ''): Promise<Group[]> =>
    (ok(await call(app, 'GET', `/v1/cases/counts${query}`, token)).body as { groups: Group[] }).groups;
  const programs = async (token: string): Promise<Program[]> =>
    (ok(await call(app, 'GET', '/v1/cases/follow-up-rate', token)).body as { programs: Program[] }).programs;
  const intake = (caseId: string, token: string) =>
    call(app, 'POST', `/v1/cases/${caseId}/intake`, token, {
      completedOn: today(),
      place: 'Drop-in centre',
      identity: { name: 'Lee Park', dateOfBirth: '1979-05-06' },
      raceEthnicity: ['white'],
      sex: 'female',
    });
  const assessment = (caseId: string, occasion: string) =>
    call(app, 'POST', `/v1/cases/${caseId}/assessments`, ctSupervisor, {
      occasion,
      completedOn: today(),
      answers: { 'interview-outcome': 'completed' },
    });

  it('counts by jurisdiction × provider for program admins, and withholds small cells from evaluators', async () => {
    const inTime = await acceptedReferral(app, { handOffAgency: 'ARTS' });
    const movedAway = await acceptedReferral(app, { handOffAgency: 'ARTS' });
    for (let i = 0; i < 11; i++) await acceptedReferral(app, { handOffAgency: 'TEP' });
    ok(await intake(inTime.caseId, artsSupervisor));
    ok(await call(app, 'POST', `/v1/cases/${movedAway.caseId}/exit`, artsSupervisor, { reason: 'moved_away' }));

    const exact = await eventually(
      () => groups(denverAdmin),
      (found) =>
        JSON.stringify(found).includes('"moved_away":1') &&
        found.some((g) => g.provider === 'TEP' && g.cases === 11) &&
        found.some((g) => g.provider === 'ARTS' && g.intake.overdue === 0 && g.cases === 2),
      'the counts to reach every case',
    );
    expect(exact).toEqual([
      {
        jurisdiction: 'denver',
        provider: 'ARTS',
        cases: 2,
        open: 1,
        exited: 1,
        engagement: { engaged: 1, low: 0, inactive: 0 },
        intake: { completed: 1, withinDeadline: 1, overdue: 0, withinDeadlineRate: 1 },
        exitsByReason: { ...NO_EXITS, moved_away: 1 },
      },
      {
        jurisdiction: 'denver',
        provider: 'TEP',
        cases: 11,
        open: 11,
        exited: 0,
        engagement: { engaged: 11, low: 0, inactive: 0 },
        intake: { completed: 0, withinDeadline: 0, overdue: 0, withinDeadlineRate: null },
        exitsByReason: NO_EXITS,
      },
    ]);

    // The evaluator: ARTS's cells of 1 and 2 withheld, and every cell they could be recovered from; zeros shown.
    const withheld = ok(await call(app, 'GET', '/v1/cases/counts', evaluator)).body as {
      suppressedBelow: number;
      groups: Group[];
    };
    expect(withheld.suppressedBelow).toBe(11);
    expect(withheld.groups).toEqual([
      {
        jurisdiction: 'denver',
        provider: 'ARTS',
        cases: null,
        open: null,
        exited: null,
        engagement: { engaged: null, low: 0, inactive: 0 },
        intake: { completed: null, withinDeadline: null, overdue: 0, withinDeadlineRate: null },
        exitsByReason: { ...NO_EXITS, moved_away: null },
      },
      exact[1],
    ]);

    expect(await groups(slvAdmin)).toEqual([]);
    expect((await groups(denverAdmin, '?provider=TEP')).map((g) => g.provider)).toEqual(['TEP']);
    expect(await groups(denverAdmin, '?jurisdiction=san-luis-valley')).toEqual([]);
    expect((await call(app, 'GET', '/v1/cases/counts', artsSupervisor)).status).toBe(403);
    const unknown = await call(app, 'GET', '/v1/cases/counts?door=community', denverAdmin);
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('door');
  });

  it('answers the share of intakes followed up in the reassessment window, per program', async () => {
    const followed = await acceptedReferral(app, HARTFORD);
    const missed = await acceptedReferral(app, HARTFORD);
    const intakeOn = today();
    for (const { caseId } of [followed, missed]) {
      ok(await intake(caseId, ctSupervisor));
      ok(await assessment(caseId, 'baseline'), 201);
    }
    const ct = (found: Program[]) => found.find((p) => p.provider === 'CT-LEAD-CM');
    const before = await eventually(
      () => programs(ctAdmin),
      (found) => (ct(found) as { cases?: number } | undefined)?.cases === 2,
      'the Hartford cases to be projected',
    );
    expect(before).toEqual([
      {
        jurisdiction: 'hartford-new-haven',
        provider: 'CT-LEAD-CM',
        instrument: { id: 'samhsa-suprt', version: '2025-10' },
        cases: 2,
        occasion: 'reassessment',
        followUp: { eligible: 0, followedUp: 0, rate: null, meetsTarget: false, unstable: true },
      },
    ]);
    expect(await programs(ctSupervisor)).toEqual(before);
    // Denver's instrument repeats its reassessment: its first window is the follow-up (none owed yet). Its
    // supervisor sees their provider only.
    const none = { eligible: 0, followedUp: 0, rate: null, meetsTarget: false, unstable: true };
    expect((await programs(denverAdmin)).map((p) => [p.provider, p.occasion, p.followUp])).toEqual([
      ['ARTS', 'reassessment', none],
      ['TEP', 'reassessment', none],
    ]);
    expect((await programs(artsSupervisor)).map((p) => p.provider)).toEqual(['ARTS']);
    expect((await call(app, 'GET', '/v1/cases/follow-up-rate', evaluator)).status).toBe(403);

    // Reassessed on the window's first day (intake + 150): followed up, counted at once.
    const day = (offset: number) =>
      new Date(Date.parse(`${intakeOn}T00:00:00.000Z`) + offset * DAY).toISOString().slice(0, 10);
    app.clock.set(new Date(`${day(150)}T12:00:00.000Z`));
    ok(await assessment(followed.caseId, 'reassessment'), 201);
    await eventually(
      async () => ct(await programs(ctAdmin))?.followUp,
      (rate) => rate?.eligible === 1,
      'the reassessment to be projected',
    );
    expect(ct(await programs(ctAdmin))?.followUp).toMatchObject({ followedUp: 1, rate: 1, meetsTarget: true });

    // The other's window closes on intake + 210: eligible, not followed up, the day after.
    app.clock.set(new Date(`${day(210)}T23:59:59.999Z`));
    expect(ct(await programs(ctAdmin))?.followUp).toMatchObject({ eligible: 1, followedUp: 1 });
    app.clock.set(new Date(`${day(211)}T00:00:00.000Z`));
    expect(ct(await programs(ctAdmin))?.followUp).toEqual({
      eligible: 2,
      followedUp: 1,
      rate: 0.5,
      meetsTarget: false,
      unstable: true,
    });

    // Months on, Denver's TEP intakes are overdue and, without a contact, the cases inactive (the timers fired).
    const tep = await eventually(
      async () => (await groups(denverAdmin, '?provider=TEP'))[0]!,
      (group) => group.engagement.inactive === 11,
      'the engagement timers to have fired',
    );
    expect(tep.intake.overdue).toBe(11);
  });
});
