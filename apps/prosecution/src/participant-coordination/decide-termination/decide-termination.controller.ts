import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { currentCorrelationId, IfMatchRevision, setRevisionETag } from '@lead/platform';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { CoordinationRecord, CoordinationResult } from '../get-coordination/coordination-record.js';
import { DecideTerminationCommand } from './decide-termination.command.js';
import { DecideTerminationRequest } from './decide-termination.request.js';

@Controller('participants')
export class DecideTerminationController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /**
   * A prosecutor office terminates the participant on a criterion the District Attorney adopted (the criteria are
   * the prosecutor's; LEAD never sanctions drug use or inactivity). Answers the coordination; `ETag` its revision.
   */
  @Post(':participantId/termination')
  @HttpCode(200)
  async decide(
    @Param('participantId', new ParseUUIDPipe()) participantId: string,
    @Body() body: DecideTerminationRequest,
    @IfMatchRevision() expectedRevision: number | undefined,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<CoordinationRecord> {
    const { record, revision } = await this.commands.execute<DecideTerminationCommand, CoordinationResult>(
      new DecideTerminationCommand(
        participantId,
        body,
        { subject: caller.principal.subject, agency: caller.principal.agency },
        caller.actor,
        caller.jurisdictions,
        expectedRevision,
        currentCorrelationId() ?? randomUUID(),
      ),
    );
    setRevisionETag(response, revision);
    return record;
  }
}
