import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { currentCorrelationId, setRevisionETag } from '@lead/platform';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { CoordinationRecord, CoordinationResult } from '../get-coordination/coordination-record.js';
import { RecordLegalMatterCommand } from './record-legal-matter.command.js';
import { RecordLegalMatterRequest } from './record-legal-matter.request.js';

@Controller('participants')
export class RecordLegalMatterController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /**
   * A prosecutor office records a new arrest or charge, an older case or a warrant of the participant, for the
   * liaison to decide. Answers the participant's coordination; `ETag` is its revision.
   */
  @Post(':participantId/legal-matters')
  @HttpCode(201)
  async record(
    @Param('participantId', new ParseUUIDPipe()) participantId: string,
    @Body() body: RecordLegalMatterRequest,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<CoordinationRecord> {
    caller.assertJurisdiction(body.jurisdiction);
    const { record, revision } = await this.commands.execute<RecordLegalMatterCommand, CoordinationResult>(
      new RecordLegalMatterCommand(
        randomUUID(),
        participantId,
        body.jurisdiction,
        body.kind,
        body.offenseCode ?? null,
        body.occurredOn,
        { subject: caller.principal.subject, agency: caller.principal.agency },
        caller.actor,
        currentCorrelationId() ?? randomUUID(),
      ),
    );
    setRevisionETag(response, revision);
    return record;
  }
}
