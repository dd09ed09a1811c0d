import { AggregateRepository, deriveEventId } from '@lead/event-store';
import type { ProsecutionMatterCommand } from './prosecution-matter.commands.js';
import type { ProsecutionMatterState } from './prosecution-matter.decider.js';
import type { ProsecutionMatterEvent } from './prosecution-matter.events.js';

/** The ProsecutionMatter aggregate's repository (stream `prosecution-<matterId>`). */
export class ProsecutionMatterRepository extends AggregateRepository<
  ProsecutionMatterCommand,
  ProsecutionMatterState,
  ProsecutionMatterEvent
> {}

/** Prosecution matters live on `prosecution-<matterId>` streams (DESIGN.md §4). */
export const PROSECUTION_STREAM_PREFIX = 'prosecution-';

/** Ids are lower-case UUIDs; an upper-case spelling of the same id names the same matter. */
export const matterStream = (matterId: string): string => `${PROSECUTION_STREAM_PREFIX}${matterId.toLowerCase()}`;

/**
 * The matter of a referral: a name-based (v5) UUID of the referral id, so every delivery of the referral opens the
 * same matter, and a prosecutor finds a referral's matter without a read model.
 */
export function matterIdFor(referralId: string): string {
  return deriveEventId(referralId.toLowerCase(), 'prosecution-matter');
}
