import { rateOf, SMALL_CELL_MINIMUM } from '@lead/disclosure-control';
import type { ProgramEntry } from '../outcome-report/justice-history.js';
import { reportedPeriod } from '../outcome-report/reported-period.js';
import { FigureTable, type Count } from '../program-report/figure-table.js';
import { lastDayOfMonth, type ReportingPeriod } from '../reporting-period/reporting-period.js';
import type { MonthlySnapshot } from './monthly-snapshots.js';
import type { AgainstBaseline, MonthlySeries, SeriesMonth } from './monthly-series.js';

export const SERIES_MONTHS = 18;
/** A first snapshot this many months after the entry month at most can stand in for the month before referral. */
export const FIRST_SNAPSHOT_WITHIN_MONTHS = 2;

export const HOUSING_GROUPS = [
  'homeless',
  'institutional',
  'temporary',
  'permanent',
  'other',
  'client_doesnt_know',
  'client_prefers_not_to_answer',
  'data_not_collected',
] as const;
export const EMPLOYMENT_STATUSES = [
  'employed_full_time',
  'employed_part_time',
  'employed_seasonal',
  'not_employed_looking',
  'not_employed_not_looking',
  'unable_to_work',
  'client_doesnt_know',
  'client_prefers_not_to_answer',
  'data_not_collected',
] as const;

/** The indicators compared with the baseline: each a yes or no of one snapshot. */
const INDICATORS = {
  permanentHousing: (s: MonthlySnapshot) => s.housingStatus === 'permanent',
  homeless: (s: MonthlySnapshot) => s.housingStatus === 'homeless',
  employed: (s: MonthlySnapshot) => s.employmentStatus.startsWith('employed_'),
  income: (s: MonthlySnapshot) => s.income === 'yes',
  nonCashBenefits: (s: MonthlySnapshot) => s.nonCashBenefits === 'yes',
  healthInsurance: (s: MonthlySnapshot) => s.healthInsurance === 'yes',
} as const;
type Indicator = keyof typeof INDICATORS;

export interface MonthlySeriesInput {
  jurisdiction: string;
  period: ReportingPeriod;
  asOf: Date;
  asOfDay: string;
  suppress: boolean;
  entries: readonly ProgramEntry[];
  snapshots: readonly MonthlySnapshot[];
}

