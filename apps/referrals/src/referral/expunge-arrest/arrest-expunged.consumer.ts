import { Inject, Injectable } from '@nestjs/common';
import { readIntegrationEvent, TOPICS, type IntegrationEvent } from '@lead/contracts';
import { PersonalDataCipher } from '@lead/crypto';
import { systemActor } from '@lead/jurisdictions';
import type { ConsumerDefinition } from '@lead/messaging';
import { LOGGER } from '@lead/platform';
import type { Logger } from 'pino';
import { referralStream, ReferralRepository } from '../referral.repository.js';
import { arrestScope } from './arrest-scope.js';

/**
 * Carries out the prosecution service's expungement of a diverted arrest (`lead.prosecution.arrest-expunged`,
 * consumer group `lead.referrals.expungement`): the referral records `ArrestExpunged` (event id derived from the
 * message), then the key of the arrest's scope is destroyed, so the offense narrative reads as erased wherever it
 * is opened; the person's identity and other referrals stay readable, and every hash chain still verifies. Both
 * steps are idempotent: a crash between them is finished by the redelivery. A referral this service never recorded,
 * or of another jurisdiction or door, is a producer bug: it fails, and is dead-lettered.
 */
@Injectable()
export class ArrestExpungedConsumer implements ConsumerDefinition {
  readonly group = 'lead.referrals.expungement';
  readonly topics = [TOPICS.prosecution];
  readonly eventTypes = ['lead.prosecution.arrest-expunged'];

  constructor(
    @Inject(ReferralRepository) private readonly referrals: ReferralRepository,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(received: IntegrationEvent): Promise<void> {
    const event = readIntegrationEvent(received);
    if (event.type !== 'lead.prosecution.arrest-expunged') return;
    const { referralId, basis, expungedOn } = event.data;
    await this.referrals.handle(
      referralStream(referralId),
      { type: 'NoteArrestExpunged', jurisdiction: event.jurisdiction, basis, expungedOn, at: event.time },
      {
        metadata: {
          correlationId: event.correlationId,
          causationId: event.id,
          actor: systemActor('referrals'),
          jurisdiction: event.jurisdiction,
          participantId: event.participantId,
        },
        sourceEventId: event.id,
      },
    );
    await this.cipher.shredScope(arrestScope(referralId));
    this.logger.info({ referralId, basis }, 'arrest expunged: its narrative key destroyed');
  }
}
