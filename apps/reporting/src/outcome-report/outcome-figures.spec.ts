import { reportingPeriod } from '../reporting-period/reporting-period.js';
import type { ComparisonCohort } from './comparison-cohort.js';
import type { JusticeRecord } from './justice-history.js';
import { outcomeFigures, type OutcomeFiguresInput } from './outcome-figures.js';

const q1 = reportingPeriod('2026-Q1')!;
const record = (
  participantId: string,
  day: string,
  kind: JusticeRecord['kind'],
  more: Partial<JusticeRecord> = {},
) => ({
  participantId,
  day,
  kind,
  felony: false,
  jailDays: 0,
  ...more,
});

/*
 * A entered 10 Jan (followed 263 days to 30 Sep), B 1 Feb (241 days), C 31 Mar (183 days exactly).
 * A: arrested, booked, charged with a felony and released after 4 days in December; arrested on the entry day (the
 *    diverted arrest: neither before nor after); re-arrested on day 50 and charged on day 51.
 * B: arrested on day −153, nothing after. C: prison admission on day 62, re-arrested on day 182, and an arrest after
 *    the extract's end that is not counted.
 */
const entries = [
  { participantId: 'A', entryDay: '2026-01-10' },
  { participantId: 'B', entryDay: '2026-02-01' },
  { participantId: 'C', entryDay: '2026-03-31' },
];
const records = [
  record('A', '2025-12-01', 'arrest'),
  record('A', '2025-12-01', 'booking'),
  record('A', '2025-12-02', 'charge', { felony: true }),
  record('A', '2025-12-05', 'jail_release', { jailDays: 4 }),
  record('A', '2026-01-10', 'arrest'),
  record('A', '2026-03-01', 'arrest'),
  record('A', '2026-03-02', 'charge'),
  record('B', '2025-09-01', 'arrest'),
  record('C', '2026-06-01', 'prison_admission'),
  record('C', '2026-09-29', 'arrest'),
  record('C', '2026-10-05', 'arrest'),
];
// Index quarter 2026-Q1: 2 re-arrested on day 30, 1 censored on day 100, 3 on day 200; 2025-Q4's 5 are not counted.
const comparison: ComparisonCohort = {
  comparisonId: 'X',
  coveredThrough: '2026-09-30',
  survival: [
    {
      district: '1',
      indexYear: 2026,
      indexQuarter: 1,
      equityGroup: 'white',
      day: 30,
      outcome: 'rearrested',
      people: 2,
    },
    { district: '2', indexYear: 2026, indexQuarter: 1, equityGroup: 'white', day: 200, outcome: 'censored', people: 3 },
    {
      district: '1',
      indexYear: 2026,
      indexQuarter: 1,
      equityGroup: 'multiple',
      day: 100,
      outcome: 'censored',
      people: 1,
    },
    {
      district: '1',
      indexYear: 2025,
      indexQuarter: 4,
      equityGroup: 'white',
      day: 10,
      outcome: 'rearrested',
      people: 5,
    },
  ],
};
const input: OutcomeFiguresInput = {
  jurisdiction: 'denver',
  period: q1,
  asOf: new Date('2026-12-01T12:00:00Z'),
  asOfDay: '2026-12-01',
  suppress: false,
  entries,
  records,
  coveredThrough: '2026-09-30',
  comparison,
};