const monthNumber = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthOf = (n: number) => `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;

/** The person's baseline: the month before referral, else the first snapshot of the entry month or the two after. */
export function baselineOf(
  entryDay: string,
  snapshots: readonly MonthlySnapshot[],
): { source: 'month_before_referral' | 'first_snapshot'; snapshot: MonthlySnapshot } | null {
  const entry = monthNumber(entryDay);
  const before = snapshots.find((s) => monthNumber(s.month) === entry - 1);
  if (before) return { source: 'month_before_referral', snapshot: before };
  const first = snapshots
    .filter((s) => monthNumber(s.month) >= entry && monthNumber(s.month) <= entry + FIRST_SNAPSHOT_WITHIN_MONTHS)
    .sort((a, b) => a.month.localeCompare(b.month))[0];
  return first ? { source: 'first_snapshot', snapshot: first } : null;
}

/**
 * The monthly series of the participants who entered in the period. Each month's groups add up to the people with a
 * snapshot of it, and those with the people who had reached it, so an evaluator's copy withholds small cells and
 * what gives them back; a share over a withheld count is withheld with it. Pure.
 */
export function monthlySeriesFigures(input: MonthlySeriesInput): MonthlySeries {
  const t = new FigureTable();
  const byPerson = new Map<string, MonthlySnapshot[]>();
  for (const s of input.snapshots) byPerson.set(s.participantId, [...(byPerson.get(s.participantId) ?? []), s]);
  const people = input.entries.map((entry) => {
    const snapshots = byPerson.get(entry.participantId) ?? [];
    return { entry, snapshots, baseline: baselineOf(entry.entryDay, snapshots) };
  });

  t.count('participants', people.length);
  const sources = ['month_before_referral', 'first_snapshot'] as const;
  for (const source of sources)
    t.count(`baseline.${source}`, people.filter((p) => p.baseline?.source === source).length);
  t.count('baseline.none', people.filter((p) => !p.baseline).length);
  t.sum('participants', ['baseline.month_before_referral', 'baseline.first_snapshot', 'baseline.none']);

  const months = Array.from({ length: SERIES_MONTHS }, (_, i) => i + 1).map((k) => {
    const p = `m${k}`;
    const reached = people.filter((person) => {
      const month = monthOf(monthNumber(person.entry.entryDay) + k);
      return lastDayOfMonth(month) < input.asOfDay;
    });
    const inMonth = reached.flatMap((person) => {
      const month = monthOf(monthNumber(person.entry.entryDay) + k);
      const snapshot = person.snapshots.find((s) => s.month === month);
      return snapshot ? [{ person, snapshot }] : [];
    });
    t.count(`${p}.reached`, reached.length);
    t.count(`${p}.persons`, inMonth.length);
    t.impliedCount(`${p}.missing`, reached.length - inMonth.length);
    t.sum(`${p}.reached`, [`${p}.persons`, `${p}.missing`]);
    const groups = (name: string, codes: readonly string[], of: (s: MonthlySnapshot) => string) => {
      const names = codes.map((code) => {
        const n = inMonth.filter(({ snapshot }) => of(snapshot) === code).length;
        return [code, t.count(`${p}.${name}.${code}`, n)] as const;
      });
      const other = inMonth.filter(({ snapshot }) => !codes.includes(of(snapshot))).length;
      t.impliedCount(`${p}.${name}.unlisted`, other);
      t.sum(`${p}.persons`, [...names.map(([, n]) => n), `${p}.${name}.unlisted`]);
      return names;
    };
    const housing = groups('housing', HOUSING_GROUPS, (s) => s.housingStatus);
    const employment = groups('employment', EMPLOYMENT_STATUSES, (s) => s.employmentStatus);
    for (const indicator of ['income', 'nonCashBenefits', 'healthInsurance'] as const)
      t.count(`${p}.${indicator}`, inMonth.filter(({ snapshot }) => INDICATORS[indicator](snapshot)).length);
    const paired = inMonth.filter(({ person }) => person.baseline);
    t.count(`${p}.paired`, paired.length);
    for (const indicator of Object.keys(INDICATORS) as Indicator[]) {
      const is = INDICATORS[indicator];
      t.count(`${p}.paired.${indicator}.baseline`, paired.filter(({ person }) => is(person.baseline!.snapshot)).length);
      t.count(`${p}.paired.${indicator}.now`, paired.filter(({ snapshot }) => is(snapshot)).length);
    }
    return { k, housing, employment };
  });

  const get = t.release(input.suppress);
  const by = (names: ReadonlyArray<readonly [string, string]>) =>
    Object.fromEntries(names.map(([code, name]) => [code, get(name)]));
  const against = (p: string, indicator: Indicator, persons: Count): AgainstBaseline => {
    const baseline = get(`${p}.paired.${indicator}.baseline`);
    const now = get(`${p}.paired.${indicator}.now`);
    return { baseline, now, baselineShare: rateOf(baseline, persons), nowShare: rateOf(now, persons) };
  };
  return {
    jurisdiction: input.jurisdiction,
    period: reportedPeriod(input.period),
    asOf: input.asOf.toISOString(),
    suppressedBelow: input.suppress ? SMALL_CELL_MINIMUM : null,
    participants: get('participants'),
    baseline: {
      monthBeforeReferral: get('baseline.month_before_referral'),
      firstSnapshot: get('baseline.first_snapshot'),
      none: get('baseline.none'),
    },
    months: months.map(({ k, housing, employment }): SeriesMonth => {
      const p = `m${k}`;
      const paired = get(`${p}.paired`);
      return {
        monthAfterEntry: k,
        reached: get(`${p}.reached`),
        persons: get(`${p}.persons`),
        housing: by(housing),
        employment: by(employment),
        income: get(`${p}.income`),
        nonCashBenefits: get(`${p}.nonCashBenefits`),
        healthInsurance: get(`${p}.healthInsurance`),
        againstBaseline: {
          persons: paired,
          permanentHousing: against(p, 'permanentHousing', paired),
          homeless: against(p, 'homeless', paired),
          employed: against(p, 'employed', paired),
          income: against(p, 'income', paired),
          nonCashBenefits: against(p, 'nonCashBenefits', paired),
          healthInsurance: against(p, 'healthInsurance', paired),
        },
      };
    }),
  };
}
