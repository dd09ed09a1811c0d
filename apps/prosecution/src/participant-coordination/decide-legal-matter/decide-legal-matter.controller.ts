import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { currentCorrelationId, IfMatchRevision, setRevisionETag } from '@lead/platform';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { CoordinationRecord, CoordinationResult } from '../get-coordination/coordination-record.js';
import { DecideLegalMatterCommand } from './decide-legal-matter.command.js';
import { DecideLegalMatterRequest } from './decide-legal-matter.request.js';

@Controller('participants')
export class DecideLegalMatterController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /**
   * The liaison prosecutor office decides a legal matter: decline, file, coordinate with the plan (case management
   * is told, as the kind and the day only), or defer until a day. Answers the coordination; `ETag` is its revision.
   */
  @Post(':participantId/legal-matters/:legalMatterId/decision')
  @HttpCode(200)
  async decide(
    @Param('participantId', new ParseUUIDPipe()) participantId: string,
    @Param('legalMatterId', new ParseUUIDPipe()) legalMatterId: string,
    @Body() body: DecideLegalMatterRequest,
    @IfMatchRevision() expectedRevision: number | undefined,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<CoordinationRecord> {
    const { record, revision } = await this.commands.execute<DecideLegalMatterCommand, CoordinationResult>(
      new DecideLegalMatterCommand(
        participantId,
        legalMatterId,
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
