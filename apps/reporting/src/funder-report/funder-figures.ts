import { rateOf, SMALL_CELL_MINIMUM } from '@lead/disclosure-control';
import { FigureTable } from '../program-report/figure-table.js';
import type { ReportingPeriod } from '../reporting-period/reporting-period.js';
import type { FunderCase } from './funder-cases.js';
import type { FunderReport, OccasionTimeliness } from './funder-report.js';
import { FOLLOW_UP_TARGET, SUPRT_INSTRUMENT, SUPRT_WINDOWS, type SuprtOccasion } from './suprt-schedule.js';

export interface FunderFiguresInput {
  jurisdiction: string;
  period: ReportingPeriod;
  asOf: Date;
  /** The report's local day (asOf's day in the jurisdiction): a window still open on it is not due yet. */
  today: string;
  cases: readonly FunderCase[];
  suppress: boolean;
}

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Each SUPRT occasion counted over the cases whose window for it closes in the period and has closed by the report's
 * day (a window still open is not yet due): on time if an assessment of that occasion falls in the window, late if
 * one came after it, missed if none. A baseline done before the intake's day counts as on time (it was taken at
 * intake). Pure.
 */
export function funderFigures(input: FunderFiguresInput): FunderReport {
  const t = new FigureTable();
  const intakes = input.cases.filter(
    (c) => c.intakeOn !== null && c.intakeOn >= input.period.firstDay && c.intakeOn < input.period.endDay,
  ).length;
  t.count('intakes', intakes);
  for (const occasion of Object.keys(SUPRT_WINDOWS) as SuprtOccasion[]) {
    const window = SUPRT_WINDOWS[occasion];
    const tally = { onTime: 0, late: 0, missed: 0 };
    for (const c of input.cases) {
      const anchor = window.anchor === 'intake' ? c.intakeOn : c.exitedOn;
      if (anchor === null) continue;
      const closesOn = addDays(anchor, window.toDays);
      if (closesOn < input.period.firstDay || closesOn >= input.period.endDay || closesOn >= input.today) continue;
      const opensOn = occasion === 'baseline' ? '0000-01-01' : addDays(anchor, window.fromDays);
      const done = c.assessments.filter((a) => a.occasion === window.occasion).map((a) => a.completedOn);
      if (done.some((day) => day >= opensOn && day <= closesOn)) tally.onTime += 1;
      else if (done.some((day) => day > closesOn)) tally.late += 1;
      else tally.missed += 1;
    }
    const parts = (['onTime', 'late', 'missed'] as const).map((k) => t.count(`${occasion}.${k}`, tally[k]));
    t.sum(t.count(`${occasion}.due`, tally.onTime + tally.late + tally.missed), parts);
  }
  const get = t.release(input.suppress);
  const timeliness = (occasion: SuprtOccasion): OccasionTimeliness => ({
    due: get(`${occasion}.due`),
    onTime: get(`${occasion}.onTime`),
    late: get(`${occasion}.late`),
    missed: get(`${occasion}.missed`),
    onTimeRate: rateOf(get(`${occasion}.onTime`), get(`${occasion}.due`)),
  });
  const followUp = rateOf(get('reassessment.onTime'), get('reassessment.due'));
  const lastDay = addDays(input.period.endDay, -1);
  return {
    jurisdiction: input.jurisdiction,
    period: { label: input.period.label, kind: input.period.kind, firstDay: input.period.firstDay, lastDay },
    asOf: input.asOf.toISOString(),
    suppressedBelow: input.suppress ? SMALL_CELL_MINIMUM : null,
    instrument: SUPRT_INSTRUMENT,
    intakes: get('intakes'),
    baseline: timeliness('baseline'),
    reassessment: timeliness('reassessment'),
    closeout: timeliness('closeout'),
    followUp: {
      rate: followUp,
      target: FOLLOW_UP_TARGET,
      met: followUp.value === null ? null : followUp.value >= FOLLOW_UP_TARGET,
    },
  };
}
