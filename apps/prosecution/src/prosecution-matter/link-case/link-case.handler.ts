import { Inject, Injectable } from '@nestjs/common';
import { DomainRuleViolation } from '@lead/event-store';
import type { HandlerContext } from '@lead/messaging';
import { CaseMatters } from '../follow-cases/case-matters.js';
import { metadataOf, type Received } from '../follow-referrals/referral-fact.js';
import { ReferralsWithoutMatter } from '../follow-referrals/referrals-without-matter.js';
import { MatterTimers } from '../matter-timers/matter-timers.js';
import { matterIdFor, matterStream, ProsecutionMatterRepository } from '../prosecution-matter.repository.js';

/**
 * `lead.case.opened`: the referral's matter learns its case, so the case's later messages find it. A case of a
 * referral without a matter (another door) is kept as such. A case whose referral has no matter yet (its
 * `lead.referral.recorded` still on its way on the other topic, or dead-lettered) fails and is retried: passing it
 * over would leave the matter deaf to its intake.
 */
@Injectable()
export class LinkCaseHandler {
  constructor(
    @Inject(ProsecutionMatterRepository) private readonly matters: ProsecutionMatterRepository,
    @Inject(ReferralsWithoutMatter) private readonly withoutMatter: ReferralsWithoutMatter,
    @Inject(CaseMatters) private readonly caseMatters: CaseMatters,
    @Inject(MatterTimers) private readonly timers: MatterTimers,
  ) {}

  async handle(event: Received<'lead.case.opened'>, tx: HandlerContext['tx']): Promise<void> {
    const { caseId, referralId, providerAgency, openedAt } = event.data;
    const matterId = matterIdFor(referralId);
    let linked;
    try {
      linked = await this.matters.handle(
        matterStream(matterId),
        {
          type: 'LinkCase',
          source: { jurisdiction: event.jurisdiction, participantId: event.participantId },
          caseId,
          providerAgency,
          openedAt,
        },
        { metadata: metadataOf(event), sourceEventId: event.id },
      );
    } catch (error) {
      if (!(error instanceof DomainRuleViolation && error.code === 'matter_not_found')) throw error;
      if (!(await this.withoutMatter.has(tx, referralId))) {
        throw new Error(
          `Case ${caseId} opened for referral ${referralId}, which has no matter yet: its lead.referral.recorded was not handled here (still on its way, or dead-lettered)`,
        );
      }
      return this.caseMatters.note(tx, caseId, null);
    }
    await this.caseMatters.note(tx, caseId, matterId);
    // Sealing after days of participation counts from the case's opening.
    await this.timers.arm(linked.state, tx);
  }
}
