import type { Rate } from '@lead/disclosure-control';
import type { Count } from '../program-report/figure-table.js';
import type { ReportedPeriod } from '../program-report/program-report.js';

/** One SUPRT occasion's timeliness over the cases whose window for it closed in the period. */
export interface OccasionTimeliness {
  /** Cases whose window closed in the period (by `asOf`'s knowledge). */
  due: Count;
  /** Done within the window. */
  onTime: Count;
  /** Done after the window closed. */
  late: Count;
  /** Not done (as of the report's instant). */
  missed: Count;
  onTimeRate: Rate;
}

/**
 * What a SAMHSA grant asks of a period: the SUPRT baseline, reassessment and closeout counts and on-time rates, and
 * the follow-up rate against its 80% target. Windows are counted in the jurisdiction's local days.
 */
export interface FunderReport {
  jurisdiction: string;
  period: ReportedPeriod;
  asOf: string;
  suppressedBelow: number | null;
  instrument: string;
  intakes: Count;
  baseline: OccasionTimeliness;
  reassessment: OccasionTimeliness;
  closeout: OccasionTimeliness;
  /** Reassessments done within their window over those due: the grant's follow-up rate. */
  followUp: { rate: Rate; target: number; met: boolean | null };
}
