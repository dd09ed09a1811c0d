import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EraseParticipantCommand, type EraseParticipantResult } from './erase-participant.command.js';
import { ParticipantErasure } from './participant-erasure.js';

/**
 * Loads the participant (none, or another jurisdiction's: 404, alike), then runs the erasure (participant-erasure.ts)
 * for the whole person. Running it again completes an erasure that was cut off, and answers one that is done.
 */
@CommandHandler(EraseParticipantCommand)
export class EraseParticipantHandler implements ICommandHandler<EraseParticipantCommand, EraseParticipantResult> {
  constructor(@Inject(ParticipantErasure) private readonly erasure: ParticipantErasure) {}

  async execute({
    participantId,
    request,
    editor,
    correlationId,
  }: EraseParticipantCommand): Promise<EraseParticipantResult> {
    const { state } = await this.erasure.load(participantId);
    editor.visible(state.status === 'none' ? undefined : { jurisdiction: state.jurisdiction });
    const result = await this.erasure.erase({
      participantId,
      reasonCode: request.reasonCode,
      actor: editor.actor,
      correlationId,
    });
    return {
      erasureId: result.erasureId,
      participantId: result.participantId,
      participants: result.participants,
      alreadyErased: result.alreadyErased,
    };
  }
}
