import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { currentCorrelationId, IfMatchRevision, setRevisionETag } from '@lead/platform';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { MatterRecord } from '../get-matter/matter-record.js';
import { DecideChargeCommand, type DecideChargeResult } from './decide-charge.command.js';
import { DecideChargeRequest } from './decide-charge.request.js';

@Controller('matters')
export class DecideChargeController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /**
   * The prosecutor declines or files the charge, when it is theirs to decide: after an intake disclosed in time
   * under a protocol that leaves the decline to them, or once released for ordinary processing. Answers the matter;
   * `ETag` is its revision, and `If-Match` (optional) the revision the prosecutor decided on.
   */
  @Post(':matterId/charge-decision')
  @HttpCode(200)
  async decide(
    @Param('matterId', new ParseUUIDPipe()) matterId: string,
    @Body() body: DecideChargeRequest,
    @IfMatchRevision() expectedRevision: number | undefined,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<MatterRecord> {
    const { record, revision } = await this.commands.execute<DecideChargeCommand, DecideChargeResult>(
      new DecideChargeCommand(matterId, body, caller, expectedRevision, currentCorrelationId() ?? randomUUID()),
    );
    setRevisionETag(response, revision);
    return record;
  }
}
