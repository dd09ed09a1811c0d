import { SMALL_CELL_THRESHOLD, type CaseCounts, type Count } from './count-cases.query.js';

const small = (n: Count): boolean => n !== null && n > 0 && n < SMALL_CELL_THRESHOLD;
const withhold = (n: Count): Count => (n === 0 ? 0 : null);
const withheldAll = <K extends string>(cells: Record<K, Count>): Record<K, Count> =>
  Object.fromEntries(Object.entries<Count>(cells).map(([key, n]) => [key, withhold(n)])) as Record<K, Count>;

/**
 * One program's counts as an evaluator may see them. A count from 1 to 10 is withheld (`null`). The counts add up
 * (cases = open + exited, open = the engagement levels, exited = the reasons, and the intakes late or still pending
 * are what the intake counts leave), so a small cell could be recovered by subtraction: the cells that are only
 * differences are checked too, and once any is small every cell but `cases` is withheld (complementary
 * suppression), `cases` itself when small, and the rate with them. Zeros stay: they disclose no one.
 */
export function withholdSmallCells(group: CaseCounts): CaseCounts {
  const { cases, open, exited, engagement, intake, exitsByReason } = group;
  const differences = [
    (intake.completed ?? 0) - (intake.withinDeadline ?? 0),
    (cases ?? 0) - (intake.completed ?? 0) - (intake.overdue ?? 0),
  ];
  const cells: Count[] = [
    cases,
    open,
    exited,
    ...Object.values(engagement),
    intake.completed,
    intake.withinDeadline,
    intake.overdue,
    ...Object.values(exitsByReason),
    ...differences,
  ];
  if (!cells.some(small)) return group;
  return {
    jurisdiction: group.jurisdiction,
    provider: group.provider,
    cases: small(cases) ? null : cases,
    open: withhold(open),
    exited: withhold(exited),
    engagement: withheldAll(engagement),
    intake: {
      completed: withhold(intake.completed),
      withinDeadline: withhold(intake.withinDeadline),
      overdue: withhold(intake.overdue),
      withinDeadlineRate: null,
    },
    exitsByReason: withheldAll(exitsByReason),
  };
}
