import { Query } from '@nestjs/cqrs';
import type { EngagementLevel, ExitReason } from '../case-vocabulary.js';
import type { CountCasesRequest } from './count-cases.request.js';

/** A number of cases; `null` when withheld as a small cell (`SMALL_CELL_MINIMUM` of @lead/disclosure-control). */
export type Count = number | null;

/** The cases of one program (jurisdiction × provider agency). */
export interface CaseCounts {
  jurisdiction: string;
  provider: string;
  /** Every case opened: open + exited. */
  cases: Count;
  /** In services now (re-enrolled ones included). */
  open: Count;
  exited: Count;
  /** The open cases by engagement level (engaged + low + inactive = open). */
  engagement: Record<EngagementLevel, Count>;
  intake: {
    completed: Count;
    withinDeadline: Count;
    /** Not completed, and the day it was due by has passed. */
    overdue: Count;
    /** `withinDeadline / (completed + overdue)`: of the intakes due by now, the share done in time; null when none. */
    withinDeadlineRate: number | null;
  };
  /** The exited cases by reason (they add up to `exited`). */
  exitsByReason: Record<ExitReason, Count>;
}

export interface CaseCountsReport {
  /** The service's day overdue intakes are reckoned on (UTC). */
  today: string;
  /** When set, every count from 1 to this minus one is `null` (withheld); 0 is shown. */
  suppressedBelow: number | null;
  groups: CaseCounts[];
}

/** Aggregates only: no case, participant or staff member is named. */
export class CountCasesQuery extends Query<CaseCountsReport> {
  constructor(
    readonly filter: CountCasesRequest,
    readonly jurisdictions: readonly string[],
    /** Withhold small cells (evaluators). */
    readonly suppressSmallCells: boolean,
  ) {
    super();
  }
}
