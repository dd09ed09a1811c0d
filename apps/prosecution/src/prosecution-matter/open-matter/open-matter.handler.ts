import { Inject, Injectable } from '@nestjs/common';
import { afterIntakeOf, JurisdictionRegistry } from '@lead/jurisdictions';
import type { HandlerContext } from '@lead/messaging';
import { LOGGER } from '@lead/platform';
import type { Logger } from 'pino';
import { metadataOf, type Received } from '../follow-referrals/referral-fact.js';
import { ReferralsWithoutMatter } from '../follow-referrals/referrals-without-matter.js';
import { MatterTimers } from '../matter-timers/matter-timers.js';
import { matterIdFor, matterStream, ProsecutionMatterRepository } from '../prosecution-matter.repository.js';

/**
 * `lead.referral.recorded`: an arrest diversion opens a matter holding its charge, on the terms of the protocol
 * version it was made under; another door is remembered as having no matter. A protocol version this service does
 * not know is an error that dead-letters (deploy the configuration, then replay it): opening the matter on guessed
 * terms would be worse. The intake deadline counts local days in the jurisdiction's time zone; its timer is armed in
 * the consumer's transaction.
 */
@Injectable()
export class OpenMatterHandler {
  constructor(
    @Inject(ProsecutionMatterRepository) private readonly matters: ProsecutionMatterRepository,
    @Inject(JurisdictionRegistry) private readonly jurisdictions: JurisdictionRegistry,
    @Inject(ReferralsWithoutMatter) private readonly withoutMatter: ReferralsWithoutMatter,
    @Inject(MatterTimers) private readonly timers: MatterTimers,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(event: Received<'lead.referral.recorded'>, tx: HandlerContext['tx']): Promise<void> {
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
    const { events, state } = await this.matters.handle(
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
        timeZone: this.jurisdictions.timeZoneOf(event.jurisdiction, protocol.version),
        afterIntake: afterIntakeOf(protocol),
        prosecutorOffices: protocol.agencies.filter((a) => a.kind === 'prosecutor').map((a) => a.id),
        // Versions before 2026-12 say only the days and custodians: sealable on request once no charge is filed.
        sealing: {
          startsAt: protocol.sealing.startsAt ?? 'charge_not_filed',
          eligibleAfterDays: protocol.sealing.eligibleAfterDays,
          effect: protocol.sealing.effect ?? 'sealable_on_request',
          custodians: [...protocol.sealing.custodians],
          authority: protocol.sealing.authority,
        },
      },
      { metadata: metadataOf(event), sourceEventId: event.id },
    );
    await this.timers.arm(state, tx);
    if (events.length > 0)
      this.logger.info({ matterId, referralId: data.referralId }, 'prosecution matter opened; charge held');
  }
}
