import { Inject, Injectable } from '@nestjs/common';
import { LOGGER } from '@lead/platform';
import type { DueTimer } from '@lead/scheduling';
import type { Logger } from 'pino';
import { PROSECUTION_SYSTEM_ACTOR } from '../follow-referrals/referral-fact.js';
import type { ExpireIntakeDeadline, ReviewSealing } from '../prosecution-matter.commands.js';
import { matterStream, ProsecutionMatterRepository } from '../prosecution-matter.repository.js';

/**
 * A matter's timer came due: its command goes to the matter at the timer's instant (not the moment the worker got to
 * it). `prosecution.intake-deadline` releases a charge still held when the deadline ran out (and the grace with
 * it); `prosecution.sealing-review` makes a declined charge's arrest sealable, and expunges it where the rule does.
 * The event ids derive from the timer id, so a timer fired twice (a crash before its fired mark) appends once.
 */
@Injectable()
export class MatterTimerHandler {
  constructor(
    @Inject(ProsecutionMatterRepository) private readonly matters: ProsecutionMatterRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async fire(timer: DueTimer, type: (ExpireIntakeDeadline | ReviewSealing)['type']): Promise<void> {
    const { matterId } = timer.payload as { matterId: string };
    const stream = matterStream(matterId);
    const loaded = await this.matters.load(stream);
    const matter = loaded.state.matter;
    if (!matter) return;
    const { events } = await this.matters.handle(
      stream,
      { type, at: timer.instant.toISOString() },
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
    if (events.length > 0) this.logger.info({ matterId, events: events.map((e) => e.type) }, `${type}: recorded`);
  }
}
