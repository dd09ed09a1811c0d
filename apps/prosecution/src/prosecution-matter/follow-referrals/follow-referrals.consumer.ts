import { Inject, Injectable } from '@nestjs/common';
import { readIntegrationEvent, TOPICS, type IntegrationEvent } from '@lead/contracts';
import type { ConsumerDefinition, HandlerContext } from '@lead/messaging';
import { NoteOfficerScreeningHandler } from '../note-officer-screening/note-officer-screening.handler.js';
import { NoteReferralEndedHandler } from '../note-referral-ended/note-referral-ended.handler.js';
import { OpenMatterHandler } from '../open-matter/open-matter.handler.js';

export { PROSECUTION_SYSTEM_ACTOR } from './referral-fact.js';

/**
 * Follows the referrals service's referrals (`lead.referrals.v1`, consumer group `lead.prosecution`) and hands each
 * message to the use case it is: a recorded referral opens a matter (open-matter), its screening and its end are
 * noted on that matter (note-officer-screening, note-referral-ended). Appends derive their event ids from the
 * message, so a redelivery appends nothing.
 */
@Injectable()
export class FollowReferralsConsumer implements ConsumerDefinition {
  readonly group = 'lead.prosecution';
  readonly topics = [TOPICS.referrals];
  readonly eventTypes = ['lead.referral.recorded', 'lead.referral.screened', 'lead.referral.closed'];

  constructor(
    @Inject(OpenMatterHandler) private readonly openMatter: OpenMatterHandler,
    @Inject(NoteOfficerScreeningHandler) private readonly noteOfficerScreening: NoteOfficerScreeningHandler,
    @Inject(NoteReferralEndedHandler) private readonly noteReferralEnded: NoteReferralEndedHandler,
  ) {}

  async handle(received: IntegrationEvent, { tx }: HandlerContext): Promise<void> {
    // Validated by the bus already; this upcasts to the version this code is written against.
    const event = readIntegrationEvent(received);
    switch (event.type) {
      case 'lead.referral.recorded':
        return this.openMatter.handle(event, tx);
      case 'lead.referral.screened':
        return this.noteOfficerScreening.handle(event, tx);
      case 'lead.referral.closed':
        return this.noteReferralEnded.handle(event, tx);
      default:
        return;
    }
  }
}
