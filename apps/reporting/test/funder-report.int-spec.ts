import { randomUUID } from 'node:crypto';
import type { FunderReport } from '../src/funder-report/funder-report.js';
import { eventually, publish, startReportingApp, type ReportingApp } from './reporting-app.js';

/** SUPRT timeliness from the case events, as JSON and as the CSV a grant report takes; the program summary as CSV. */
describe('the funder report', () => {
  let app: ReportingApp;
  let admin: string;

  beforeAll(async () => {
    app = await startReportingApp({}, new Date('2026-12-03T12:00:00Z'));
    admin = await app.token('program_admin', ['denver']);
    let published = 0;
    for (let i = 0; i < 12; i++) {
      const subject = { participantId: randomUUID(), jurisdiction: 'denver', correlationId: randomUUID() };
      const caseId = randomUUID();
      const referralId = randomUUID();
      const send = async (type: Parameters<typeof publish>[2], data: unknown, time: string) => {
        await publish(app, subject, type, data as never, time);
        published += 1;
      };
      await send(
        'lead.referral.recorded',
        {
          referralId,
          door: 'social_contact',
          district: 'D1',
          referredBy: { agency: 'DPD', staffId: 'officer-3' },
          referredAt: '2026-01-10T17:00:00.000Z',
          protocolVersion: '2026-12',
        },
        '2026-01-10T17:00:00.000Z',
      );
      await send(
        'lead.case.opened',
        { caseId, referralId, providerAgency: 'ARTS', openedAt: '2026-01-12T17:00:00.000Z' },
        '2026-01-12T17:00:00.000Z',
      );
      await send(
        'lead.case.intake-completed',
        { caseId, completedOn: '2026-01-15', releaseOfInformationSigned: true },
        '2026-01-15T17:00:00.000Z',
      );
      // Ten of twelve reassessed in their window (150–210 days after intake), one late, one never.
      if (i < 11) {
        const completedOn = i < 10 ? '2026-07-15' : '2026-08-20';
        await send(
          'lead.case.assessment-completed',
          { caseId, instrument: { id: 'samhsa-suprt', version: '2025-10' }, occasion: 'reassessment', completedOn },
          `${completedOn}T17:00:00.000Z`,
        );
      }
    }
    await eventually(
      async () => (await app.db.query(`SELECT count(*)::int AS n FROM "${app.schema}".program_facts`)).rows[0].n,
      (n: number) => n === published,
      'every published event to be projected',
    );
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  const get = (path: string, token = admin) =>
    fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('counts the reassessments whose window closed in the quarter against the 80% target', async () => {
    const answer = await get('/v1/reports/funder?jurisdiction=denver&period=2026-Q3');
    expect(answer.status).toBe(200);
    const report = (await answer.json()) as FunderReport;
    expect(report.reassessment).toEqual({
      due: 12,
      onTime: 10,
      late: 1,
      missed: 1,
      onTimeRate: { value: 10 / 12, unstable: true },
    });
    expect(report.followUp).toMatchObject({ target: 0.8, met: true });
  });

  it('answers the same as CSV, and the program summary too, withheld cells marked for evaluators', async () => {
    const csv = await get('/v1/reports/funder.csv?jurisdiction=denver&period=2026-Q3');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = (await csv.text()).split('\r\n');
    expect(rows[0]).toBe('measure,value,note');
    expect(rows).toContain('reassessment.due,12,');
    expect(rows).toContain('reassessment.onTime,10,');
    const evaluator = await app.token('evaluator', ['denver']);
    const summary = await (await get('/v1/reports/program.csv?jurisdiction=denver&period=2026-Q1', evaluator)).text();
    expect(summary.split('\r\n')).toContain('referrals.total,12,');
    expect(summary.split('\r\n')).toContain('intake.completed,12,');
    expect(summary.split('\r\n')).toContain('referrals.byDoor.community,0,');
    const officer = await get(
      '/v1/reports/funder.csv?jurisdiction=denver&period=2026-Q3',
      await app.token('officer', ['denver']),
    );
    expect(officer.status).toBe(403);
  });
});
