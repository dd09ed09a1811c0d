import type { ReferralJourney } from '../program-journeys/referral-journey.js';
import { reportingPeriod } from '../reporting-period/reporting-period.js';
import { equityFigures, type EquityFiguresInput } from './equity-figures.js';
import { equityGroupOf } from './equity-group.js';

let next = 0;
/** `n` arrest referrals of one group, reaching the points given by their counts (each a subset of the one before). */
function referrals(
  raceEthnicity: string[] | null,
  n: number,
  reached: { screened: number; prosecutor: number; enrolled: number; exited?: number },
): ReferralJourney[] {
  return Array.from({ length: n }, (_, i) => ({
    referralId: `r-${next++}`,
    participantId: `p-${next}`,
    door: 'arrest_diversion',
    district: 'D1',
    referredOn: '2026-07-01',
    screened: i < reached.screened ? 'eligible' : 'ineligible',
    excludedBy: [],
    prosecutor:
      i < reached.screened
        ? { outcome: i < reached.prosecutor ? 'eligible' : 'ineligible', decision: 'confirmed' }
        : null,
    offer: i < reached.enrolled ? 'accepted' : null,
    handOff: null,
    enrolled: i < reached.enrolled,
    closedReason: null,
    intakeCompleted: i < reached.enrolled,
    charge: i < reached.enrolled ? 'held' : null,
    exitReason: i < (reached.exited ?? 0) ? 'moved_away' : null,
    raceEthnicity,
  }));
}

const input = (journeys: ReferralJourney[], suppress = false): EquityFiguresInput => ({
  jurisdiction: 'denver',
  period: reportingPeriod('2026-Q3')!,
  asOf: new Date('2026-12-01T00:00:00Z'),
  journeys,
  comparisonArrests: null,
  suppress,
});

describe('the equity figures', () => {
  const journeys = [
    ...referrals(['white'], 40, { screened: 30, prosecutor: 24, enrolled: 20, exited: 12 }),
    ...referrals(['black_african_american_african'], 40, { screened: 20, prosecutor: 12, enrolled: 10 }),
  ];

  it('gives each group its rate from the point before and its relative rate index against White, with Katz’s interval', () => {
    const report = equityFigures(input(journeys));
    const point = (name: string) => report.decisionPoints.find((p) => p.point === name)!;
    const black = (name: string) => point(name).groups.find((g) => g.group === 'black_african_american_african')!;
    // Screened eligible: 20/40 against 30/40 → 0.5 / 0.75; V = 1/20 − 1/40 + 1/30 − 1/40 = 1/30.
    expect(black('screened_eligible')).toMatchObject({ count: 20, base: 40, rate: { value: 0.5, unstable: false } });
    const screened = black('screened_eligible').relativeRate!;
    expect(screened.index).toBeCloseTo(2 / 3, 10);
    expect(screened.lower).toBeCloseTo((2 / 3) * Math.exp(-1.959963984540054 * Math.sqrt(1 / 30)), 10);
    expect(screened.upper).toBeCloseTo((2 / 3) * Math.exp(1.959963984540054 * Math.sqrt(1 / 30)), 10);
    // Prosecutor: out of the screened-eligible arrests, 12/20 against 24/30.
    expect(black('prosecutor_eligible').relativeRate!.index).toBeCloseTo(0.6 / 0.8, 10);
    // Enrolment: out of the eligible, 10/12 against 20/24: the same rate.
    expect(black('enrolled').relativeRate!.index).toBeCloseTo(1, 10);
    expect(point('enrolled').whole).toEqual({ count: 30, base: 36, rate: { value: 30 / 36, unstable: false } });
    // The reference group has no index of its own; a group of no one has no rate.
    expect(point('enrolled').groups.find((g) => g.group === 'white')!.relativeRate).toBeNull();
    expect(point('enrolled').groups.find((g) => g.group === 'asian_asian_american')).toMatchObject({
      count: 0,
      base: 0,
      rate: { value: null },
      relativeRate: null,
    });
    expect(report.frontDoor).toBeNull();
    expect(report.exitsByReason.find((e) => e.group === 'white')!.byReason.moved_away).toBe(12);
  });

  it('withholds a small group’s cells, what would give them back, and every rate and index over them', () => {
    const small = [...journeys, ...referrals(['asian_asian_american'], 5, { screened: 4, prosecutor: 3, enrolled: 2 })];
    const report = equityFigures(input(small, true));
    expect(report.suppressedBelow).toBe(11);
    const screened = report.decisionPoints.find((p) => p.point === 'screened_eligible')!;
    const asian = screened.groups.find((g) => g.group === 'asian_asian_american')!;
    expect(asian).toMatchObject({ count: null, base: null, rate: { value: null }, relativeRate: null });
    // Every count released is 0 or at least 11.
    // Rates, indexes and their intervals are not counts (an index of exactly 1 is no one).
    const NOT_COUNTS = new Set(['suppressedBelow', 'value', 'index', 'lower', 'upper', 'medianMinutes', 'p90Minutes']);
    const counts: number[] = [];
    const walk = (value: unknown, key = ''): void => {
      if (typeof value === 'number' && Number.isInteger(value) && !NOT_COUNTS.has(key)) counts.push(value);
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
    };
    walk(report);
    expect(counts.filter((n) => n > 0 && n < 11)).toEqual([]);
  });

  it('compares diversion referrals with arrests of the same group where the justice feed counts them', () => {
    const report = equityFigures({
      ...input(journeys),
      comparisonArrests: { districts: ['D1'], byGroup: { white: 400, black_african_american_african: 800 } },
    });
    const black = report.frontDoor!.groups.find((g) => g.group === 'black_african_american_african')!;
    expect(black).toMatchObject({ referrals: 40, arrests: 800, rate: { value: 0.05 } });
    expect(black.relativeRate!.index).toBeCloseTo(0.05 / 0.1, 10);
  });

  it('groups HMIS answers: one answer is its group, several are multiple, none is not recorded', () => {
    expect(equityGroupOf(['white'])).toBe('white');
    expect(equityGroupOf(['white', 'hispanic_latina_e_o'])).toBe('multiple');
    expect(equityGroupOf([])).toBe('not_recorded');
    expect(equityGroupOf(null)).toBe('not_recorded');
    expect(equityGroupOf(['client_prefers_not_to_answer'])).toBe('client_prefers_not_to_answer');
  });
});
