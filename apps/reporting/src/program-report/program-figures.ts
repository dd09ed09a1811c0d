import { rateOf, SMALL_CELL_MINIMUM } from '@lead/disclosure-control';
import { median, percentile } from '../measures/statistics/quantiles.js';
import type { ProgramActivity } from '../program-journeys/program-activity.js';
import type { ReferralJourney } from '../program-journeys/referral-journey.js';
import type { ReportingPeriod } from '../reporting-period/reporting-period.js';
import { FigureTable, type Count } from './figure-table.js';
import type { CountsBy, ProgramReport } from './program-report.js';
import {
  CLOSE_REASONS,
  CLOSED_LOOP_STATUSES,
  CUSTODIANS,
  DECLINE_REASONS,
  DOORS,
  ENGAGEMENT_LEVELS,
  EXIT_REASONS,
  OPEN_LOOP_STATUSES,
  RELEASE_REASONS,
} from './program-vocabulary.js';

export interface ProgramFiguresInput {
  jurisdiction: string;
  period: ReportingPeriod;
  asOf: Date;
  journeys: readonly ReferralJourney[];
  activity: ProgramActivity;
  /** Evaluators: small cells and their complements withheld. */
  suppress: boolean;
}

const codes = (known: readonly string[], seen: Iterable<string>) => [...new Set([...known, ...seen])].sort();
const tally = (values: Iterable<string>) => {
  const out: Record<string, number> = {};
  for (const value of values) out[value] = (out[value] ?? 0) + 1;
  return out;
};
const sumOf = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/**
 * The program report's figures from the period's referral journeys and activity. Every count goes through one
 * FigureTable with the sums a reader can see (the doors add up to the referrals, so do the districts; the referrals
 * are screened eligible, ineligible or not yet; …), so an evaluator's copy withholds what would give a small cell
 * back. Pure.
 */
