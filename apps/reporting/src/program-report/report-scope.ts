import { NotFoundException } from '@nestjs/common';
import type { AccessContext } from '@lead/access';
import { invalidField } from '@lead/platform';
import { reportingPeriod, type ReportingPeriod } from '../reporting-period/reporting-period.js';
import type { ReportRequest } from './report-request.js';

/** What a report request resolves to once the caller's reach is checked. */
export interface ReportScope {
  jurisdiction: string;
  period: ReportingPeriod;
  asOf: Date;
  /** Evaluators get small cells withheld; program admins exact figures. */
  suppress: boolean;
}

/**
 * The caller's report, or the refusal. Another jurisdiction answers 404 like one that does not exist. An evaluator is
 * given closed periods only, as now known: a period still running, or the same period at two instants, would let two
 * releases be subtracted down to the one person who moved between them.
 */
export function reportScope(request: ReportRequest, caller: AccessContext, now: Date): ReportScope {
  if (!caller.jurisdictions.includes(request.jurisdiction))
    throw new NotFoundException('No report of this jurisdiction is available to the caller.');
  const period = reportingPeriod(request.period);
  if (!period) throw invalidField('period', 'must be a month (2026-11), a quarter (2026-Q4) or a year (2026)');
  const evaluator = caller.role === 'evaluator';
  if (evaluator && request.asOf !== undefined)
    throw invalidField('asOf', 'evaluators are given a report as now known; asOf is for program admins');
  const asOf = request.asOf === undefined ? now : new Date(request.asOf);
  if (asOf.getTime() > now.getTime()) throw invalidField('asOf', 'must not be in the future');
  // The period's last local day must be over everywhere (UTC−12 is the latest a day ends).
  if (evaluator && Date.parse(`${period.endDay}T12:00:00Z`) > now.getTime())
    throw invalidField('period', 'evaluators are given closed periods only: this one has not ended');
  return { jurisdiction: request.jurisdiction, period, asOf, suppress: evaluator };
}
