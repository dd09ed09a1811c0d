import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { currentCorrelationId, IfMatchRevision, setRevisionETag } from '@lead/platform';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { MergeParticipantCommand, type MergeParticipantResult } from './merge-participant.command.js';
import { MergeParticipantRequest } from './merge-participant.request.js';

@Controller('participants')
export class MergeParticipantController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /**
   * Merges this participant record into `into` (the same person, whom matching missed). Its referrals
   * then count for `into`. `If-Match` (optional) carries this participant's revision; `ETag` the new one.
   */
  @Post(':participantId/merge')
  @HttpCode(200)
  async merge(
    @Param('participantId', new ParseUUIDPipe()) participantId: string,
    @Body() body: MergeParticipantRequest,
    @IfMatchRevision() expectedRevision: number | undefined,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<Omit<MergeParticipantResult, 'revision'>> {
    const { revision, ...result } = await this.commands.execute<MergeParticipantCommand, MergeParticipantResult>(
      new MergeParticipantCommand(
        participantId,
        body,
        caller,
        expectedRevision,
        currentCorrelationId() ?? randomUUID(),
      ),
    );
    setRevisionETag(response, revision);
    return result;
  }
}
