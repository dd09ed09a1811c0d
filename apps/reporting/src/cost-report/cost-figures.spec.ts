import { unitCostsOf, type UnitCosts } from '@lead/jurisdictions';
import { reportingPeriod } from '../reporting-period/reporting-period.js';
import { costFigures, type CostFiguresInput } from './cost-figures.js';
import { enrolledDays } from './enrolment.js';

const unitCosts: UnitCosts = {
  currency: 'USD',
  jailDay: 100,
  booking: 400,
  officerHour: 50,
  prosecution: 1000,
  emergencyDepartmentVisit: 2000,
  caseManagementParticipantMonth: 600,
};
const record = (day: string, kind: string, jailDays = 0) =>
  ({ participantId: 'A', day, kind, felony: false, jailDays }) as CostFiguresInput['records'][number];

/*
 * A entered 10 Jan 2026 and is followed 30 days (to 9 Feb). Before entry: arrested, booked, charged, and released
 * after 2 days in jail; after: arrested on day 10 and charged on day 11. A's case ran 10–31 Jan (20 of the
 * follow-up's days); another participant's case, open since December, ran the whole quarter.
 */
const input: CostFiguresInput = {
  jurisdiction: 'denver',
  period: reportingPeriod('2026-Q1')!,
  asOf: new Date('2026-04-15T12:00:00Z'),
  asOfDay: '2026-04-15',
  suppress: false,
  entries: [{ participantId: 'A', entryDay: '2026-01-10' }],
  records: [
    record('2026-01-05', 'arrest'),
    record('2026-01-05', 'booking'),
    record('2026-01-05', 'charge'),
    record('2026-01-07', 'jail_release', 2),
    record('2026-01-20', 'arrest'),
    record('2026-01-21', 'charge'),
  ],
  coveredThrough: '2026-02-09',
  cases: [
    {
      caseId: 'a',
      participantId: 'A',
      changes: [
        { day: '2026-01-10', change: 'opened' },
        { day: '2026-01-31', change: 'exited' },
      ],
    },
    { caseId: 'b', participantId: 'B', changes: [{ day: '2025-12-01', change: 'opened' }] },
  ],
  protocol: { version: '2018-07', unpublished: ['unitCosts.jailDay'] },
  unitCosts: unitCostsOf({ unitCosts }),
};

describe('enrolledDays', () => {
  it('counts from opening or re-enrolment to the day before the exit, within the range', () => {
    const history = {
      caseId: 'c',
      participantId: 'C',
      changes: [
        { day: '2026-01-01', change: 'opened' as const },
        { day: '2026-01-11', change: 'exited' as const },
        { day: '2026-01-21', change: 'reenrolled' as const },
      ],
    };
    expect(enrolledDays(history, '2026-01-05', '2026-01-31')).toBe(6 + 10);
  });
});

describe('costFigures', () => {
  const report = costFigures(input);
  const personMonths = 30 / 30.4375;

  it('prices each category before and after entry over the same days', () => {
    expect(report).toMatchObject({ participants: 1, followed: 1, censoredOn: '2026-02-09', personMonths });
    const byCategory = Object.fromEntries(report.legalSystem.categories.map((c) => [c.category, c]));
    expect(byCategory.jail).toMatchObject({
      before: { count: 2, cost: 200 },
      after: { count: 0, cost: 0 },
      change: -200,
    });
    expect(byCategory.bookings).toMatchObject({ before: { count: 1, cost: 400 }, change: -400 });
    expect(byCategory.prosecution).toMatchObject({ before: { cost: 1000 }, after: { cost: 1000 }, change: 0 });
    // Defense at parity with prosecution, 3 officer hours at 50 an arrest: the documented defaults.
    expect(byCategory.defense).toMatchObject({ before: { cost: 1000 }, after: { cost: 1000 } });
    expect(byCategory.police).toMatchObject({ before: { count: 1, cost: 150 }, after: { count: 1, cost: 150 } });
    expect(byCategory.prison).toMatchObject({ before: { count: 0, cost: null }, change: null });
    expect(report.legalSystem.total).toEqual({ before: 2750, after: 2150, change: -600 });
    expect(report.legalSystem.perPersonMonth.before).toBeCloseTo(2750 / personMonths, 9);
  });

  it('costs the program by the days enrolled, and shows the savings unclamped', () => {
    expect(report.program).toEqual({
      costPerParticipantMonth: 600,
      periodParticipantMonths: (21 + 90) / 30.4375,
      periodCost: ((21 + 90) / 30.4375) * 600,
      cohortParticipantMonths: 20 / 30.4375,
      cohortCost: (20 / 30.4375) * 600,
    });
    const cohortCost = (20 / 30.4375) * 600;
    expect(report.estimate.savings).toBeCloseTo(2750 - 2150 - cohortCost, 9);
    expect(report.estimate.savingsShare).toBeCloseTo((600 - cohortCost) / 2750, 9);
    expect(report.estimate.withProgramPerPersonMonth).toBeCloseTo((2150 + cohortCost) / personMonths, 9);
    // The same history with a costlier program: the loss is shown as such.
    const costly = costFigures({
      ...input,
      unitCosts: unitCostsOf({ unitCosts: { ...unitCosts, caseManagementParticipantMonth: 3000 } }),
    });
    expect(costly.estimate.savings).toBeCloseTo(600 - (20 / 30.4375) * 3000, 9);
    expect(costly.estimate.savings).toBeLessThan(0);
  });

  it('prints every unit cost with its source', () => {
    expect(report.assumptions.protocolVersion).toBe('2018-07');
    expect(report.assumptions.unitCosts).toEqual(
      expect.arrayContaining([
        { name: 'jailDay', value: 100, source: 'protocol', unpublished: true },
        { name: 'booking', value: 400, source: 'protocol', unpublished: false },
        { name: 'defenseCase', value: 1000, source: 'default', unpublished: true },
        { name: 'officerHoursPerArrest', value: 3, source: 'default', unpublished: true },
        { name: 'prisonAdmission', value: null, source: 'default', unpublished: true },
      ]),
    );
  });

  it('withholds from an evaluator the costs of withheld counts and every total they enter', () => {
    const withheld = costFigures({ ...input, suppress: true });
    expect(withheld.participants).toBeNull();
    expect(withheld.legalSystem.categories[0]).toMatchObject({
      before: { count: null, cost: null },
      after: { count: 0, cost: 0 },
    });
    expect(withheld.legalSystem.total).toEqual({ before: null, after: null, change: null });
    expect(withheld.estimate.savings).toBeNull();
  });
});
