import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { IfMatchRevision } from '@lead/platform';
import type { ServerResponse } from 'node:http';
import { changeCase, CaseChangeReceipt } from '../change-case/case-change-receipt.js';
import { ChangeServiceConnectionRequest } from './change-service-connection.request.js';

@Controller('cases')
export class ChangeServiceConnectionController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /** Records the connection's new status, dated and attributed to the caller; the same status again is nothing. */
  @Post(':caseId/service-connections/:connectionId/status')
  @HttpCode(200)
  async change(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Param('connectionId', new ParseUUIDPipe()) connectionId: string,
    @Body() body: ChangeServiceConnectionRequest,
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
        type: 'ChangeServiceConnectionStatus',
        connectionId: connectionId.toLowerCase(),
        status: body.status,
        by,
        at,
      }),
    });
  }
}
