import { rateOf, SMALL_CELL_MINIMUM, UNSTABLE_RATE_DENOMINATOR } from '@lead/disclosure-control';
import {
  kaplanMeier,
  kaplanMeierFromCounts,
  lifeTableOf,
  logRankTest,
  medianSurvival,
  type FollowUp,
  type LifeTableRow,
  type SurvivalPoint,
} from '../measures/statistics/kaplan-meier.js';
import { arrestOddsRatio } from '../measures/statistics/odds-ratio.js';
import { prePostChange } from '../measures/statistics/pre-post.js';
import { FigureTable, type Count } from '../program-report/figure-table.js';
import { reportedPeriod } from './reported-period.js';
import type { ReportingPeriod } from '../reporting-period/reporting-period.js';
import { arrestedWithin, comparisonLifeTable, type ComparisonCohort } from './comparison-cohort.js';
import {
  aroundEntry,
  DAYS_PER_YEAR,
  firstArrestAfter,
  historiesOf,
  SIX_MONTHS_DAYS,
  sumCounts,
  type JusticeRecord,
  type Measure,
  type ParticipantHistory,
  type ProgramEntry,
} from './justice-history.js';
import type { OutcomeReport, PersonYearRate, PrePostFigure, SurvivalCurve } from './outcome-report.js';

export interface OutcomeFiguresInput {
  jurisdiction: string;
  period: ReportingPeriod;
  asOf: Date;
  /** The local day of `asOf` in the jurisdiction. */
  asOfDay: string;
  suppress: boolean;
  entries: readonly ProgramEntry[];
  records: readonly JusticeRecord[];
  /** The latest `coveredThrough` of the justice-system imports known by `asOf`; null when there is none. */
  coveredThrough: string | null;
  comparison: ComparisonCohort | null;
}

/** Where follow-up ends: the extract's last complete day, or the report's day if the report asks earlier. */
export function censoringDay(coveredThrough: string | null, asOfDay: string): string | null {
  if (coveredThrough === null) return null;
  return coveredThrough < asOfDay ? coveredThrough : asOfDay;
}

/** A participant's time to first re-arrest after entry, or their days followed without one. */
export function followUpOf(history: ParticipantHistory): FollowUp {
  const first = firstArrestAfter(history);
  return first === null ? { days: history.followedDays, event: false } : { days: first, event: true };
}

const PRE_POST: readonly Measure[] = ['arrests', 'charges', 'felonyCharges'];
const CUSTODY = ['bookings', 'jailDays', 'prisonAdmissions'] as const;

/**
 * The UW outcome measures of the participants who entered in the period, beside the comparison cohort's. Every count
 * goes through one FigureTable (the participants split into followed and not, the followed into those followed 183
 * days and not, those into arrested within 183 days and not; the comparison likewise), so an evaluator's copy
 * withholds small cells and what would give them back; a mean or rate over a withheld count is withheld with it.
 * Pure.
 */
