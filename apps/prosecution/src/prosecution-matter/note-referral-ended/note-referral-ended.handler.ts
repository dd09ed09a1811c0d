import { Inject, Injectable } from '@nestjs/common';
import type { HandlerContext } from '@lead/messaging';
import { noteOnMatter, type Received } from '../follow-referrals/referral-fact.js';
import { ReferralsWithoutMatter } from '../follow-referrals/referrals-without-matter.js';
import { ProsecutionMatterRepository } from '../prosecution-matter.repository.js';

/** `lead.referral.closed`: the end of the referral, noted once on its matter, and its held charge released. */
@Injectable()
export class NoteReferralEndedHandler {
  constructor(
    @Inject(ProsecutionMatterRepository) private readonly matters: ProsecutionMatterRepository,
    @Inject(ReferralsWithoutMatter) private readonly withoutMatter: ReferralsWithoutMatter,
  ) {}

  handle(event: Received<'lead.referral.closed'>, tx: HandlerContext['tx']): Promise<void> {
    return noteOnMatter(this.matters, this.withoutMatter, event, tx, {
      type: 'NoteReferralEnded',
      jurisdiction: event.jurisdiction,
      reason: event.data.reason,
      at: event.data.closedAt,
    });
  }
}
