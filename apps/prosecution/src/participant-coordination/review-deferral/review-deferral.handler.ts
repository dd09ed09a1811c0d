import { Inject, Injectable } from '@nestjs/common';
import { systemActor } from '@lead/jurisdictions';
import { LOGGER } from '@lead/platform';
import type { DueTimer } from '@lead/scheduling';
import type { Logger } from 'pino';
import { coordinationStream, ParticipantCoordinationRepository } from '../participant-coordination.repository.js';
import type { DeferralTimerPayload } from './deferral-timers.js';

/**
 * A deferral's day came: the matter is open for the liaison's decision again. The event id derives from the timer
 * id, so a timer fired twice (a crash between the append and the fired mark) re-opens the matter once.
 */
@Injectable()
export class ReviewDeferralHandler {
  constructor(
    @Inject(ParticipantCoordinationRepository) private readonly coordinations: ParticipantCoordinationRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async fire(timer: DueTimer): Promise<void> {
    const { participantId, legalMatterId, deferredUntil } = timer.payload as unknown as DeferralTimerPayload;
    const stream = coordinationStream(participantId);
    const loaded = await this.coordinations.load(stream);
    const participant = loaded.state.participant;
    if (!participant) return;
    const { events } = await this.coordinations.handle(
      stream,
      { type: 'ReviewDeferral', legalMatterId, deferredUntil, at: timer.instant.toISOString() },
      {
        loaded,
        sourceEventId: timer.timerId,
        metadata: {
          correlationId: timer.timerId,
          actor: systemActor('prosecution'),
          jurisdiction: participant.jurisdiction,
          participantId: participant.participantId,
        },
      },
    );
    if (events.length > 0) this.logger.info({ legalMatterId }, 'deferral came due; legal matter open for a decision');
  }
}
