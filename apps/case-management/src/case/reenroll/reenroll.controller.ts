import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { IfMatchRevision } from '@lead/platform';
import type { ServerResponse } from 'node:http';
import { changeCase, CaseChangeReceipt } from '../change-case/case-change-receipt.js';
import { ReenrollRequest } from './reenroll.request.js';

@Controller('cases')
export class ReenrollController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /** Undoes an exit: the participant is in services again and engaged from this instant. */
  @Post(':caseId/reenrollment')
  @HttpCode(200)
  async reenroll(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: ReenrollRequest,
    @IfMatchRevision() expectedRevision: number | undefined,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<CaseChangeReceipt> {
    return changeCase(this.commands, {
      caseId,
      caller,
      expectedRevision,
      response,
      change: ({ by, at }) => ({
        type: 'Reenroll',
        reenrolledAt: body.reenrolledAt === undefined ? at : new Date(body.reenrolledAt).toISOString(),
        by,
        at,
      }),
    });
  }
}
