import type { EngagementLevel } from './case-vocabulary.js';

const DAY_MS = 86_400_000;

export interface EngagementTerms {
  lowAfterDays: number;
  inactiveAfterDays: number;
}

/**
 * The level the days since the last successful contact (or since the case opened, before any) say at `at`:
 * `engaged` before `lowAfterDays`, `low` from then, `inactive` from `inactiveAfterDays` — each from its instant
 * exactly. Only successful contacts count; a failed outreach attempt is a contact attempt, not engagement.
 */
export function engagementAt(lastSuccessfulContactAt: string, at: string, terms: EngagementTerms): EngagementLevel {
  const elapsed = Date.parse(at) - Date.parse(lastSuccessfulContactAt);
  if (elapsed >= terms.inactiveAfterDays * DAY_MS) return 'inactive';
  if (elapsed >= terms.lowAfterDays * DAY_MS) return 'low';
  return 'engaged';
}

/** The instants the level will next change on its own, if no successful contact comes first (for the scheduler). */
export function engagementBoundaries(lastSuccessfulContactAt: string, terms: EngagementTerms): string[] {
  const from = Date.parse(lastSuccessfulContactAt);
  return [terms.lowAfterDays, terms.inactiveAfterDays].map((days) => new Date(from + days * DAY_MS).toISOString());
}
