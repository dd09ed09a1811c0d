import { rateOf, SMALL_CELL_MINIMUM } from '@lead/disclosure-control';
import { Z_95 } from '../measures/statistics/normal-distribution.js';
import { relativeRateIndex, UNSTABLE_BASE_BELOW } from '../measures/statistics/relative-rate-index.js';
import type { ReferralJourney } from '../program-journeys/referral-journey.js';
import { FigureTable, type Count } from '../program-report/figure-table.js';
import { EXIT_REASONS } from '../program-report/program-vocabulary.js';
import type { ReportingPeriod } from '../reporting-period/reporting-period.js';
import { EQUITY_GROUPS, equityGroupOf, REFERENCE_GROUP, type EquityGroup } from './equity-group.js';
import type { EquityCell, EquityDecisionPoint, EquityReport, ReleasedRelativeRate } from './equity-report.js';

const screenedEligible = (j: ReferralJourney) => j.screened === 'eligible';
const arrest = (j: ReferralJourney) => j.door === 'arrest_diversion';
/** Eligible for the program: screened eligible, and not found ineligible by a prosecutor (where one decides). */
const eligible = (j: ReferralJourney) => screenedEligible(j) && j.prosecutor?.outcome !== 'ineligible';
/** Enrolled while eligible: an enrolment the record does not show eligible for is left out of every later point. */
const enrolled = (j: ReferralJourney) => j.enrolled && eligible(j);

/** Who of the cohort is in each population a decision point counts or divides by. */
const POPULATIONS: Record<string, (j: ReferralJourney) => boolean> = {
  referred: () => true,
  arrest_referred: arrest,
  screened_eligible: screenedEligible,
  arrest_screened_eligible: (j) => screenedEligible(j) && arrest(j),
  other_screened_eligible: (j) => screenedEligible(j) && !arrest(j),
  prosecutor_eligible: (j) => screenedEligible(j) && arrest(j) && j.prosecutor?.outcome === 'eligible',
  arrest_eligible: (j) => eligible(j) && arrest(j),
  eligible,
  enrolled,
  intake_completed: (j) => enrolled(j) && j.intakeCompleted,
  charge_held: (j) => enrolled(j) && j.charge !== null,
  charge_released: (j) => enrolled(j) && j.charge === 'released',
  charge_filed: (j) => enrolled(j) && j.charge === 'filed',
  exited: (j) => enrolled(j) && j.exitReason !== null,
};

/** Populations the report shows no count of (they are denominators, or the rest of one). */
const IMPLIED = new Set(['other_screened_eligible', 'arrest_eligible']);

/** Each decision point: who reached it, out of whom. */
const DECISION_POINTS: ReadonlyArray<{ point: string; after: string | null }> = [
  { point: 'referred', after: null },
  { point: 'screened_eligible', after: 'referred' },
  { point: 'prosecutor_eligible', after: 'arrest_screened_eligible' },
  { point: 'enrolled', after: 'eligible' },
  { point: 'intake_completed', after: 'enrolled' },
  { point: 'charge_released', after: 'charge_held' },
  { point: 'charge_filed', after: 'charge_held' },
  { point: 'exited', after: 'enrolled' },
];

export interface EquityFiguresInput {
  jurisdiction: string;
  period: ReportingPeriod;
  asOf: Date;
  journeys: readonly ReferralJourney[];
  /** Arrests of people outside LEAD by group in the cohort's districts and months; null without a justice feed. */
  comparisonArrests: { districts: string[]; byGroup: Partial<Record<EquityGroup, number>> } | null;
  suppress: boolean;
}

/**
 * The equity report's figures. Every count, per group and for the whole, goes through one FigureTable with the sums a
 * reader can see (a population's groups add up to its whole; the eligible are the screened-eligible social and
 * community referrals plus the prosecutor-eligible arrests; the exited add up by reason), so an evaluator's copy
 * withholds whatever would give a small cell back. A rate or index over a withheld count is withheld with it. Pure.
 */
