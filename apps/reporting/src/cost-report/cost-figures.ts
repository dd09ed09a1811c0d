import { SMALL_CELL_MINIMUM } from '@lead/disclosure-control';
import type { Protocol, ResolvedUnitCosts } from '@lead/jurisdictions';
import { censoringDay } from '../outcome-report/outcome-figures.js';
import {
  aroundEntry,
  DAYS_PER_MONTH,
  historiesOf,
  sumCounts,
  type JusticeRecord,
  type Measure,
  type ProgramEntry,
} from '../outcome-report/justice-history.js';
import { reportedPeriod } from '../outcome-report/reported-period.js';
import { FigureTable } from '../program-report/figure-table.js';
import type { ReportingPeriod } from '../reporting-period/reporting-period.js';
import type { BeforeAfter, CostCategory, CostReport, UnitCostAssumption } from './cost-report.js';
import { enrolledDays, followUpRange, type CaseHistory } from './enrolment.js';

export interface CostFiguresInput {
  jurisdiction: string;
  period: ReportingPeriod;
  asOf: Date;
  asOfDay: string;
  suppress: boolean;
  entries: readonly ProgramEntry[];
  records: readonly JusticeRecord[];
  coveredThrough: string | null;
  /** Every case of the jurisdiction (program cost in the period), the cohort's among them. */
  cases: readonly CaseHistory[];
  protocol: Pick<Protocol, 'version' | 'unpublished'>;
  unitCosts: ResolvedUnitCosts;
}

type Costs = ResolvedUnitCosts['costs'];
const CATEGORIES: ReadonlyArray<{
  category: CostCategory['category'];
  measure: Measure;
  basis: string;
  price: (c: Costs) => number | null;
}> = [
  { category: 'jail', measure: 'jailDays', basis: 'jail days × jailDay', price: (c) => c.jailDay },
  { category: 'bookings', measure: 'bookings', basis: 'bookings × booking', price: (c) => c.booking },
  { category: 'prosecution', measure: 'charges', basis: 'charges × prosecution', price: (c) => c.prosecution },
  { category: 'defense', measure: 'charges', basis: 'charges × defenseCase', price: (c) => c.defenseCase },
  {
    category: 'police',
    measure: 'arrests',
    basis: 'arrests × officerHoursPerArrest × officerHour',
    price: (c) => c.officerHoursPerArrest * c.officerHour,
  },
  {
    category: 'prison',
    measure: 'prisonAdmissions',
    basis: 'prison admissions × prisonAdmission',
    price: (c) => c.prisonAdmission,
  },
];
const PRICED_NAMES = [
  'jailDay',
  'booking',
  'officerHour',
  'prosecution',
  'caseManagementParticipantMonth',
  'defenseCase',
  'officerHoursPerArrest',
  'prisonAdmission',
] as const;

const orNull = (values: Array<number | null>, f: (...v: number[]) => number): number | null =>
  values.some((v) => v === null) ? null : f(...(values as number[]));

/**
 * The cost report's figures: each participant's justice-system counts over their whole follow-up after entry and as
 * many days before it, priced by the protocol's unit costs; the program's cost from the days cases were enrolled; and
 * the estimate against system-as-usual, taken as the participants' own cost rate before entry. The counts go
 * through one FigureTable, and a cost over a withheld count is withheld with it (cost ÷ unit cost would give it
 * back), so is every total or estimate it enters. Pure.
 */