export function programFigures(input: ProgramFiguresInput): ProgramReport {
  const { journeys, activity } = input;
  const t = new FigureTable();
  const n = journeys.length;
  const total = t.count('referrals', n);
  const section = (prefix: string, counts: Record<string, number>, known: readonly string[], sumTo?: string) => {
    const names = codes(known, Object.keys(counts)).map((code) => [
      code,
      t.count(`${prefix}.${code}`, counts[code] ?? 0),
    ]);
    if (sumTo)
      t.sum(
        sumTo,
        names.map(([, name]) => name),
      );
    return names;
  };
  const doors = section('door', tally(journeys.map((j) => j.door)), DOORS, total);
  const districts = section('district', tally(journeys.map((j) => j.district)), [], total);

  const eligible = journeys.filter((j) => j.screened === 'eligible').length;
  const ineligible = journeys.filter((j) => j.screened === 'ineligible').length;
  t.count('screened.eligible', eligible);
  t.count('screened.ineligible', ineligible);
  t.impliedCount('screened.pending', n - eligible - ineligible);
  t.sum(total, ['screened.eligible', 'screened.ineligible', 'screened.pending']);
  // A referral can be excluded by several criteria: these do not add up to anything, each stands alone.
  const excluded = section('excluded', tally(journeys.flatMap((j) => j.excludedBy)), []);

  const prosecutorEligible = journeys.filter((j) => j.prosecutor?.outcome === 'eligible').length;
  const prosecutorIneligible = journeys.filter((j) => j.prosecutor?.outcome === 'ineligible').length;
  t.count('prosecutor.eligible', prosecutorEligible);
  t.count('prosecutor.ineligible', prosecutorIneligible);
  t.impliedCount('prosecutor.undecided', n - prosecutorEligible - prosecutorIneligible);
  t.sum(total, ['prosecutor.eligible', 'prosecutor.ineligible', 'prosecutor.undecided']);
  const overridden = journeys.filter((j) => j.prosecutor?.decision === 'overridden').length;
  t.count('prosecutor.overridden', overridden);
  t.impliedCount('prosecutor.confirmed', prosecutorEligible + prosecutorIneligible - overridden);
  t.impliedCount('prosecutor.decided', prosecutorEligible + prosecutorIneligible);
  t.sum('prosecutor.decided', ['prosecutor.eligible', 'prosecutor.ineligible']);
  t.sum('prosecutor.decided', ['prosecutor.overridden', 'prosecutor.confirmed']);

  const accepted = journeys.filter((j) => j.offer === 'accepted').length;
  const declined = journeys.filter((j) => j.offer === 'declined').length;
  t.count('offer.accepted', accepted);
  t.count('offer.declined', declined);
  t.impliedCount('offer.unanswered', n - accepted - declined);
  t.sum(total, ['offer.accepted', 'offer.declined', 'offer.unanswered']);

  // A referral ends enrolled or closed, or is still open.
  const enrolled = journeys.filter((j) => j.enrolled).length;
  t.count('enrolled', enrolled);
  const closedCounts = tally(journeys.flatMap((j) => (j.closedReason && !j.enrolled ? [j.closedReason] : [])));
  const closed = section('closed', closedCounts, CLOSE_REASONS);
  const closedTotal = sumOf(closedCounts);
  t.impliedCount('referral.open', n - enrolled - closedTotal);
  t.sum(total, ['enrolled', ...closed.map(([, name]) => name), 'referral.open']);

  const handOffs = journeys.flatMap((j) => (j.handOff ? [j.handOff] : []));
  const within = handOffs.filter((h) => h.withinTarget).length;
  t.count('handoff', handOffs.length);
  t.count('handoff.within', within);
  t.impliedCount('handoff.over', handOffs.length - within);
  t.impliedCount('handoff.none', n - handOffs.length);
  t.sum(total, ['handoff', 'handoff.none']);
  t.sum('handoff', ['handoff.within', 'handoff.over']);

  const intakes = activity.intakes;
  const met = intakes.deadline_met ?? 0;
  const missed = intakes.deadline_missed ?? 0;
  t.count('intake', sumOf(intakes));
  t.count('intake.met', met);
  t.count('intake.missed', missed);
  t.impliedCount('intake.no_deadline', sumOf(intakes) - met - missed);
  t.sum('intake', ['intake.met', 'intake.missed', 'intake.no_deadline']);

  const months = activity.engagementByMonth.map(({ month, levels }) => {
    const names = ENGAGEMENT_LEVELS.map((level) => t.count(`active.${month}.${level}`, levels[level] ?? 0));
    const active = t.count(`active.${month}`, sumOf(levels));
    t.sum(active, names);
    return month;
  });

  const services = Object.entries(activity.serviceConnections)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([category, statuses]) => {
      const all = t.count(`service.${category}`, sumOf(statuses));
      const byStatus = section(
        `service.${category}.status`,
        statuses,
        [...OPEN_LOOP_STATUSES, ...CLOSED_LOOP_STATUSES],
        all,
      );
      const closedLoop = CLOSED_LOOP_STATUSES.reduce((sum, s) => sum + (statuses[s] ?? 0), 0);
      t.count(`service.${category}.closed`, closedLoop);
      t.impliedCount(`service.${category}.open`, sumOf(statuses) - closedLoop);
      t.sum(all, [`service.${category}.closed`, `service.${category}.open`]);
      return { category, byStatus };
    });

  const exitsTotal = t.count('exits', sumOf(activity.exits));
  const exits = section('exit', activity.exits, EXIT_REASONS, exitsTotal);
  const declinedTotal = t.count('charge.declined', sumOf(activity.charges.declined));
  const declinedBy = section('charge.declined', activity.charges.declined, DECLINE_REASONS, declinedTotal);
  const releasedTotal = t.count('charge.released', sumOf(activity.charges.released));
  const releasedBy = section('charge.released', activity.charges.released, RELEASE_REASONS, releasedTotal);
  t.count('charge.filed', activity.charges.filed);
  const sealed = section('sealed', activity.sealing.confirmed, CUSTODIANS);
  const overdue = section('sealing.overdue', activity.sealing.overdue, CUSTODIANS);

  const get = t.release(input.suppress);
  const by = (names: Array<string[]>): CountsBy => Object.fromEntries(names.map(([code, name]) => [code, get(name)]));
  const minutes = handOffs.map((h) => h.minutes);
  // A median of a few hand-offs is one officer's call: quantiles go with the count they are of.
  const quantilesShown = get('handoff') !== null && (!input.suppress || handOffs.length >= SMALL_CELL_MINIMUM);
  const lastDay = new Date(Date.parse(`${input.period.endDay}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return {
    jurisdiction: input.jurisdiction,
    period: { label: input.period.label, kind: input.period.kind, firstDay: input.period.firstDay, lastDay },
    asOf: input.asOf.toISOString(),
    suppressedBelow: input.suppress ? SMALL_CELL_MINIMUM : null,
    referrals: { total: get(total), byDoor: by(doors), byDistrict: by(districts) },
    screening: { eligible: get('screened.eligible'), ineligible: get('screened.ineligible'), excludedBy: by(excluded) },
    prosecutor: {
      eligible: get('prosecutor.eligible'),
      ineligible: get('prosecutor.ineligible'),
      overridden: get('prosecutor.overridden'),
    },
    offers: { accepted: get('offer.accepted'), declined: get('offer.declined') },
    enrolment: {
      enrolled: get('enrolled'),
      rate: rateOf(get('enrolled'), get(total)),
      closedByReason: by(closed),
    },
    handOff: {
      handOffs: get('handoff'),
      medianMinutes: quantilesShown ? median(minutes) : null,
      p90Minutes: quantilesShown ? percentile(minutes, 90) : null,
      withinTarget: get('handoff.within'),
      withinTargetShare: rateOf(get('handoff.within'), get('handoff')),
    },
    intake: {
      completed: get('intake'),
      withinDeadline: get('intake.met'),
      missedDeadline: get('intake.missed'),
      withinDeadlineRate: rateOf(get('intake.met'), sumOrNull(get('intake.met'), get('intake.missed'))),
    },
    participants: months.map((month) => ({
      month,
      active: get(`active.${month}`),
      engaged: get(`active.${month}.engaged`),
      low: get(`active.${month}.low`),
      inactive: get(`active.${month}.inactive`),
    })),
    serviceConnections: services.map(({ category, byStatus }) => ({
      category,
      total: get(`service.${category}`),
      closedLoop: get(`service.${category}.closed`),
      byStatus: by(byStatus),
    })),
    exits: { total: get(exitsTotal), byReason: by(exits) },
    charges: {
      declined: get(declinedTotal),
      declinedByReason: by(declinedBy),
      released: get(releasedTotal),
      releasedByReason: by(releasedBy),
      filed: get('charge.filed'),
    },
    sealing: { confirmedByCustodian: by(sealed), overdueByCustodian: by(overdue) },
  };
}

function sumOrNull(a: Count, b: Count): Count {
  return a === null || b === null ? null : a + b;
}