describe('outcomeFigures', () => {
  const report = outcomeFigures(input);

  it('follows each participant from entry to the extract’s last day', () => {
    expect(report.participants).toBe(3);
    expect(report.followUp).toEqual({
      coveredThrough: '2026-09-30',
      censoredOn: '2026-09-30',
      followed: 3,
      followedSixMonths: 3,
      personYears: (263 + 241 + 183) / 365.25,
    });
  });

  it('gives the paired 6-month change: arrests 1,1,0 before against 1,0,1 after', () => {
    const { arrests, charges, felonyCharges } = report.sixMonths;
    expect(arrests).toMatchObject({
      totalBefore: 2,
      totalAfter: 2,
      meanBefore: 2 / 3,
      meanAfter: 2 / 3,
      unstable: true,
    });
    expect(arrests.meanDifference).toBeCloseTo(0, 12);
    // Differences 0, −1, +1: sd 1, t(0.975, 2) = 4.302653 → ±4.302653/√3.
    expect(arrests.lower).toBeCloseTo(-2.48414, 4);
    expect(arrests.upper).toBeCloseTo(2.48414, 4);
    expect(arrests.pValue).toBeCloseTo(1, 12);
    expect(charges).toMatchObject({ totalBefore: 1, totalAfter: 1 });
    expect(felonyCharges).toMatchObject({ totalBefore: 1, totalAfter: 0, meanDifference: -1 / 3 });
  });

  it('uses each participant’s whole follow-up and as many days before entry', () => {
    expect(report.wholeWindow.persons).toBe(3);
    expect(report.wholeWindow.arrests).toMatchObject({ totalBefore: 2, totalAfter: 2 });
    const personYears = 687 / 365.25;
    expect(report.custody.bookings).toEqual({
      before: 1,
      after: 0,
      beforePerPersonYear: 1 / personYears,
      afterPerPersonYear: 0,
      unstable: true,
    });
    expect(report.custody.jailDays).toMatchObject({ before: 4, after: 0, beforePerPersonYear: 4 / personYears });
    expect(report.custody.prisonAdmissions).toMatchObject({ before: 0, after: 1 });
  });

  it('draws the time to first re-arrest for participants and the comparison, with the log-rank test', () => {
    const { participants, comparison: other, logRank } = report.rearrest;
    expect(participants).toMatchObject({ persons: 3, rearrested: 2, medianDays: 182, shownWhileAtRiskAtLeast: null });
    expect(
      participants.steps.map(({ day, atRisk, events, censored, survival }) => [
        day,
        atRisk,
        events,
        censored,
        survival,
      ]),
    ).toEqual([
      [50, 3, 1, 0, 1 - 1 / 3],
      [182, 2, 1, 0, (1 - 1 / 3) * (1 - 1 / 2)],
      [241, 1, 0, 1, (1 - 1 / 3) * (1 - 1 / 2)],
    ]);
    expect(other?.steps.map(({ day, atRisk, survival }) => [day, atRisk, survival])).toEqual([
      [30, 6, 1 - 2 / 6],
      [100, 4, 1 - 2 / 6],
      [200, 3, 1 - 2 / 6],
    ]);
    expect(other).toMatchObject({ persons: 6, rearrested: 2, medianDays: null });
    // E₁ = 3·2/9 + 3·1/7 + 2·1/5 at days 30, 50, 182.
    expect(logRank?.observedFirst).toBe(2);
    expect(logRank?.observedSecond).toBe(2);
    expect(logRank?.expectedFirst).toBeCloseTo(2 / 3 + 3 / 7 + 2 / 5, 12);
  });

  it('compares any arrest within 183 days, leaving out comparison people censored before', () => {
    const within = report.arrestWithinSixMonths;
    expect(within.participants).toEqual({ persons: 3, arrested: 2, share: { value: 2 / 3, unstable: true } });
    expect(within.comparison).toEqual({ persons: 5, arrested: 2, share: { value: 2 / 5, unstable: true } });
    expect(within.comparisonCensoredBefore).toBe(1);
    // (2·3)/(1·2) = 3; Woolf: exp(ln 3 ± 1.96·√(1/2 + 1 + 1/2 + 1/3)).
    expect(within.oddsRatio?.oddsRatio).toBeCloseTo(3, 12);
    expect(within.oddsRatio?.corrected).toBe(false);
    expect(within.oddsRatio?.lower).toBeCloseTo(Math.exp(Math.log(3) - 1.959964 * Math.sqrt(7 / 3)), 5);
  });

  it('knows nothing after entry before any import: no follow-up, no curve', () => {
    const none = outcomeFigures({ ...input, coveredThrough: null, comparison: null });
    expect(none.participants).toBe(3);
    expect(none.followUp).toMatchObject({ censoredOn: null, followed: 0, personYears: null });
    expect(none.rearrest.participants.steps).toEqual([]);
    expect(none.sixMonths.arrests.meanBefore).toBeNull();
    expect(none.arrestWithinSixMonths.oddsRatio).toBeNull();
  });

  it('censors at the report’s day when it is earlier than the extract’s', () => {
    const early = outcomeFigures({ ...input, asOf: new Date('2026-06-30T12:00:00Z'), asOfDay: '2026-06-30' });
    expect(early.followUp).toMatchObject({ censoredOn: '2026-06-30', followed: 3, followedSixMonths: 0 });
  });

  it('withholds small cells from an evaluator, and curve steps with fewer than 11 at risk', () => {
    expect(outcomeFigures({ ...input, suppress: true })).toMatchObject({
      participants: null,
      sixMonths: { arrests: { totalBefore: null, meanBefore: null, meanDifference: null } },
      rearrest: { participants: { persons: null, steps: [] }, logRank: null },
      arrestWithinSixMonths: { oddsRatio: null },
    });
    // 12 entered 10 Jan: re-arrested on days 10 and 20, the other ten followed 263 days without one.
    const twelve = Array.from({ length: 12 }, (_, i) => ({ participantId: `P${i}`, entryDay: '2026-01-10' }));
    const larger = outcomeFigures({
      ...input,
      suppress: true,
      entries: twelve,
      records: [record('P0', '2026-01-20', 'arrest'), record('P1', '2026-01-30', 'arrest')],
      comparison: null,
    });
    expect(larger.participants).toBe(12);
    expect(larger.rearrest.participants).toEqual({
      persons: 12,
      rearrested: null,
      medianDays: null,
      shownWhileAtRiskAtLeast: 11,
      steps: [
        expect.objectContaining({ day: 10, atRisk: 12, events: null, censored: null, survival: 11 / 12 }),
        expect.objectContaining({ day: 20, atRisk: 11, events: null, censored: null, survival: (11 / 12) * (10 / 11) }),
      ],
    });
  });
});
