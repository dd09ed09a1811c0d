import type { RecordedEvent } from '@lead/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import type { ParticipantEvent } from '../participant/participant.events.js';
import { survivorOf } from '../participant/participant-survivor.js';
import type { ReferralEvent } from '../referral/referral.events.js';
import { ParticipantMerge } from './participant-merge.entity.js';
import { ReferralSummary } from './referral-summary.entity.js';

/** The streams the projection follows: the referrals themselves, and participants (for merges). */
export const PROJECTED_STREAM_PREFIXES = ['referral-', 'participant-'];

type SummaryChanges = Partial<Omit<ReferralSummary, 'referralId' | 'revision' | 'updatedAt'>>;

/**
 * Folds stored events into the referral read model. Idempotent, so at-least-once delivery is safe:
 * - a referral event is applied only when its stream revision is newer than the row's (`revision`),
 *   in one statement; a redelivered or replayed event finds the row already at (or past) it;
 * - a merge records `participant_merges` once and re-attributes, in the page's transaction, every referral
 *   attributed to the merged participant to the record it now resolves to; done again, it finds
 *   nothing left to move.
 * Sealed values (identity, narratives) are never read, let alone opened.
 */
export class ReferralSummaryProjector {
  constructor(private readonly dataSource: DataSource) {}

  async apply(event: RecordedEvent): Promise<void> {
    await this.applyPage([event]);
  }

  /**
   * A page of events in one transaction: all of it is applied or none (the subscription then re-delivers it), and a
   * busy log costs one transaction per page, not several per event.
   */
  async applyPage(events: RecordedEvent[]): Promise<void> {
    if (!events.some(isProjected)) return;
    await this.dataSource.transaction(async (manager) => {
      for (const event of events) {
        if (event.streamId.startsWith('referral-')) {
          await this.applyReferralEvent(manager, event as RecordedEvent<ReferralEvent>);
        } else if (isProjected(event)) {
          await this.applyMerge(
            manager,
            event as RecordedEvent<Extract<ParticipantEvent, { type: 'ParticipantMergedInto' }>>,
          );
        }
      }
    });
  }

  private async applyReferralEvent(manager: EntityManager, event: RecordedEvent<ReferralEvent>): Promise<void> {
    const data = event.data;
    if (data.type === 'ReferralRecorded') {
      await manager
        .createQueryBuilder()
        .insert()
        .into(ReferralSummary)
        .values({
          referralId: data.referralId,
          participantId: await this.currentParticipant(manager, data.participantId),
          recordedParticipantId: data.participantId,
          jurisdiction: data.jurisdiction,
          district: data.district,
          door: data.door,
          referrerAgency: data.referrer.agency,
          referrerSubject: data.referrer.subject,
          referredAt: new Date(data.referredAt),
          protocolVersion: data.requirements.protocolVersion,
          status: 'open',
          closeReason: null,
          custodyRelinquished: false,
          revision: event.streamRevision,
          updatedAt: event.recordedAt,
        })
        .orIgnore()
        .execute();
      return;
    }
    const changes = summaryChanges(data);
    if (changes === undefined) return;
    await manager
      .createQueryBuilder()
      .update(ReferralSummary)
      .set({ ...changes, revision: event.streamRevision, updatedAt: event.recordedAt })
      .where('referral_id = :referralId AND revision < :revision', {
        referralId: event.streamId.slice('referral-'.length),
        revision: event.streamRevision,
      })
      .execute();
  }

  private async applyMerge(
    manager: EntityManager,
    event: RecordedEvent<Extract<ParticipantEvent, { type: 'ParticipantMergedInto' }>>,
  ): Promise<void> {
    const merged = event.streamId.slice('participant-'.length);
    await manager
      .createQueryBuilder()
      .insert()
      .into(ParticipantMerge)
      .values({
        participantId: merged,
        mergedInto: event.data.into,
        revision: event.streamRevision,
        mergedAt: new Date(event.data.at),
      })
      .orIgnore()
      .execute();
    // Every referral counted for `merged` (its own, and those of records merged into it before) now counts for
    // where `merged` leads. Run on every delivery: harmless when done, and it repairs a row a concurrent
    // projector inserted with the old participant while this merge was being recorded.
    await manager
      .createQueryBuilder()
      .update(ReferralSummary)
      .set({ participantId: await this.currentParticipant(manager, event.data.into) })
      .where('participant_id = :merged', { merged })
      .execute();
  }

  /** Follows recorded merges from `participantId` to the record that survives, by the merge table. */
  private currentParticipant(manager: EntityManager, participantId: string): Promise<string> {
    return survivorOf(participantId, async (id) =>
      manager.findOneBy(ParticipantMerge, { participantId: id }).then((merge) => merge?.mergedInto ?? null),
    );
  }
}

/** A referral's event, or a merge: what the read model shows. */
function isProjected(event: RecordedEvent): boolean {
  return (
    event.streamId.startsWith('referral-') ||
    (event.streamId.startsWith('participant-') && event.type === 'ParticipantMergedInto')
  );
}

/** What each referral event after the first changes in the row; undefined for an event the row does not show. */
function summaryChanges(event: ReferralEvent): SummaryChanges | undefined {
  switch (event.type) {
    case 'ReferralScreened':
      return { screenedEligible: event.eligible, eligible: event.eligible, protocolVersion: event.protocolVersion };
    case 'OfferAnswered':
      return { offerAccepted: event.accepted };
    case 'AggrievedPartyAgreementRecorded':
      return { aggrievedPartyAgreed: event.agreed };
    case 'CaseManagerArrived':
      return { handOffMinutes: event.minutesFromCall, handOffWithinTarget: event.withinTarget };
    case 'CustodyRelinquished':
      return { custodyRelinquished: true };
    case 'ProsecutorEligibilityDecided':
      // The prosecutor has the final word on an arrest diversion's eligibility.
      return {
        eligible: event.eligible,
        prosecutorEligible: event.eligible,
        prosecutorBasis: event.basis,
        prosecutorReasonCode: event.reasonCode,
        prosecutorAgency: event.prosecutor.agency,
      };
    case 'ReferralAccepted':
      return { status: 'accepted' };
    case 'ReferralClosed':
      return { status: 'closed', closeReason: event.reason };
    case 'LeadLineCalled':
      // Shown through the arrival, which carries the call time and the minutes from it.
      return {};
    case 'ArrestExpunged':
      // The summary never held the narrative.
      return {};
    case 'ReferralRecorded':
      return undefined;
  }
  return undefined;
}
