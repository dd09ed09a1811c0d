import { randomUUID } from 'node:crypto';
import { DataKeyStore, PersonalDataCipher } from '@lead/crypto';
import type { EquityReport } from '../src/equity-report/equity-report.js';
import { ErasedDemographicsSweep } from '../src/erasure/erased-demographics-sweep.js';
import { ProgramFactsRebuild } from '../src/rebuild/program-facts-rebuild.js';
import { call, eventually, publish, startReportingApp, type ReportingApp } from './reporting-app.js';

/**
 * Race and ethnicity reach the reports sealed with the participant's key (lead.case.demographics-recorded): the
 * equity report counts them by decision point; the log keeps them sealed; an erased participant's answers are gone
 * from a rebuild. The front door compares diversions with the justice feed's arrests outside LEAD.
 */
describe('the equity report', () => {
  let app: ReportingApp;
  let admin: string;
  let published = 0;
  const erasedParticipant: string[] = [];
  const at = '2026-07-15T17:00:00.000Z';

  beforeAll(async () => {
    app = await startReportingApp({}, new Date('2026-12-03T12:00:00Z'));
    admin = await app.token('program_admin', ['denver']);
    const cipher = app.app.get(PersonalDataCipher);
    const groups: Array<[string[], number, number]> = [
      // answers, referrals, of whom enrolled
      [['white'], 30, 20],
      [['black_african_american_african'], 30, 12],
      [['hispanic_latina_e_o', 'white'], 12, 6],
    ];
    for (const [raceEthnicity, n, enrolledCount] of groups) {
      for (let i = 0; i < n; i++) {
        const subject = { participantId: randomUUID(), jurisdiction: 'denver', correlationId: randomUUID() };
        const referralId = randomUUID();
        const send = async (type: Parameters<typeof publish>[2], data: unknown) => {
          await publish(app, subject, type, data as never, at);
          published += 1;
        };
        await send('lead.referral.recorded', {
          referralId,
          door: 'arrest_diversion',
          district: 'D3',
          referredBy: { agency: 'DPD', staffId: 'officer-2' },
          referredAt: at,
          offenseCode: 'CO-18-18-403.5',
          protocolVersion: '2026-12',
        });
        await send('lead.referral.screened', {
          referralId,
          protocolVersion: '2026-12',
          outcome: 'eligible',
          criteria: [{ criterion: 'divertible_offense', outcome: 'pass' }],
        });
        await send('lead.referral.prosecutor-eligibility-decided', {
          referralId,
          decision: 'confirmed',
          outcome: 'eligible',
          reasonCode: 'meets_protocol',
          prosecutorAgency: 'DDA',
          decidedAt: at,
        });
        if (i >= enrolledCount) continue;
        const caseId = randomUUID();
        await send('lead.referral.accepted', { referralId, acceptedAt: at });
        await send('lead.case.opened', { caseId, referralId, providerAgency: 'ARTS', openedAt: at });
        await send('lead.case.demographics-recorded', {
          caseId,
          recordedAt: at,
          demographics: (await cipher.seal(subject.participantId, { raceEthnicity, sex: 'female' })) as never,
        });
        if (raceEthnicity[0] === 'black_african_american_african' && i === 0)
          erasedParticipant.push(subject.participantId);
      }
    }
    // The justice feed: arrests of people outside LEAD in D3 (and elsewhere, which must not count) in July.
    const cohort = { participantId: randomUUID(), jurisdiction: 'denver', correlationId: randomUUID() };
    const counts = (district: string, equityGroup: string, arrests: number) => ({
      district,
      month: '2026-07',
      equityGroup,
      arrests,
      charges: 0,
      felonyCharges: 0,
      bookings: 0,
      jailDays: 0,
      prisonAdmissions: 0,
    });
    await publish(
      app,
      cohort,
      'lead.justice.comparison-counted',
      {
        comparisonId: randomUUID(),
        importId: randomUUID(),
        coveredThrough: '2026-11-30',
        part: 1,
        parts: 1,
        counts: [
          counts('D3', 'white', 300),
          counts('D3', 'black_african_american_african', 600),
          counts('D9', 'white', 999),
        ],
        survival: [],
      } as never,
      at,
    );
    published += 1;
    await eventually(
      async () => (await app.db.query(`SELECT count(*)::int AS n FROM "${app.schema}".program_facts`)).rows[0].n,
      (n: number) => n === published,
      'every published event to be projected',
    );
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  const equity = async (token = admin) =>
    (await call(app, '/v1/reports/equity?jurisdiction=denver&period=2026-Q3', token)).body as unknown as EquityReport;
  const enrolledOf = (report: EquityReport, group: string) =>
    report.decisionPoints.find((p) => p.point === 'enrolled')!.groups.find((g) => g.group === group)!;

  it('counts each decision point by the race and ethnicity recorded at intake, against White', async () => {
    const report = await equity();
    expect(report.referenceGroup).toBe('white');
    // Race is known from intake: the referrals never enrolled have no answers recorded.
    const referred = report.decisionPoints.find((p) => p.point === 'referred')!;
    expect(referred.whole).toMatchObject({ count: 72, base: 72 });
    expect(referred.groups.find((g) => g.group === 'white')!.count).toBe(20);
    expect(referred.groups.find((g) => g.group === 'multiple')!.count).toBe(6);
    expect(referred.groups.find((g) => g.group === 'not_recorded')!.count).toBe(72 - 38);
    expect(enrolledOf(report, 'black_african_american_african')).toMatchObject({ count: 12, base: 12 });
    // The front door: referrals per arrest outside LEAD in the referrals' district (D3 only).
    expect(report.frontDoor!.districts).toEqual(['D3']);
    const black = report.frontDoor!.groups.find((g) => g.group === 'black_african_american_african')!;
    expect(black).toMatchObject({ referrals: 12, arrests: 600, rate: { value: 12 / 600 } });
    expect(black.relativeRate!.index).toBeCloseTo(12 / 600 / (20 / 300), 10);
  });

  it('keeps the answers sealed in the log, and lets go of an erased participant’s, live and in a rebuild', async () => {
    // (The justice feed's aggregates name groups, of no one: they are not scanned.)
    const logged = await app.db.query(
      `SELECT data::text AS data FROM "${app.schema}".program_log WHERE type <> 'lead.justice.comparison-counted'`,
    );
    expect(logged.rows).toHaveLength(published - 1);
    expect(logged.rows.map((r) => r.data).join('\n')).not.toMatch(/black_african|hispanic_latina|"white"/);
    await app.app.get(DataKeyStore).shred(erasedParticipant[0]);
    // The live facts let go of the answers at the sweep's next run, without waiting for a rebuild.
    expect(await app.app.get(ErasedDemographicsSweep).sweep.runOnce()).toMatchObject({ outcome: 'swept' });
    const swept = await equity();
    expect(enrolledOf(swept, 'black_african_american_african').count).toBe(11);
    expect(enrolledOf(swept, 'not_recorded').count).toBe(1);
    // A rebuild from the log opens nothing for them either.
    await app.app.get(ProgramFactsRebuild).run();
    expect(await equity()).toEqual(swept);
  });

  it('withholds small groups from an evaluator and refuses other roles', async () => {
    const report = await equity(await app.token('evaluator', ['denver']));
    expect(report.suppressedBelow).toBe(11);
    expect(enrolledOf(report, 'multiple').count).toBeNull();
    const officer = await call(
      app,
      '/v1/reports/equity?jurisdiction=denver&period=2026-Q3',
      await app.token('officer', ['denver']),
    );
    expect(officer.status).toBe(403);
    const foreign = await call(
      app,
      '/v1/reports/equity?jurisdiction=denver&period=2026-Q3',
      await app.token('program_admin', ['san-luis-valley']),
    );
    expect(foreign.status).toBe(404);
  });
});
