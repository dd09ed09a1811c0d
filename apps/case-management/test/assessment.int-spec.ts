import {
  acceptedReferral,
  call,
  CASE_WORK,
  startCaseManagementApp,
  type CaseManagementApp,
} from './case-management-app.js';

/** A complete LEAD psychosocial intake (config/instruments/lead-psychosocial-intake/2026-01.json). */
const ANSWERS = {
  'prior-living-situation': '116',
  'current-living-situation': '101',
  'income-from-any-source': '0',
  'non-cash-benefits': '1',
  'health-insurance': '1',
  'physical-disability': '0',
  'developmental-disability': '0',
  'chronic-health-condition': '1',
  'mental-health-disorder': '1',
  'substance-use-disorder': '2',
};

describe('assessments under the instrument the case follows', () => {
  let app: CaseManagementApp;
  let caseManager: string;
  let caseId: string;

  beforeAll(async () => {
    app = await startCaseManagementApp();
    caseManager = await app.token('case_manager', ['denver'], { agency: 'ARTS', subject: 'arts-cm-1' });
    const supervisor = await app.token('supervisor', ['denver'], { agency: 'ARTS', subject: 'arts-sup-1' });
    ({ caseId } = await acceptedReferral(app, { handOffAgency: 'ARTS' }));
    expect(
      (await call(app, 'POST', `/v1/cases/${caseId}/case-manager`, supervisor, { caseManager: 'arts-cm-1' })).status,
    ).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
  });

  const today = () => app.clock.now().toISOString().slice(0, 10);
  const assess = (body: Record<string, unknown>) =>
    call(app, 'POST', `/v1/cases/${caseId}/assessments`, caseManager, body);

  it('records a complete assessment, sealed: the answers never stand in clear in the store', async () => {
    const recorded = await assess({ occasion: 'entry', completedOn: today(), answers: ANSWERS });
    expect(recorded.status).toBe(201);
    const assessmentId = recorded.body.createdId as string;
    const { rows } = await app.db.query<{ data: unknown }>(
      `SELECT data FROM "${app.env.EVENT_STORE_SCHEMA}".events WHERE stream_id = $1 AND event_type = 'AssessmentRecorded'`,
      [`case-${caseId}`],
    );
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows[0]!.data);
    expect(stored).toContain('$sealed');
    expect(stored).not.toMatch(/substance-use-disorder|"116"/);
    // The case manager reads it back, scored.
    const read = await call(app, 'GET', `/v1/cases/${caseId}`, caseManager, undefined, CASE_WORK);
    const assessments = (read.body.clinical as { case: { assessments: Array<Record<string, unknown>> } }).case
      .assessments;
    expect(assessments).toEqual([
      expect.objectContaining({
        assessmentId,
        occasion: 'entry',
        instrument: { id: 'lead-psychosocial-intake', version: '2026-01' },
        answers: ANSWERS,
      }),
    ]);
  });

  it('names every answer that does not fit, and an occasion the schedule does not have', async () => {
    const { ['mental-health-disorder']: _left, ...incomplete } = ANSWERS;
    const wrong = await assess({
      occasion: 'entry',
      completedOn: today(),
      answers: { ...incomplete, 'health-insurance': '7', 'shoe-size': '42' },
    });
    expect(wrong).toMatchObject({ status: 422, body: { code: 'answers_invalid' } });
    const problems = (wrong.body.details as { problems: Array<{ item: string; code: string }> }).problems;
    expect(problems.map((p) => [p.item, p.code]).sort()).toEqual([
      ['health-insurance', 'not_an_option'],
      ['mental-health-disorder', 'required'],
      ['shoe-size', 'unknown_item'],
    ]);
    expect(await assess({ occasion: 'graduation', completedOn: today(), answers: ANSWERS })).toMatchObject({
      status: 422,
      body: { code: 'occasion_unknown' },
    });
  });

  it('refuses free text and nesting in the answer sheet with a 400 naming the field', async () => {
    for (const answers of [
      { 'prior-living-situation': 'under the bridge' },
      { 'prior-living-situation': { code: '116' } },
      ['116'],
    ]) {
      const answer = await assess({ occasion: 'entry', completedOn: today(), answers });
      expect(answer.status).toBe(400);
      expect(JSON.stringify(answer.body)).toContain('answers');
    }
  });
});
