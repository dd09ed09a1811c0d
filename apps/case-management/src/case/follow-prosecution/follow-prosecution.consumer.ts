import { Inject, Injectable } from '@nestjs/common';
import { readIntegrationEvent, TOPICS, type IntegrationEvent } from '@lead/contracts';
import type { ConsumerDefinition } from '@lead/messaging';
import { ProsecutionDecisionsHandler } from './prosecution-decisions.handler.js';

/**
 * Follows the prosecution service's coordination of a participant (`lead.prosecution.v1`, consumer group
 * `lead.case-management.prosecution`): a legal matter the liaison coordinates with the plan becomes a `legalMatters`
 * entry of the participant's case, and the DA's termination on its criteria exits the case where the program says
 * the prosecutor's office set criteria. Nothing else of that topic concerns a case.
 */
@Injectable()
export class FollowProsecutionConsumer implements ConsumerDefinition {
  readonly group = 'lead.case-management.prosecution';
  readonly topics = [TOPICS.prosecution];
  readonly eventTypes = ['lead.prosecution.legal-matter-coordinated', 'lead.prosecution.termination-decided'];

  constructor(@Inject(ProsecutionDecisionsHandler) private readonly decisions: ProsecutionDecisionsHandler) {}

  async handle(received: IntegrationEvent): Promise<void> {
    // Validated by the bus already; this upcasts to the version this code is written against.
    const event = readIntegrationEvent(received);
    switch (event.type) {
      case 'lead.prosecution.legal-matter-coordinated':
        return this.decisions.noteLegalMatter(event);
      case 'lead.prosecution.termination-decided':
        return this.decisions.exitOnCriteria(event);
      default:
        return;
    }
  }
}
