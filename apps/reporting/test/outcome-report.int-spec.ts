import { randomUUID } from 'node:crypto';
import type { MessageSubject } from '@lead/testing';
import type { CostReport } from '../src/cost-report/cost-report.js';
import type { MonthlySeries } from '../src/monthly-series/monthly-series.js';
import type { OutcomeReport } from '../src/outcome-report/outcome-report.js';
import { call, eventually, publish, startReportingApp, type ReportingApp } from './reporting-app.js';

const at = (d: string) => `${d}T17:00:00Z`;
const IMPORTED_AT = '2026-10-05T12:00:00.000Z';

/*
 * Denver 2026-Q1 (docs/reporting-outcomes.md). P1 entered 10 Jan: arrested, booked, charged (felony) and 4 days in
 * jail in December; arrested on the entry day (the diverted arrest); re-arrested 1 March, charged 2 March; homeless
 * in December, permanently housed with income in February; case open since entry. P2 entered 1 Feb: arrested in
 * September 2025; case 1 Feb – 1 Mar. P3 entered 31 Mar: prison admission 1 June, re-arrested 29 Sep. P4 was
 * referred in February and declined: not a participant. The justice import, complete through 30 Sep 2026, and a
 * comparison cohort of 6 people indexed in 2026-Q1 were recorded on 5 October.
 */
