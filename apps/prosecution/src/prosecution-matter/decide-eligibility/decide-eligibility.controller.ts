import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { currentCorrelationId, IfMatchRevision, setRevisionETag } from '@lead/platform';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { MatterRecord } from '../get-matter/matter-record.js';
import { DecideEligibilityCommand, type DecideEligibilityResult } from './decide-eligibility.command.js';
import { DecideEligibilityRequest } from './decide-eligibility.request.js';

@Controller('matters')
export class DecideEligibilityController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /**
   * The prosecutor's final word on an arrest diversion's eligibility: confirms or overrides the officer's
   * screening, with a reason code, attributed to the caller. Answers the matter; `ETag` is its revision, and
   * `If-Match` (optional) the revision the prosecutor decided on.
   */
  @Post(':matterId/eligibility-decision')
  @HttpCode(200)
  async decide(
    @Param('matterId', new ParseUUIDPipe()) matterId: string,
    @Body() body: DecideEligibilityRequest,
    @IfMatchRevision() expectedRevision: number | undefined,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<MatterRecord> {
    const { record, revision } = await this.commands.execute<DecideEligibilityCommand, DecideEligibilityResult>(
      new DecideEligibilityCommand(matterId, body, caller, expectedRevision, currentCorrelationId() ?? randomUUID()),
    );
    setRevisionETag(response, revision);
    return record;
  }
}
