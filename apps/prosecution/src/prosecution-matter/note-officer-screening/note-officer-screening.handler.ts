import { Inject, Injectable } from '@nestjs/common';
import type { HandlerContext } from '@lead/messaging';
import { noteOnMatter, type Received } from '../follow-referrals/referral-fact.js';
import { ReferralsWithoutMatter } from '../follow-referrals/referrals-without-matter.js';
import { ProsecutionMatterRepository } from '../prosecution-matter.repository.js';

/** `lead.referral.screened`: the officer's screening, noted once on the referral's matter. */
@Injectable()
export class NoteOfficerScreeningHandler {
  constructor(
    @Inject(ProsecutionMatterRepository) private readonly matters: ProsecutionMatterRepository,
    @Inject(ReferralsWithoutMatter) private readonly withoutMatter: ReferralsWithoutMatter,
  ) {}

  handle(event: Received<'lead.referral.screened'>, tx: HandlerContext['tx']): Promise<void> {
    return noteOnMatter(this.matters, this.withoutMatter, event, tx, {
      type: 'NoteOfficerScreening',
      jurisdiction: event.jurisdiction,
      eligible: event.data.outcome === 'eligible',
      protocolVersion: event.data.protocolVersion,
    });
  }
}
