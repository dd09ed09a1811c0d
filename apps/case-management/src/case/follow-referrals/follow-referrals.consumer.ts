import { Inject, Injectable } from '@nestjs/common';
import { readIntegrationEvent, TOPICS, type IntegrationEvent } from '@lead/contracts';
import type { ConsumerDefinition, HandlerContext } from '@lead/messaging';
import { ParticipantCases } from '../../participation/participant-cases.js';
import { OpenCaseHandler } from '../open-case/open-case.handler.js';
import { ReferralFactsTable } from './referral-facts.js';

/**
 * Follows the referrals service's referrals (`lead.referrals.v1`, consumer group `lead.case-management`): the
 * referral's door and instant and the hand-off's agency are noted as they pass, and an accepted referral opens its
 * case (open-case); a participant merge is noted so the participant's cases are found under the surviving id. A
 * referral's messages share a partition (keyed by participant), so its facts arrive before its
 * acceptance.
 */
@Injectable()
export class FollowReferralsConsumer implements ConsumerDefinition {
  readonly group = 'lead.case-management';
  readonly topics = [TOPICS.referrals];
  readonly eventTypes = [
    'lead.referral.recorded',
    'lead.referral.handed-off',
    'lead.referral.accepted',
    'lead.participant.merged',
  ];

  constructor(
    @Inject(ReferralFactsTable) private readonly facts: ReferralFactsTable,
    @Inject(OpenCaseHandler) private readonly openCase: OpenCaseHandler,
    @Inject(ParticipantCases) private readonly participantCases: ParticipantCases,
  ) {}

  async handle(received: IntegrationEvent, { tx }: HandlerContext): Promise<void> {
    // Validated by the bus already; this upcasts to the version this code is written against.
    const event = readIntegrationEvent(received);
    switch (event.type) {
      case 'lead.referral.recorded':
        return this.facts.noteRecorded(tx, event.data.referralId, {
          door: event.data.door,
          referredAt: event.data.referredAt,
          protocolVersion: event.data.protocolVersion,
        });
      case 'lead.referral.handed-off':
        return this.facts.noteHandOff(tx, event.data.referralId, event.data.caseManagerAgency);
      case 'lead.referral.accepted':
        return this.openCase.handle(event, tx);
      case 'lead.participant.merged':
        return this.participantCases.noteMerge(tx, event.participantId, event.data.mergedInto, event.data.mergedAt);
      default:
        return;
    }
  }
}
