import { AggregateRepository, deriveEventId } from '@lead/event-store';
import type { CaseCommand } from './case.commands.js';
import type { CaseState } from './case.decider.js';
import type { CaseEvent } from './case.events.js';

/** The Case aggregate's repository (stream `case-<caseId>`). */
export class CaseRepository extends AggregateRepository<CaseCommand, CaseState, CaseEvent> {}

/** Cases live on `case-<caseId>` streams (DESIGN.md §4). */
export const CASE_STREAM_PREFIX = 'case-';

/** Ids are lower-case UUIDs; an upper-case spelling of the same id names the same case. */
export const caseStream = (caseId: string): string => `${CASE_STREAM_PREFIX}${caseId.toLowerCase()}`;

/**
 * The case of a referral: a name-based (v5) UUID of the referral id, so every delivery of the acceptance opens the
 * same case, and anyone holding a referral id finds its case without a read model.
 */
export function caseIdFor(referralId: string): string {
  return deriveEventId(referralId.toLowerCase(), 'case');
}
