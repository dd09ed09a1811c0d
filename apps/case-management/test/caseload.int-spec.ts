import { CaseProjectionWorker } from '../src/projections/case-projection.worker.js';
import {
  acceptedReferral,
  call,
  eventually,
  startCaseManagementApp,
  type Answer,
  type CaseManagementApp,
} from './case-management-app.js';

const DAY = 86_400_000;

interface Row {
  caseId: string;
  caseManager: string | null;
  engagement: { level: string };
  intake: { dueOn: string; completedOn: string | null; overdue: boolean };
  assessmentsDue: Array<{ occasion: string; dueOn: string; status: string }>;
  overdueServiceConnections: Array<{ connectionId: string; serviceType: string; status: string; dueOn: string }>;
  exited: boolean;
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) + DAY).toISOString().slice(0, 10);

describe('the caseload: a case manager’s own cases, a supervisor’s provider’s, with what is due', () => {
  let app: CaseManagementApp;
  let supervisor: string;
  let caseManager: string;
  let otherCaseManager: string;
  let tepSupervisor: string;
  let slvSupervisor: string;

  beforeAll(async () => {
    // In the past, so the days requests name stay "not in the future" as the clock moves on.
    app = await startCaseManagementApp({}, new Date(Date.now() - 45 * DAY));
    supervisor = await app.token('supervisor', ['denver'], { agency: 'ARTS', subject: 'arts-sup-1' });
    caseManager = await app.token('case_manager', ['denver'], { agency: 'ARTS', subject: 'arts-cm-1' });
    otherCaseManager = await app.token('case_manager', ['denver'], { agency: 'ARTS', subject: 'arts-cm-2' });
    tepSupervisor = await app.token('supervisor', ['denver'], { agency: 'TEP', subject: 'tep-sup-1' });
    slvSupervisor = await app.token('supervisor', ['san-luis-valley'], { agency: 'ARTS', subject: 'crp-sup-1' });
  });
  afterAll(async () => {
    await app?.close();
  });

  const today = () => app.clock.now().toISOString().slice(0, 10);
  const caseload = async (token: string, query = ''): Promise<Row[]> => {
    const answer = await call(app, 'GET', `/v1/caseload${query}`, token);
    expect(answer.status).toBe(200);
    return (answer.body as { cases: Row[] }).cases;
  };
  const rowOf = async (caseId: string, accept: (row: Row | undefined) => boolean, what: string) =>
    (await eventually(async () => (await caseload(supervisor)).find((row) => row.caseId === caseId), accept, what))!;
  const at = (instant: string) => app.clock.set(new Date(instant));
  const ok = (answer: Answer, status = 200) => {
    expect(answer.status).toBe(status);
    return answer;
  };

  it('lists each case to whoever may reach it, and what falls overdue on the day after its due day', async () => {
    const assigned = await acceptedReferral(app, { handOffAgency: 'ARTS' });
    const unassigned = await acceptedReferral(app);
    ok(await call(app, 'POST', `/v1/cases/${assigned.caseId}/case-manager`, supervisor, { caseManager: 'arts-cm-1' }));

    // Eventually consistent: both rows show once the projection reached them.
    await rowOf(assigned.caseId, (row) => row?.caseManager === 'arts-cm-1', 'the assignment to be projected');
    const fresh = await rowOf(unassigned.caseId, (row) => row !== undefined, 'the unassigned case');
    expect(fresh).toMatchObject({
      caseManager: null,
      engagement: { level: 'engaged' },
      intake: { completedOn: null, overdue: false },
      assessmentsDue: [],
      overdueServiceConnections: [],
      exited: false,
    });
    expect(JSON.stringify(await caseload(supervisor))).not.toMatch(/officer-17|DPD/);

    expect((await caseload(caseManager)).map((row) => row.caseId)).toEqual([assigned.caseId]);
    expect(await caseload(otherCaseManager)).toEqual([]);
    expect(await caseload(tepSupervisor)).toEqual([]);
    expect(await caseload(slvSupervisor)).toEqual([]);
    expect((await caseload(supervisor, '?unassigned=true')).map((row) => row.caseId)).toEqual([unassigned.caseId]);
    expect((await caseload(supervisor, '?caseManager=arts-cm-1')).map((row) => row.caseId)).toEqual([assigned.caseId]);
    expect(await caseload(caseManager, '?unassigned=true')).toEqual([]);

    // Intake today; the entry assessment's window opens with it. A MOUD connection is answered within 2 days.
    const intakeOn = today();
    ok(
      await call(app, 'POST', `/v1/cases/${assigned.caseId}/intake`, caseManager, {
        completedOn: intakeOn,
        place: 'ARTS drop-in centre',
        identity: { name: 'Ana Ruiz', dateOfBirth: '1990-01-02' },
        raceEthnicity: ['white'],
        sex: 'female',
      }),
    );
    const moud = ok(
      await call(app, 'POST', `/v1/cases/${assigned.caseId}/service-connections`, caseManager, {
        serviceType: 'moud',
        provider: 'Denver Health OBOT clinic',
      }),
      201,
    ).body.createdId as string;
    const food = ok(
      await call(app, 'POST', `/v1/cases/${assigned.caseId}/service-connections`, caseManager, {
        serviceType: 'food',
        provider: 'Food bank',
      }),
      201,
    ).body.createdId as string;
    ok(
      await call(app, 'POST', `/v1/cases/${assigned.caseId}/service-connections/${food}/status`, caseManager, {
        status: 'got_help',
      }),
    );
    const worked = await rowOf(
      assigned.caseId,
      (row) => row?.intake.completedOn === intakeOn && row.assessmentsDue.length > 0,
      'the intake to be projected',
    );
    expect(worked.intake.overdue).toBe(false);
    expect(worked.assessmentsDue).toEqual([
      { occasion: 'entry', opensOn: intakeOn, dueOn: worked.assessmentsDue[0]!.dueOn, status: 'open' },
    ]);
    expect(worked.overdueServiceConnections).toEqual([]);
    const entryDueOn = worked.assessmentsDue[0]!.dueOn;
    const moudDueOn = new Date(Date.parse(`${intakeOn}T00:00:00Z`) + 2 * DAY).toISOString().slice(0, 10);

    const seen = async () => (await caseload(caseManager))[0]!;
    at(`${moudDueOn}T23:59:59.999Z`);
    expect((await seen()).overdueServiceConnections).toEqual([]);
    at(`${nextDay(moudDueOn)}T00:00:00.000Z`);
    // The food connection got its answer: only the MOUD one is overdue. Nothing in the row showed that answer
    // before (an answered connection is not listed), so the projection may still be on its way to it.
    const overdue = await eventually(
      seen,
      (row) =>
        row.overdueServiceConnections.length > 0 &&
        row.overdueServiceConnections.every((connection) => connection.connectionId === moud),
      'only the MOUD connection overdue',
    );
    expect(overdue.overdueServiceConnections).toEqual([
      { connectionId: moud, serviceType: 'moud', status: 'referred', dueOn: moudDueOn },
    ]);

    at(`${entryDueOn}T23:59:59.999Z`);
    expect((await seen()).assessmentsDue).toMatchObject([{ occasion: 'entry', status: 'open' }]);
    at(`${nextDay(entryDueOn)}T00:00:00.000Z`);
    expect((await seen()).assessmentsDue).toMatchObject([{ occasion: 'entry', dueOn: entryDueOn, status: 'overdue' }]);

    // Still pending: overdue; answered: no longer listed.
    ok(
      await call(app, 'POST', `/v1/cases/${assigned.caseId}/service-connections/${moud}/status`, caseManager, {
        status: 'pending',
      }),
    );
    await eventually(seen, (row) => row.overdueServiceConnections[0]?.status === 'pending', 'the pending MOUD');
    ok(
      await call(app, 'POST', `/v1/cases/${assigned.caseId}/service-connections/${moud}/status`, caseManager, {
        status: 'got_help',
      }),
    );
    await eventually(seen, (row) => row.overdueServiceConnections.length === 0, 'the MOUD answer');

    // The unassigned case's intake: due on its day, overdue the day after.
    const intakeDueOn = fresh.intake.dueOn;
    at(`${intakeDueOn}T23:59:59.999Z`);
    expect((await caseload(supervisor, '?unassigned=true'))[0]!.intake).toEqual({
      dueOn: intakeDueOn,
      completedOn: null,
      overdue: false,
    });
    at(`${nextDay(intakeDueOn)}T00:00:00.000Z`);
    expect((await caseload(supervisor, '?unassigned=true'))[0]!.intake.overdue).toBe(true);

    // Exited: listed as exited, its intake no longer owed; re-enrolled: back in services.
    ok(await call(app, 'POST', `/v1/cases/${unassigned.caseId}/exit`, supervisor, { reason: 'moved_away' }));
    const exited = await rowOf(unassigned.caseId, (row) => row?.exited === true, 'the exit');
    expect(exited.intake.overdue).toBe(false);
    ok(await call(app, 'POST', `/v1/cases/${unassigned.caseId}/reenrollment`, supervisor, {}));
    await rowOf(unassigned.caseId, (row) => row?.exited === false, 'the re-enrolment');
  });

  it('refuses an unknown or malformed query parameter, naming it', async () => {
    const unknown = await call(app, 'GET', '/v1/caseload?participantName=Ana', supervisor);
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('participantName');
    const malformed = await call(app, 'GET', '/v1/caseload?unassigned=maybe', supervisor);
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body)).toContain('unassigned');
  });

  it('gives the same rows when the projection is rebuilt from the start of the log', async () => {
    const worker = app.app.get(CaseProjectionWorker);
    const table = `"${app.schema}".case_summaries`;
    const rows = async () => (await app.db.query(`SELECT * FROM ${table} ORDER BY case_id`)).rows;
    // The durable timers have moved the assigned case to inactive (30 days without a contact): nothing is pending.
    await eventually(
      () => caseload(caseManager),
      (cases) => cases[0]?.engagement.level === 'inactive',
      'the engagement timers to have fired',
    );
    const before = await rows();
    const listed = await caseload(supervisor);
    expect(before).toHaveLength(2);

    await worker.stop();
    await app.db.query(`DELETE FROM "${app.env.EVENT_STORE_SCHEMA}".checkpoints WHERE subscription_id = $1`, [
      `$all:${worker.checkpointId}`,
    ]);
    await app.db.query(`TRUNCATE ${table}`);
    worker.start();

    await eventually(rows, (now) => JSON.stringify(now) === JSON.stringify(before), 'the rebuilt rows');
    expect(await caseload(supervisor)).toEqual(listed);
  });

  it('pages the caseload, oldest opened first, without repeating or skipping a case', async () => {
    const opened: string[] = [];
    for (let i = 0; i < 3; i++) opened.push((await acceptedReferral(app, { handOffAgency: 'ARTS' })).caseId);
    // Every case this test opened projected (the projection is eventually consistent): then nothing else moves.
    const all = await eventually(
      () => caseload(supervisor, '?limit=500'),
      (rows) => opened.every((caseId) => rows.some((row) => row.caseId === caseId)),
      'the cases to be projected',
    );
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const answer = await call(app, 'GET', `/v1/caseload?limit=2${after ? `&after=${after}` : ''}`, supervisor);
      const page = answer.body as { cases: Row[]; next: string | null };
      expect(page.cases.length).toBeLessThanOrEqual(2);
      seen.push(...page.cases.map((row) => row.caseId));
      after = page.next;
    } while (after !== null);
    expect(seen).toEqual(all.map((row) => row.caseId));
    for (const query of ['?limit=0', '?limit=501', '?after=not-a-case'])
      expect((await call(app, 'GET', `/v1/caseload${query}`, supervisor)).status).toBe(400);
  });
});
