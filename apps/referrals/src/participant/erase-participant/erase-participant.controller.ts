import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { currentCorrelationId } from '@lead/platform';
import { randomUUID } from 'node:crypto';
import { EraseParticipantCommand, type EraseParticipantResult } from './erase-participant.command.js';
import { EraseParticipantRequest } from './erase-participant.request.js';

@Controller('participants')
export class EraseParticipantController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /**
   * Erases this participant: the whole person, every record merged with this one. The blind index stops naming
   * them, their data key is destroyed (identity and narratives read as erased everywhere), and a later referral of
   * the same person is recorded as a new participant. Audited in the participant's stream with the reason code.
   * Idempotent: sent again, it completes an erasure that was cut off, or answers `alreadyErased: true`.
   */
  @Post(':participantId/erasure')
  @HttpCode(200)
  erase(
    @Param('participantId', new ParseUUIDPipe()) participantId: string,
    @Body() body: EraseParticipantRequest,
    @Caller() caller: AccessContext,
  ): Promise<EraseParticipantResult> {
    return this.commands.execute<EraseParticipantCommand, EraseParticipantResult>(
      new EraseParticipantCommand(participantId, body, caller, currentCorrelationId() ?? randomUUID()),
    );
  }
}
