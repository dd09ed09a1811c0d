import { NotFoundException } from '@nestjs/common';
import type { AccessContext } from '@lead/access';
import { invalidField } from '@lead/platform';
import { firstReleaseOf, latestRelease } from '../evaluator-release/evaluator-release.js';
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
 * given released quarters only, as they stood at the latest release (evaluator-release.ts): no month or year (they
 * overlap quarters and could be subtracted from them), no period before its release, no `asOf` of their choosing.
 */
export function reportScope(request: ReportRequest, caller: AccessContext, now: Date): ReportScope {
  if (!caller.jurisdictions.includes(request.jurisdiction))
    throw new NotFoundException('No report of this jurisdiction is available to the caller.');
  const period = reportingPeriod(request.period);
  if (!period) throw invalidField('period', 'must be a month (2026-11), a quarter (2026-Q4) or a year (2026)');
  if (caller.role !== 'evaluator') {
    const asOf = request.asOf === undefined ? now : new Date(request.asOf);
    if (asOf.getTime() > now.getTime()) throw invalidField('asOf', 'must not be in the future');
    return { jurisdiction: request.jurisdiction, period, asOf, suppress: false };
  }
  if (request.asOf !== undefined)
    throw invalidField('asOf', 'evaluators are given the latest release of a quarter; asOf is for program admins');
  if (period.kind !== 'quarter')
    throw invalidField('period', 'evaluators are given quarters only (2026-Q3): months and years overlap them');
  if (firstReleaseOf(period.endDay).getTime() > now.getTime())
    throw invalidField('period', 'not released yet: a quarter is released on the thirtieth day after it ends');
  return { jurisdiction: request.jurisdiction, period, asOf: latestRelease(now), suppress: true };
}