describe('the outcome, monthly-series and cost reports', () => {
  let app: ReportingApp;
  let admin: string;
  let published = 0;
  const importId = randomUUID();

  async function send(subject: MessageSubject, type: Parameters<typeof publish>[2], data: unknown, time: string) {
    await publish(app, subject, type, data as never, time);
    published += 1;
  }
  const subjectOf = (jurisdiction = 'denver') => ({
    participantId: randomUUID(),
    jurisdiction,
    correlationId: randomUUID(),
  });
  async function refer(subject: MessageSubject, day: string, accepted: boolean) {
    const referralId = randomUUID();
    await send(
      subject,
      'lead.referral.recorded',
      {
        referralId,
        door: 'arrest_diversion',
        district: 'D1',
        referredBy: { agency: 'DPD', staffId: 'officer-1' },
        referredAt: at(day),
        offenseCode: 'CO-18-18-403.5',
        protocolVersion: '2018-07',
      },
      at(day),
    );
    if (accepted) await send(subject, 'lead.referral.accepted', { referralId, acceptedAt: at(day) }, at(day));
    return referralId;
  }
  async function justice(subject: MessageSubject, occurredOn: string, kind: string, more: object = {}) {
    await send(
      subject,
      'lead.justice.record-imported',
      { occurredOn, kind, district: '1', importId, coveredThrough: '2026-09-30', ...more },
      IMPORTED_AT,
    );
  }
  async function snapshot(subject: MessageSubject, caseId: string, month: string, more: object) {
    await send(
      subject,
      'lead.case.monthly-snapshot-recorded',
      {
        caseId,
        month,
        housingStatus: 'homeless',
        employmentStatus: 'not_employed_looking',
        income: 'no',
        nonCashBenefits: 'no',
        healthInsurance: 'no',
        contacts: 3,
        outreachAttempts: 0,
        ...more,
      },
      at(`${month}-28`),
    );
  }

  beforeAll(async () => {
    app = await startReportingApp({}, new Date('2026-12-03T12:00:00Z'));
    admin = await app.token('program_admin', ['denver']);
    const [p1, p2, p3, p4] = [subjectOf(), subjectOf(), subjectOf(), subjectOf()];
    const r1 = await refer(p1, '2026-01-10', true);
    const r2 = await refer(p2, '2026-02-01', true);
    await refer(p3, '2026-03-31', true);
    await refer(p4, '2026-02-10', false);
    await refer(subjectOf('hartford-new-haven'), '2026-02-10', true);
    const c1 = randomUUID();
    const c2 = randomUUID();
    await send(
      p1,
      'lead.case.opened',
      { caseId: c1, referralId: r1, providerAgency: 'ARTS', openedAt: at('2026-01-10') },
      at('2026-01-10'),
    );
    await send(
      p2,
      'lead.case.opened',
      { caseId: c2, referralId: r2, providerAgency: 'ARTS', openedAt: at('2026-02-01') },
      at('2026-02-01'),
    );
    await send(
      p2,
      'lead.case.exited',
      { caseId: c2, reason: 'moved_away', exitedAt: at('2026-03-01') },
      at('2026-03-01'),
    );
    await snapshot(p1, c1, '2025-12', {});
    await snapshot(p1, c1, '2026-02', { housingStatus: 'permanent', income: 'yes' });

    await justice(p1, '2025-12-01', 'arrest');
    await justice(p1, '2025-12-01', 'booking');
    await justice(p1, '2025-12-02', 'charge', { offenseCode: 'CO-18-18-403.5', felony: true });
    await justice(p1, '2025-12-05', 'jail_release', { jailDays: 4 });
    await justice(p1, '2026-01-10', 'arrest');
    await justice(p1, '2026-03-01', 'arrest');
    await justice(p1, '2026-03-02', 'charge', { offenseCode: 'CO-18-18-403.5', felony: false });
    await justice(p2, '2025-09-01', 'arrest');
    await justice(p3, '2026-06-01', 'prison_admission');
    await justice(p3, '2026-09-29', 'arrest');
    const survival = (day: number, outcome: string, people: number, indexQuarter = 1) => ({
      district: '1',
      indexYear: 2026,
      indexQuarter,
      equityGroup: 'white',
      day,
      outcome,
      people,
    });
    await send(
      { participantId: randomUUID(), jurisdiction: 'denver', correlationId: randomUUID() },
      'lead.justice.comparison-counted',
      {
        comparisonId: randomUUID(),
        importId,
        coveredThrough: '2026-09-30',
        part: 1,
        parts: 1,
        counts: [
          {
            district: '1',
            month: '2026-01',
            equityGroup: 'white',
            arrests: 6,
            charges: 4,
            felonyCharges: 1,
            bookings: 5,
            jailDays: 12,
            prisonAdmissions: 0,
          },
        ],
        survival: [
          survival(30, 'rearrested', 2),
          survival(100, 'censored', 1),
          survival(200, 'censored', 3),
          survival(10, 'rearrested', 5, 3),
        ],
      },
      IMPORTED_AT,
    );
    await eventually(
      async () => (await app.db.query(`SELECT count(*)::int AS n FROM "${app.schema}".program_facts`)).rows[0].n,
      (n: number) => n === published,
      'every published event to be projected',
    );
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  const get = async (route: string, query: string, token = admin) => call(app, `/v1/reports/${route}?${query}`, token);
  const q1 = 'jurisdiction=denver&period=2026-Q1';

  it('gives a program admin the UW outcome measures of the quarter’s entrants exactly', async () => {
    const answer = await get('outcomes', q1);
    expect(answer.status).toBe(200);
    const body = answer.body as unknown as OutcomeReport;
    expect(body.participants).toBe(3);
    expect(body.followUp).toEqual({
      coveredThrough: '2026-09-30',
      censoredOn: '2026-09-30',
      followed: 3,
      followedSixMonths: 3,
      personYears: (263 + 241 + 183) / 365.25,
    });
    expect(body.sixMonths.arrests).toMatchObject({ totalBefore: 2, totalAfter: 2, meanBefore: 2 / 3, unstable: true });
    expect(body.sixMonths.felonyCharges).toMatchObject({ totalBefore: 1, totalAfter: 0 });
    expect(body.custody.jailDays).toMatchObject({ before: 4, after: 0 });
    expect(body.custody.prisonAdmissions).toMatchObject({ before: 0, after: 1 });
    expect(body.rearrest.participants.steps.map((s) => [s.day, s.atRisk, s.events])).toEqual([
      [50, 3, 1],
      [182, 2, 1],
      [241, 1, 0],
    ]);
    expect(body.rearrest.comparison).toMatchObject({ persons: 6, rearrested: 2 });
    expect(body.rearrest.logRank?.expectedFirst).toBeCloseTo(2 / 3 + 3 / 7 + 2 / 5, 9);
    expect(body.arrestWithinSixMonths).toMatchObject({
      participants: { persons: 3, arrested: 2 },
      comparison: { persons: 5, arrested: 2 },
      comparisonCensoredBefore: 1,
      oddsRatio: { corrected: false },
    });
    expect(body.arrestWithinSixMonths.oddsRatio?.oddsRatio).toBeCloseTo(3, 9);
  });

  it('knows no follow-up as of before the import was recorded', async () => {
    const body = (await get('outcomes', `${q1}&asOf=2026-10-01T00:00:00Z`)).body as unknown as OutcomeReport;
    expect(body.participants).toBe(3);
    expect(body.followUp).toMatchObject({ coveredThrough: null, followed: 0 });
    expect(body.rearrest.comparison).toBeNull();
  });

  it('gives the monthly series against each person’s baseline', async () => {
    const answer = await get('monthly-series', q1);
    expect(answer.status).toBe(200);
    const body = answer.body as unknown as MonthlySeries;
    expect(body.baseline).toEqual({ monthBeforeReferral: 1, firstSnapshot: 0, none: 2 });
    expect(body.months[0]).toMatchObject({ monthAfterEntry: 1, reached: 3, persons: 1, income: 1 });
    expect(body.months[0].againstBaseline.permanentHousing).toMatchObject({ baseline: 0, now: 1 });
  });

  it('prices the legal-system cost before and after entry with the protocol’s unit costs, savings unclamped', async () => {
    const answer = await get('cost', q1);
    expect(answer.status).toBe(200);
    const body = answer.body as unknown as CostReport;
    expect(body.assumptions.protocolVersion).toBe('2018-07');
    expect(body.assumptions.unitCosts).toEqual(
      expect.arrayContaining([
        { name: 'jailDay', value: 175, source: 'protocol', unpublished: true },
        { name: 'defenseCase', value: 1800, source: 'default', unpublished: true },
      ]),
    );
    // Before: 4 jail days, 1 booking, 1 charge (prosecution and defense), 2 arrests × 3 h × 75; after: 1 charge, 2 arrests.
    expect(body.legalSystem.total).toEqual({ before: 700 + 480 + 3600 + 450, after: 3600 + 450, change: -1180 });
    expect(body.program.periodParticipantMonths).toBeCloseTo((81 + 28) / 30.4375, 9);
    const cohortCost = ((263 + 27) / 30.4375) * 700;
    expect(body.program.cohortCost).toBeCloseTo(cohortCost, 9);
    expect(body.estimate.savings).toBeCloseTo(1180 - cohortCost, 9);
  });

  it('withholds small cells from an evaluator', async () => {
    const evaluator = await app.token('evaluator', ['denver']);
    const outcomes = (await get('outcomes', q1, evaluator)).body as unknown as OutcomeReport;
    expect(outcomes).toMatchObject({
      suppressedBelow: 11,
      participants: null,
      sixMonths: { arrests: { totalBefore: null, meanDifference: null } },
      rearrest: { participants: { persons: null, steps: [] }, comparison: { persons: null, steps: [] }, logRank: null },
      arrestWithinSixMonths: { oddsRatio: null },
    });
    const series = (await get('monthly-series', q1, evaluator)).body as unknown as MonthlySeries;
    expect(series.months[0]).toMatchObject({ persons: null, income: null });
    const cost = (await get('cost', q1, evaluator)).body as unknown as CostReport;
    expect(cost.legalSystem.total).toEqual({ before: null, after: null, change: null });
    expect(cost.estimate.savings).toBeNull();
  });

  it('answers 404 for another jurisdiction, 403 to an officer, 400 naming a bad field', async () => {
    const officer = await app.token('officer', ['denver']);
    for (const route of ['outcomes', 'monthly-series', 'cost']) {
      expect((await get(route, 'jurisdiction=hartford-new-haven&period=2026-Q1')).status).toBe(404);
      expect((await get(route, q1, officer)).status).toBe(403);
      for (const [query, field] of [
        ['jurisdiction=denver&period=2026-13', 'period'],
        [`${q1}&district=D1`, 'district'],
        [`${q1}&asOf=soon`, 'asOf'],
      ]) {
        const answer = await get(route, query);
        expect({ route, query, status: answer.status }).toEqual({ route, query, status: 400 });
        expect(JSON.stringify(answer.body)).toContain(field);
      }
    }
  });
});
