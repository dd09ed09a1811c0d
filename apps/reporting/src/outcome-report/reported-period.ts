import type { ReportedPeriod } from '../program-report/program-report.js';
import type { ReportingPeriod } from '../reporting-period/reporting-period.js';
import { addDays } from './justice-history.js';

/** The period as a report states it: its label, kind, and first and last local days (inclusive). */
export function reportedPeriod(period: ReportingPeriod): ReportedPeriod {
  return { label: period.label, kind: period.kind, firstDay: period.firstDay, lastDay: addDays(period.endDay, -1) };
}
