import { Inject, Injectable } from '@nestjs/common';
import { readIntegrationEvent, TOPICS, type IntegrationEvent, type LatestIntegrationEvent } from '@lead/contracts';
import type { EventMetadata } from '@lead/event-store';
import { JurisdictionRegistry, systemActor } from '@lead/jurisdictions';
import type { ConsumerDefinition, HandlerContext } from '@lead/messaging';
import { LOGGER } from '@lead/platform';
import type { Logger } from 'pino';
import type { ProsecutionMatterCommand } from '../prosecution-matter.commands.js';
import { matterIdFor, matterStream, ProsecutionMatterRepository } from '../prosecution-matter.repository.js';
import { ReferralsWithoutMatter } from './referrals-without-matter.js';

type Received<T extends LatestIntegrationEvent['type']> = Extract<LatestIntegrationEvent, { type: T }>;

/** The service acting on its own, as the actor of what it records from the bus. */
export const PROSECUTION_SYSTEM_ACTOR = systemActor('prosecution');

/**
 * Follows the referrals service's referrals (`lead.referrals.v1`, consumer group `lead.prosecution`): an arrest
 * diversion opens a matter holding its charge, with the terms of the protocol version it was made under; the
 * officer's screening and the end of the referral are noted on that matter. Other doors have no matter: they are
 * remembered as such, and their screening and closing passed over; a screening or closing that finds neither a
 * matter nor such a note fails (and dead-letters), since its recorded message failed before it. Appends derive their event ids from the message, so a redelivery appends nothing. A referral under
 * a protocol version this service does not know is an error that dead-letters (deploy the configuration, then
 * replay it): opening the matter on guessed terms would be worse.
 */
@Injectable()
export class FollowReferralsConsumer implements ConsumerDefinition {
  readonly group = 'lead.prosecution';
  readonly topics = [TOPICS.referrals];
  readonly eventTypes = ['lead.referral.recorded', 'lead.referral.screened', 'lead.referral.closed'];

  constructor(
    @Inject(ProsecutionMatterRepository) private readonly matters: ProsecutionMatterRepository,
    @Inject(JurisdictionRegistry) private readonly jurisdictions: JurisdictionRegistry,
    @Inject(ReferralsWithoutMatter) private readonly withoutMatter: ReferralsWithoutMatter,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(received: IntegrationEvent, { tx }: HandlerContext): Promise<void> {
    // Validated by the bus already; this upcasts to the version this code is written against.
    const event = readIntegrationEvent(received);
    switch (event.type) {
      case 'lead.referral.recorded':
        return this.referralRecorded(event, tx);
      case 'lead.referral.screened':
        return this.noteOnMatter(event, tx, {
          type: 'NoteOfficerScreening',
          eligible: event.data.outcome === 'eligible',
          protocolVersion: event.data.protocolVersion,
        });
      case 'lead.referral.closed':
        return this.noteOnMatter(event, tx, {
          type: 'NoteReferralEnded',
          reason: event.data.reason,
          at: event.data.closedAt,
        });
      default:
        return;
    }
  }

  private async referralRecorded(event: Received<'lead.referral.recorded'>, tx: HandlerContext['tx']): Promise<void> {
    const { data } = event;
    if (data.door !== 'arrest_diversion') return this.withoutMatter.remember(tx, data.referralId, data.door);
    if (data.offenseCode === undefined)
      throw new Error(`Arrest diversion ${data.referralId} names no offense: the charge cannot be held`);
    const protocol = this.jurisdictions.version(event.jurisdiction, data.protocolVersion);
    if (!protocol) {
      throw new Error(
        `Referral ${data.referralId}: protocol version ${data.protocolVersion} of ${event.jurisdiction} is not in this service's configuration`,
      );
    }
    const matterId = matterIdFor(data.referralId);
    const { events } = await this.matters.handle(
      matterStream(matterId),
      {
        type: 'OpenMatter',
        matterId,
        referralId: data.referralId,
        participantId: event.participantId,
        jurisdiction: event.jurisdiction,
        offenseCode: data.offenseCode,
        protocolVersion: protocol.version,
        prosecutorReviewRequired: protocol.prosecutorReviewRequired,
        arrestedAt: data.referredAt,
        intakeDeadlineDays: protocol.intakeDeadlineDays,
      },
      { metadata: this.metadataOf(event, event.jurisdiction, event.participantId), sourceEventId: event.id },
    );
    if (events.length > 0)
      this.logger.info({ matterId, referralId: data.referralId }, 'prosecution matter opened; charge held');
  }

  /** Screening and end of a referral: noted on its matter; a referral of another door has none to note. */
  private async noteOnMatter(
    event: Received<'lead.referral.screened' | 'lead.referral.closed'>,
    tx: HandlerContext['tx'],
    command: ProsecutionMatterCommand,
  ): Promise<void> {
    const { referralId } = event.data;
    const stream = matterStream(matterIdFor(referralId));
    const { state } = await this.matters.load(stream);
    if (!state.matter) {
      if (await this.withoutMatter.has(tx, referralId)) return;
      throw new Error(
        `Referral ${referralId} has no matter yet: its lead.referral.recorded was not handled (dead-lettered?). Replay that first, then this.`,
      );
    }
    if (state.matter.jurisdiction !== event.jurisdiction) {
      throw new Error(
        `Referral ${event.data.referralId} arrived from ${event.jurisdiction}, but its matter is in ${state.matter.jurisdiction}`,
      );
    }
    await this.matters.handle(stream, command, {
      metadata: this.metadataOf(event, state.matter.jurisdiction, state.matter.participantId),
      sourceEventId: event.id,
    });
  }

  private metadataOf(event: IntegrationEvent, jurisdiction: string, participantId: string): EventMetadata {
    return {
      correlationId: event.correlationId,
      causationId: event.id,
      actor: PROSECUTION_SYSTEM_ACTOR,
      jurisdiction,
      participantId,
    };
  }
}
