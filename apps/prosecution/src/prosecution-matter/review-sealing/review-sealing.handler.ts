import { Inject, Injectable } from '@nestjs/common';
import type { DueTimer } from '@lead/scheduling';
import { LOGGER } from '@lead/platform';
import type { Logger } from 'pino';
import { PROSECUTION_SYSTEM_ACTOR } from '../follow-referrals/referral-fact.js';
import { matterStream, ProsecutionMatterRepository } from '../prosecution-matter.repository.js';

/**
 * The arrest's sealing came due (after the waiting days from the decline, or the days of participation): the
 * records become sealable, and LEAD's own copy is expunged where the rule expunges. The event ids derive from the
 * timer id, so a timer fired twice appends once.
 */
@Injectable()
export class ReviewSealingHandler {
  constructor(
    @Inject(ProsecutionMatterRepository) private readonly matters: ProsecutionMatterRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async fire(timer: DueTimer): Promise<void> {
    const { matterId } = timer.payload as { matterId: string };
    const stream = matterStream(matterId);
    const loaded = await this.matters.load(stream);
    const matter = loaded.state.matter;
    if (!matter) return;
    const { events } = await this.matters.handle(
      stream,
      { type: 'ReviewSealing', at: timer.instant.toISOString() },
      {
        loaded,
        sourceEventId: timer.timerId,
        metadata: {
          correlationId: timer.timerId,
          actor: PROSECUTION_SYSTEM_ACTOR,
          jurisdiction: matter.jurisdiction,
          participantId: matter.participantId,
        },
      },
    );
    if (events.length > 0) this.logger.info({ matterId }, 'sealing came due');
  }
}
