import { rateOf, suppressTable, type CellSum } from '@lead/disclosure-control';
import { ENGAGEMENT_LEVELS, EXIT_REASONS, type EngagementLevel, type ExitReason } from '../case-vocabulary.js';
import type { CaseCounts, Count } from './count-cases.query.js';

const level = (name: string) => `engagement.${name}`;
const exit = (name: string) => `exit.${name}`;

/**
 * How a program's counts add up. Two are not shown but follow by subtraction, and are cells all the same (a small
 * one identifies as well as a shown one): the intakes completed late, and the cases whose intake is neither done
 * nor yet due.
 */
const SUMS: CellSum[] = [
  { total: 'cases', parts: ['open', 'exited'] },
  { total: 'open', parts: ENGAGEMENT_LEVELS.map(level) },
  { total: 'exited', parts: EXIT_REASONS.map(exit) },
  { total: 'intake.completed', parts: ['intake.withinDeadline', 'intakeLate'] },
  { total: 'cases', parts: ['intake.completed', 'intake.overdue', 'intakeNotYetDue'] },
];
const IMPLIED = ['intakeLate', 'intakeNotYetDue'];

const counted = (name: string, count: Count): number => {
  if (count === null) throw new TypeError(`The count ${name} is withheld already: suppress the exact counts.`);
  return count;
};

/** Of the intakes due by now (completed, or overdue), the share done in time; null when none or withheld. */
export function withinDeadlineRate(intake: Pick<CaseCounts['intake'], 'completed' | 'withinDeadline' | 'overdue'>) {
  const due = intake.completed === null || intake.overdue === null ? null : intake.completed + intake.overdue;
  return rateOf(intake.withinDeadline, due).value;
}

/**
 * One program's counts as an evaluator may see them (the DOMAIN small-cell rule, see `@lead/disclosure-control`):
 * a count from 1 to 10 is withheld (`null`), and because the counts add up, so is a second count of every sum a
 * withheld one is in (complementary suppression); the rate goes with any count it is made of. Zeros stay: they
 * disclose no one.
 */
export function withholdSmallCells(group: CaseCounts): CaseCounts {
  const { cases, open, exited, engagement, intake, exitsByReason } = group;
  const cells: Record<string, number> = {
    cases: counted('cases', cases),
    open: counted('open', open),
    exited: counted('exited', exited),
    'intake.completed': counted('intake.completed', intake.completed),
    'intake.withinDeadline': counted('intake.withinDeadline', intake.withinDeadline),
    'intake.overdue': counted('intake.overdue', intake.overdue),
  };
  for (const name of ENGAGEMENT_LEVELS) cells[level(name)] = counted(level(name), engagement[name]);
  for (const name of EXIT_REASONS) cells[exit(name)] = counted(exit(name), exitsByReason[name]);
  cells.intakeLate = cells['intake.completed'] - cells['intake.withinDeadline'];
  cells.intakeNotYetDue = cells.cases - cells['intake.completed'] - cells['intake.overdue'];
  const shown = suppressTable({ cells, sums: SUMS, implied: IMPLIED });
  const shownIntake = {
    completed: shown['intake.completed'],
    withinDeadline: shown['intake.withinDeadline'],
    overdue: shown['intake.overdue'],
  };
  return {
    jurisdiction: group.jurisdiction,
    provider: group.provider,
    cases: shown.cases,
    open: shown.open,
    exited: shown.exited,
    engagement: Object.fromEntries(ENGAGEMENT_LEVELS.map((name) => [name, shown[level(name)]])) as Record<
      EngagementLevel,
      Count
    >,
    intake: { ...shownIntake, withinDeadlineRate: withinDeadlineRate(shownIntake) },
    exitsByReason: Object.fromEntries(EXIT_REASONS.map((name) => [name, shown[exit(name)]])) as Record<
      ExitReason,
      Count
    >,
  };
}