export function equityFigures(input: EquityFiguresInput): EquityReport {
  const t = new FigureTable();
  const groupOf = new Map(input.journeys.map((j) => [j.referralId, equityGroupOf(j.raceEthnicity)]));
  const population = (name: string, members: readonly ReferralJourney[], implied = false) => {
    const byGroup = Object.fromEntries(EQUITY_GROUPS.map((g) => [g, 0])) as Record<EquityGroup, number>;
    for (const j of members) byGroup[groupOf.get(j.referralId)!] += 1;
    const cell = implied ? t.impliedCount.bind(t) : t.count.bind(t);
    const parts = EQUITY_GROUPS.map((g) => cell(`${name}.${g}`, byGroup[g]));
    t.sum(cell(`${name}.all`, members.length), parts);
  };
  for (const [name, member] of Object.entries(POPULATIONS))
    population(name, input.journeys.filter(member), IMPLIED.has(name));
  for (const g of [...EQUITY_GROUPS, 'all']) {
    t.sum(`screened_eligible.${g}`, [`arrest_screened_eligible.${g}`, `other_screened_eligible.${g}`]);
    t.sum(`eligible.${g}`, [`other_screened_eligible.${g}`, `arrest_eligible.${g}`]);
  }
  const exits: Record<string, Record<EquityGroup, number>> = {};
  for (const reason of EXIT_REASONS) {
    exits[reason] = Object.fromEntries(EQUITY_GROUPS.map((g) => [g, 0])) as Record<EquityGroup, number>;
    for (const j of input.journeys.filter(POPULATIONS.exited))
      if (j.exitReason === reason) exits[reason][groupOf.get(j.referralId)!] += 1;
    const parts = EQUITY_GROUPS.map((g) => t.count(`exit.${reason}.${g}`, exits[reason][g]));
    t.sum(t.count(`exit.${reason}.all`, sumOf(exits[reason])), parts);
  }
  for (const g of [...EQUITY_GROUPS, 'all'])
    t.sum(
      `exited.${g}`,
      EXIT_REASONS.map((reason) => `exit.${reason}.${g}`),
    );
  const arrests = input.comparisonArrests;
  if (arrests) {
    const parts = EQUITY_GROUPS.map((g) => t.count(`arrests.${g}`, arrests.byGroup[g] ?? 0));
    t.sum(t.count('arrests.all', sumOf(arrests.byGroup)), parts);
  }

  const get = t.release(input.suppress);
  const released = (name: string, g: string) => get(`${name}.${g}`);
  const rri = (count: string, base: string, g: EquityGroup): ReleasedRelativeRate | null => {
    if (g === REFERENCE_GROUP) return null;
    const shown = [count, base].every((name) => released(name, g) !== null && released(name, REFERENCE_GROUP) !== null);
    if (!shown) return null;
    const value = (name: string, group: EquityGroup) => released(name, group) as number;
    return relativeRateIndex(
      { group: g, count: value(count, g), base: value(base, g) },
      { group: REFERENCE_GROUP, count: value(count, REFERENCE_GROUP), base: value(base, REFERENCE_GROUP) },
    );
  };
  const decisionPoints: EquityDecisionPoint[] = DECISION_POINTS.map(({ point, after }) => {
    const baseOf = (g: string): Count => (after === null ? get('referred.all') : released(after, g));
    const groups: EquityCell[] = EQUITY_GROUPS.map((g) => ({
      group: g,
      count: released(point, g),
      base: baseOf(g),
      rate: rateOf(released(point, g), baseOf(g)),
      relativeRate: after === null ? null : rri(point, after, g),
    }));
    const whole = { count: get(`${point}.all`), base: baseOf('all') };
    return { point, after, whole: { ...whole, rate: rateOf(whole.count, whole.base) }, groups };
  });
  const lastDay = new Date(Date.parse(`${input.period.endDay}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return {
    jurisdiction: input.jurisdiction,
    period: { label: input.period.label, kind: input.period.kind, firstDay: input.period.firstDay, lastDay },
    asOf: input.asOf.toISOString(),
    suppressedBelow: input.suppress ? SMALL_CELL_MINIMUM : null,
    referenceGroup: REFERENCE_GROUP,
    decisionPoints,
    frontDoor: arrests && {
      districts: arrests.districts,
      groups: EQUITY_GROUPS.map((g) => ({
        group: g,
        referrals: released('arrest_referred', g),
        arrests: released('arrests', g),
        rate: rateOf(released('arrest_referred', g), released('arrests', g)),
        relativeRate: frontDoorRri(released, g),
      })),
    },
    exitsByReason: EQUITY_GROUPS.map((g) => ({
      group: g,
      byReason: Object.fromEntries(EXIT_REASONS.map((reason) => [reason, get(`exit.${reason}.${g}`)])),
    })),
  };
}

/** Referrals per arrest: not a share (a referral is not one of the counted arrests), so the index is a ratio of rates. */
function frontDoorRri(released: (name: string, g: string) => Count, g: EquityGroup): ReleasedRelativeRate | null {
  if (g === REFERENCE_GROUP) return null;
  const [a, n1, c, n2] = [
    released('arrest_referred', g),
    released('arrests', g),
    released('arrest_referred', REFERENCE_GROUP),
    released('arrests', REFERENCE_GROUP),
  ];
  if (a === null || n1 === null || c === null || n2 === null || a === 0 || n1 === 0 || c === 0 || n2 === 0) return null;
  const index = a / n1 / (c / n2);
  // Katz's variance for two independent Poisson-like rates (counts over exposures): 1/a + 1/c.
  const halfWidth = Z_95 * Math.sqrt(1 / a + 1 / c);
  return {
    index,
    lower: Math.exp(Math.log(index) - halfWidth),
    upper: Math.exp(Math.log(index) + halfWidth),
    unstable: n1 < UNSTABLE_BASE_BELOW || n2 < UNSTABLE_BASE_BELOW,
  };
}

function sumOf(counts: Partial<Record<string, number>>): number {
  return Object.values(counts).reduce<number>((a, b) => a + (b ?? 0), 0);
}