export function outcomeFigures(input: OutcomeFiguresInput): OutcomeReport {
  const t = new FigureTable();
  const censoredOn = censoringDay(input.coveredThrough, input.asOfDay);
  const histories = censoredOn === null ? [] : historiesOf(input.entries, input.records, censoredOn);
  const followed = histories.filter((h) => h.followedDays >= 1);
  const six = followed.filter((h) => h.followedDays >= SIX_MONTHS_DAYS);

  t.count('participants', input.entries.length);
  t.count('followed', followed.length);
  t.impliedCount('followed.none', input.entries.length - followed.length);
  t.sum('participants', ['followed', 'followed.none']);
  t.count('six', six.length);
  t.impliedCount('six.short', followed.length - six.length);
  t.sum('followed', ['six', 'six.short']);

  const pairs = (people: readonly ParticipantHistory[], days: (h: ParticipantHistory) => number, prefix: string) => {
    const windows = people.map((h) => aroundEntry(h, days(h)));
    const before = sumCounts(windows.map((w) => w.before));
    const after = sumCounts(windows.map((w) => w.after));
    for (const measure of [...PRE_POST, ...CUSTODY]) {
      t.count(`${prefix}.${measure}.before`, before[measure]);
      t.count(`${prefix}.${measure}.after`, after[measure]);
    }
    return windows;
  };
  const sixWindows = pairs(six, () => SIX_MONTHS_DAYS, 'six');
  const wholeWindows = pairs(followed, (h) => h.followedDays, 'whole');

  const followUps = followed.map(followUpOf);
  const participantTable = lifeTableOf(followUps);
  t.count('rearrest', followUps.filter((f) => f.event).length);
  t.impliedCount('rearrest.none', followUps.filter((f) => !f.event).length);
  t.sum('followed', ['rearrest', 'rearrest.none']);
  const sixArrested = six.filter((h) => (firstArrestAfter(h) ?? Infinity) <= SIX_MONTHS_DAYS).length;
  t.count('six.arrested', sixArrested);
  t.impliedCount('six.not_arrested', six.length - sixArrested);
  t.sum('six', ['six.arrested', 'six.not_arrested']);

  const comparisonRows = input.comparison ? comparisonLifeTable(input.comparison, input.period) : null;
  if (comparisonRows) {
    const persons = comparisonRows.reduce((sum, row) => sum + row.events + row.censored, 0);
    const rearrested = comparisonRows.reduce((sum, row) => sum + row.events, 0);
    t.count('comparison', persons);
    t.count('comparison.rearrest', rearrested);
    t.impliedCount('comparison.rearrest.none', persons - rearrested);
    t.sum('comparison', ['comparison.rearrest', 'comparison.rearrest.none']);
    const within = arrestedWithin(comparisonRows, SIX_MONTHS_DAYS);
    t.count('comparison.six', within.persons);
    t.count('comparison.six.arrested', within.arrested);
    t.impliedCount('comparison.six.not_arrested', within.persons - within.arrested);
    t.count('comparison.censored_before', within.censoredBefore);
    t.sum('comparison', ['comparison.six', 'comparison.censored_before']);
    t.sum('comparison.six', ['comparison.six.arrested', 'comparison.six.not_arrested']);
  }

  const get = t.release(input.suppress);
  const prePost = (
    prefix: string,
    persons: Count,
    windows: ReturnType<typeof aroundEntry>[],
    measure: Measure,
  ): PrePostFigure => {
    const totalBefore = persons === null ? null : get(`${prefix}.${measure}.before`);
    const totalAfter = persons === null ? null : get(`${prefix}.${measure}.after`);
    const change = prePostChange(windows.map((w) => ({ before: w.before[measure], after: w.after[measure] })));
    const paired = totalBefore !== null && totalAfter !== null && change !== null;
    return {
      totalBefore,
      totalAfter,
      meanBefore: totalBefore !== null && change ? change.meanBefore : null,
      meanAfter: totalAfter !== null && change ? change.meanAfter : null,
      meanDifference: paired ? change.meanDifference : null,
      lower: paired ? change.lower : null,
      upper: paired ? change.upper : null,
      pValue: paired ? change.pValue : null,
      unstable: persons === null || persons < UNSTABLE_RATE_DENOMINATOR,
    };
  };
  const measures = (prefix: string, persons: Count, windows: ReturnType<typeof aroundEntry>[]) => ({
    persons,
    arrests: prePost(prefix, persons, windows, 'arrests'),
    charges: prePost(prefix, persons, windows, 'charges'),
    felonyCharges: prePost(prefix, persons, windows, 'felonyCharges'),
  });

  const followedDays = followed.reduce((sum, h) => sum + h.followedDays, 0);
  // Person-time goes with the count of people it is of: with one person followed, it is that person's days since entry.
  const personYears = censoredOn === null || get('followed') === null ? null : followedDays / DAYS_PER_YEAR;
  const perPersonYear = (measure: (typeof CUSTODY)[number]): PersonYearRate => {
    const before = get(`whole.${measure}.before`);
    const after = get(`whole.${measure}.after`);
    const rate = (count: Count) => (count === null || !personYears ? null : count / personYears);
    return {
      before,
      after,
      beforePerPersonYear: rate(before),
      afterPerPersonYear: rate(after),
      unstable:
        before === null || after === null || before < UNSTABLE_RATE_DENOMINATOR || after < UNSTABLE_RATE_DENOMINATOR,
    };
  };

  const participantsCurve = curveOf(kaplanMeier(followUps), get('followed'), get('rearrest'), input.suppress);
  const comparisonCurve = comparisonRows
    ? curveOf(kaplanMeierFromCounts(comparisonRows), get('comparison'), get('comparison.rearrest'), input.suppress)
    : null;
  const participantsWithin = { persons: get('six'), arrested: get('six.arrested') };
  const comparisonWithin = comparisonRows
    ? { persons: get('comparison.six'), arrested: get('comparison.six.arrested') }
    : null;
  return {
    jurisdiction: input.jurisdiction,
    period: reportedPeriod(input.period),
    asOf: input.asOf.toISOString(),
    suppressedBelow: input.suppress ? SMALL_CELL_MINIMUM : null,
    participants: get('participants'),
    followUp: {
      coveredThrough: input.coveredThrough,
      censoredOn,
      followed: get('followed'),
      followedSixMonths: get('six'),
      personYears,
    },
    sixMonths: measures('six', get('six'), sixWindows),
    wholeWindow: measures('whole', get('followed'), wholeWindows),
    custody: {
      personYears,
      bookings: perPersonYear('bookings'),
      jailDays: perPersonYear('jailDays'),
      prisonAdmissions: perPersonYear('prisonAdmissions'),
    },
    rearrest: {
      participants: participantsCurve,
      comparison: comparisonCurve,
      comparisonId: input.comparison?.comparisonId ?? null,
      logRank: logRankOf(participantTable, comparisonRows, participantsCurve, comparisonCurve),
    },
    arrestWithinSixMonths: {
      participants: { ...participantsWithin, share: rateOf(participantsWithin.arrested, participantsWithin.persons) },
      comparison: comparisonWithin && {
        ...comparisonWithin,
        share: rateOf(comparisonWithin.arrested, comparisonWithin.persons),
      },
      comparisonCensoredBefore: comparisonRows ? get('comparison.censored_before') : null,
      oddsRatio: oddsRatioOf(participantsWithin, comparisonWithin),
    },
  };
}

