import { Inject, Injectable } from '@nestjs/common';
import { readIntegrationEvent, TOPICS, type IntegrationEvent } from '@lead/contracts';
import type { ConsumerDefinition, HandlerContext } from '@lead/messaging';
import { LinkCaseHandler } from '../link-case/link-case.handler.js';
import { NoteCaseFactHandler } from '../note-case-fact/note-case-fact.handler.js';

/**
 * Follows case management's cases (`lead.cases.v1`, consumer group `lead.prosecution.cases`): an opened case is
 * linked to its referral's matter (link-case); its consents, intake and exit are noted on that matter
 * (note-case-fact), where the intake counts for the held charge only as a consent naming a prosecutor office allows.
 * Appends derive their event ids from the message, so a redelivery appends nothing.
 */
@Injectable()
export class FollowCasesConsumer implements ConsumerDefinition {
  readonly group = 'lead.prosecution.cases';
  readonly topics = [TOPICS.cases];
  readonly eventTypes = [
    'lead.case.opened',
    'lead.case.consent-recorded',
    'lead.case.consent-revoked',
    'lead.case.intake-completed',
    'lead.case.exited',
  ];

  constructor(
    @Inject(LinkCaseHandler) private readonly linkCase: LinkCaseHandler,
    @Inject(NoteCaseFactHandler) private readonly noteCaseFact: NoteCaseFactHandler,
  ) {}

  async handle(received: IntegrationEvent, { tx }: HandlerContext): Promise<void> {
    // Validated by the bus already; this upcasts to the version this code is written against.
    const event = readIntegrationEvent(received);
    switch (event.type) {
      case 'lead.case.opened':
        return this.linkCase.handle(event, tx);
      case 'lead.case.consent-recorded':
      case 'lead.case.consent-revoked':
      case 'lead.case.intake-completed':
      case 'lead.case.exited':
        return this.noteCaseFact.handle(event, tx);
      default:
        return;
    }
  }
}
