import { Inject, Injectable } from '@nestjs/common';
import type { DueTimer } from '@lead/scheduling';
import { LOGGER } from '@lead/platform';
import type { Logger } from 'pino';
import { PROSECUTION_SYSTEM_ACTOR } from '../follow-referrals/referral-fact.js';
import { matterStream, ProsecutionMatterRepository } from '../prosecution-matter.repository.js';

/**
 * The intake deadline ran out (and the grace for late messages with it): a charge still held is released for
 * ordinary processing, dated the instant the deadline ran out. The event id derives from the timer id, so a timer
 * fired twice (a crash between the release and the fired mark) releases once.
 */
@Injectable()
export class ExpireIntakeDeadlineHandler {
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
      { type: 'ExpireIntakeDeadline', at: timer.instant.toISOString() },
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
    if (events.length > 0) this.logger.info({ matterId }, 'intake deadline ran out; charge released');
  }
}