/**
 * A curve as released. To an evaluator, steps with fewer than 11 at risk are not shown: the tail of a curve is a
 * handful of people, and a step there, with its day and how far the curve falls, is one person's re-arrest date
 * (the same small-cell rule as the counts). The per-step event and censoring counts are withheld too.
 */
function curveOf(curve: SurvivalPoint[], persons: Count, rearrested: Count, suppress: boolean): SurvivalCurve {
  const shown = persons === null ? [] : suppress ? curve.filter((p) => p.atRisk >= SMALL_CELL_MINIMUM) : curve;
  const median = medianSurvival(curve);
  return {
    persons,
    rearrested,
    medianDays: median !== null && shown.some((p) => p.day === median) ? median : null,
    steps: shown.map(({ day, atRisk, events, censored, survival, lower, upper }) => ({
      day,
      atRisk,
      events: suppress ? null : events,
      censored: suppress ? null : censored,
      survival,
      lower,
      upper,
    })),
    shownWhileAtRiskAtLeast: suppress ? SMALL_CELL_MINIMUM : null,
  };
}

function logRankOf(
  participants: LifeTableRow[],
  comparison: LifeTableRow[] | null,
  participantsCurve: SurvivalCurve,
  comparisonCurve: SurvivalCurve | null,
) {
  if (!comparison || !comparisonCurve?.persons || !participantsCurve.persons) return null;
  return logRankTest(participants, comparison);
}

function oddsRatioOf(participants: { persons: Count; arrested: Count }, comparison: typeof participants | null) {
  if (!comparison) return null;
  const { persons: p, arrested: a } = participants;
  const { persons: q, arrested: c } = comparison;
  if (p === null || a === null || q === null || c === null) return null;
  return arrestOddsRatio({ arrested: a, persons: p }, { arrested: c, persons: q });
}