export function costFigures(input: CostFiguresInput): CostReport {
  const { costs, defaulted } = input.unitCosts;
  const t = new FigureTable();
  const censoredOn = censoringDay(input.coveredThrough, input.asOfDay);
  const histories = censoredOn === null ? [] : historiesOf(input.entries, input.records, censoredOn);
  const followed = histories.filter((h) => h.followedDays >= 1);
  const windows = followed.map((h) => aroundEntry(h, h.followedDays));
  const before = sumCounts(windows.map((w) => w.before));
  const after = sumCounts(windows.map((w) => w.after));
  t.count('participants', input.entries.length);
  t.count('followed', followed.length);
  t.impliedCount('followed.none', input.entries.length - followed.length);
  t.sum('participants', ['followed', 'followed.none']);
  for (const measure of ['jailDays', 'bookings', 'charges', 'arrests', 'prisonAdmissions'] as const) {
    t.count(`before.${measure}`, before[measure]);
    t.count(`after.${measure}`, after[measure]);
  }
  const get = t.release(input.suppress);

  // Person-time goes with the count of people it is of: with one person followed, it is that person's days since entry.
  const personTimeShown = censoredOn !== null && get('followed') !== null;
  const personMonths = personTimeShown ? followed.reduce((s, h) => s + h.followedDays, 0) / DAYS_PER_MONTH : null;
  const categories: CostCategory[] = CATEGORIES.map(({ category, measure, basis, price }) => {
    const unit = price(costs);
    const side = (name: string) => {
      const count = get(name);
      return { count, cost: orNull([count, unit], (n, u) => n * u) };
    };
    const b = side(`before.${measure}`);
    const a = side(`after.${measure}`);
    return { category, basis, before: b, after: a, change: orNull([b.cost, a.cost], (x, y) => y - x) };
  });
  // Prison unpriced is left out of the totals (and said so in the assumptions), not made a withheld total.
  const priced = categories.filter((c) => c.category !== 'prison' || costs.prisonAdmission !== null);
  const totalOf = (side: 'before' | 'after') =>
    orNull(
      priced.map((c) => c[side].cost),
      (...v) => v.reduce((s, x) => s + x, 0),
    );
  const total: BeforeAfter = { before: totalOf('before'), after: totalOf('after'), change: null };
  total.change = orNull([total.before, total.after], (x, y) => y - x);
  const perMonth = (value: number | null) => (value === null || !personMonths ? null : value / personMonths);
  const perPersonMonth: BeforeAfter = {
    before: perMonth(total.before),
    after: perMonth(total.after),
    change: perMonth(total.change),
  };

  const rate = costs.caseManagementParticipantMonth;
  const enrolledInPeriod = input.cases.map((c) => enrolledDays(c, input.period.firstDay, input.period.endDay));
  const periodDays = enrolledInPeriod.reduce((s, d) => s + d, 0);
  // The same for the period's participant-months: a few participants' months would be their enrolment days.
  const periodShown = !input.suppress || enrolledInPeriod.filter((d) => d > 0).length >= SMALL_CELL_MINIMUM;
  const cohortDays = !personTimeShown
    ? null
    : followed.reduce((s, h) => {
        const { from, to } = followUpRange(h.entryDay, h.followedDays);
        const own = input.cases.filter((c) => c.participantId === h.participantId);
        return s + own.reduce((d, c) => d + enrolledDays(c, from, to), 0);
      }, 0);
  const cohortParticipantMonths = cohortDays === null ? null : cohortDays / DAYS_PER_MONTH;
  const cohortCost = cohortParticipantMonths === null ? null : cohortParticipantMonths * rate;
  const savings = orNull([total.before, total.after, cohortCost], (b, a, p) => b - a - p);

  const unpublished = new Set(input.protocol.unpublished);
  const unitCosts: UnitCostAssumption[] = PRICED_NAMES.map((name) => {
    const isDefault = (defaulted as readonly string[]).includes(name);
    return {
      name,
      value: costs[name],
      source: isDefault ? 'default' : 'protocol',
      unpublished: isDefault || unpublished.has(`unitCosts.${name}`),
    };
  });
  return {
    jurisdiction: input.jurisdiction,
    period: reportedPeriod(input.period),
    asOf: input.asOf.toISOString(),
    suppressedBelow: input.suppress ? SMALL_CELL_MINIMUM : null,
    currency: costs.currency,
    assumptions: {
      protocolVersion: input.protocol.version,
      unitCosts,
      window:
        'each participant’s whole follow-up after entry (days 1 … to the extract’s last complete day) against as many ' +
        'days before entry; the entry day is in neither',
      systemAsUsual:
        'the participants’ own legal-system cost per person-month before entry (not the comparison cohort, whose ' +
        'aggregates carry no person-time)',
      notes: [
        'a jail stay is priced on its release day, whole',
        'charges are charges filed, priced once each for prosecution and defense, whatever their outcome',
        costs.prisonAdmission === null
          ? 'prison admissions are counted but not priced (no unitCosts.prisonAdmission), and left out of the totals'
          : 'a prison admission is priced whole on its day',
        'program cost is case management only: caseManagementParticipantMonth × days enrolled ÷ 30.4375',
      ],
    },
    participants: get('participants'),
    followed: get('followed'),
    censoredOn,
    personMonths,
    legalSystem: { categories, total, perPersonMonth },
    program: {
      costPerParticipantMonth: rate,
      periodParticipantMonths: periodShown ? periodDays / DAYS_PER_MONTH : null,
      periodCost: periodShown ? (periodDays / DAYS_PER_MONTH) * rate : null,
      cohortParticipantMonths,
      cohortCost,
    },
    estimate: {
      systemAsUsualPerPersonMonth: perPersonMonth.before,
      withProgramPerPersonMonth: orNull([perPersonMonth.after, perMonth(cohortCost)], (a, p) => a + p),
      savingsPerPersonMonth: perMonth(savings),
      savings,
      // No cost before entry: a share of nothing is not a figure.
      savingsShare: total.before ? orNull([savings], (v) => v / total.before!) : null,
    },
  };
}
