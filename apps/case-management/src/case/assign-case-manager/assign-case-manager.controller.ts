import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { IfMatchRevision } from '@lead/platform';
import type { ServerResponse } from 'node:http';
import { changeCase, CaseChangeReceipt } from '../change-case/case-change-receipt.js';
import { AssignCaseManagerRequest } from './assign-case-manager.request.js';

@Controller('cases')
export class AssignCaseManagerController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /** Assigns or reassigns the case to a case manager of the supervisor's provider agency. */
  @Post(':caseId/case-manager')
  @HttpCode(200)
  async assign(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: AssignCaseManagerRequest,
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
        type: 'AssignCaseManager',
        caseManager: { subject: body.caseManager, agency: by.agency },
        by,
        at,
      }),
    });
  }
}
