import type { IntegrationEvent, LatestIntegrationEvent } from '@lead/contracts';
import { DomainRuleViolation, type EventMetadata } from '@lead/event-store';
import { systemActor } from '@lead/jurisdictions';
import type { HandlerContext } from '@lead/messaging';
import type { NoteOfficerScreening, NoteReferralEnded } from '../prosecution-matter.commands.js';
import { matterIdFor, matterStream, type ProsecutionMatterRepository } from '../prosecution-matter.repository.js';
import type { ReferralsWithoutMatter } from './referrals-without-matter.js';

export type Received<T extends LatestIntegrationEvent['type']> = Extract<LatestIntegrationEvent, { type: T }>;

/** The service acting on its own, as the actor of what it records from the bus. */
export const PROSECUTION_SYSTEM_ACTOR = systemActor('prosecution');

/** What the service records from a referral's message: caused by it, in its jurisdiction, of its participant. */
export function metadataOf(event: IntegrationEvent): EventMetadata {
  return {
    correlationId: event.correlationId,
    causationId: event.id,
    actor: PROSECUTION_SYSTEM_ACTOR,
    jurisdiction: event.jurisdiction,
    participantId: event.participantId,
  };
}

/**
 * Notes a fact of the referral (its screening, its end) on the referral's matter, reading the matter once. A
 * referral of another door has no matter and nothing to note; any other referral without one has had its
 * `lead.referral.recorded` fail (dead-lettered, say), so this message fails too, and waits for that replay.
 */
export async function noteOnMatter(
  matters: ProsecutionMatterRepository,
  withoutMatter: ReferralsWithoutMatter,
  event: Received<'lead.referral.screened' | 'lead.referral.closed'>,
  tx: HandlerContext['tx'],
  command: NoteOfficerScreening | NoteReferralEnded,
): Promise<void> {
  const { referralId } = event.data;
  try {
    await matters.handle(matterStream(matterIdFor(referralId)), command, {
      metadata: metadataOf(event),
      sourceEventId: event.id,
    });
  } catch (error) {
    if (!(error instanceof DomainRuleViolation && error.code === 'matter_not_found')) throw error;
    if (await withoutMatter.has(tx, referralId)) return;
    throw new Error(
      `Referral ${referralId} has no matter yet: its lead.referral.recorded was not handled (dead-lettered?). Replay that first, then this.`,
    );
  }
}
