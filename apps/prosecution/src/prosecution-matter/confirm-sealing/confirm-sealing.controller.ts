import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { currentCorrelationId, IfMatchRevision, setRevisionETag } from '@lead/platform';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { MatterRecord } from '../get-matter/matter-record.js';
import { ConfirmSealingCommand, type ConfirmSealingResult } from './confirm-sealing.command.js';
import { ConfirmSealingRequest } from './confirm-sealing.request.js';

@Controller('matters')
export class ConfirmSealingController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /**
   * A record custodian (police, prosecutor, court, jail) sealed its records of the arrest: recorded once per
   * custodian, after sealing became possible. Answers the matter, with the custodians still to seal and those
   * overdue; `ETag` is its revision, `If-Match` (optional) the revision the caller saw.
   */
  @Post(':matterId/sealing-confirmations')
  @HttpCode(200)
  async confirm(
    @Param('matterId', new ParseUUIDPipe()) matterId: string,
    @Body() body: ConfirmSealingRequest,
    @IfMatchRevision() expectedRevision: number | undefined,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<MatterRecord> {
    const { record, revision } = await this.commands.execute<ConfirmSealingCommand, ConfirmSealingResult>(
      new ConfirmSealingCommand(matterId, body, caller, expectedRevision, currentCorrelationId() ?? randomUUID()),
    );
    setRevisionETag(response, revision);
    return record;
  }
}
