import { Inject, Injectable } from '@nestjs/common';
import { readIntegrationEvent, TOPICS, type IntegrationEvent } from '@lead/contracts';
import { DomainRuleViolation } from '@lead/event-store';
import type { ConsumerDefinition } from '@lead/messaging';
import { LOGGER } from '@lead/platform';
import type { Logger } from 'pino';
import { referralStream, ReferralRepository } from '../referral.repository.js';

/** A referral this decision can no longer change: the person declined, or the decision is already applied. */
const SETTLED = new Set(['referral_not_open', 'prosecutor_already_decided']);

/**
 * Carries the prosecutor's eligibility decision (the prosecution service's `lead.prosecution.eligibility-decided`)
 * onto the referral, where it may complete enrolment or close the referral. The appended events get ids derived
 * from the message, so a redelivery after a crash appends nothing; a decision for a referral this service never
 * recorded (`referral_not_found`), or recorded in another jurisdiction (`referral_in_other_jurisdiction`), is a
 * producer bug: it fails, and is dead-lettered.
 */
@Injectable()
export class ProsecutorDecisionConsumer implements ConsumerDefinition {
  readonly group = 'lead.referrals';
  readonly topics = [TOPICS.prosecution];
  readonly eventTypes = ['lead.prosecution.eligibility-decided'];

  constructor(
    @Inject(ReferralRepository) private readonly referrals: ReferralRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(received: IntegrationEvent): Promise<void> {
    // Upcast to the version this code is written against (the bus has validated it).
    const event = readIntegrationEvent(received);
    if (event.type !== 'lead.prosecution.eligibility-decided') return;
    const decision = event.data;
    const prosecutor = { subject: decision.decidedBy.staffId, agency: decision.decidedBy.agency };
    try {
      await this.referrals.handle(
        referralStream(decision.referralId),
        {
          type: 'ApplyProsecutorDecision',
          jurisdiction: event.jurisdiction,
          eligible: decision.outcome === 'eligible',
          basis: decision.decision,
          reasonCode: decision.reasonCode,
          prosecutor,
          at: decision.decidedAt,
        },
        {
          // The matter names the referral's own jurisdiction and participant (the decider checks the jurisdiction).
          metadata: {
            correlationId: event.correlationId,
            causationId: event.id,
            actor: { ...prosecutor, role: 'prosecutor' },
            jurisdiction: event.jurisdiction,
            participantId: event.participantId,
          },
          sourceEventId: event.id,
        },
      );
    } catch (error) {
      if (!(error instanceof DomainRuleViolation && SETTLED.has(error.code))) throw error;
      // The prosecution service keeps the decision in its own record; here there is nothing left to change.
      this.logger.info(
        { referralId: decision.referralId, code: error.code },
        'prosecutor decision arrived for a settled referral',
      );
    }
  }
}
