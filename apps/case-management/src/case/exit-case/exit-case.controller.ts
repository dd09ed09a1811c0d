import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { IfMatchRevision } from '@lead/platform';
import type { ServerResponse } from 'node:http';
import { changeCase, CaseChangeReceipt } from '../change-case/case-change-receipt.js';
import { exitDestination } from '../exit-destination.js';
import { ExitCaseRequest } from './exit-case.request.js';

@Controller('cases')
export class ExitCaseController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /**
   * The participant exits, for a reason of the fixed list, with the HMIS 3.12 destination; reversible by
   * re-enrolment. A consent given until the end of participation expires at this instant.
   */
  @Post(':caseId/exit')
  @HttpCode(200)
  async exit(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: ExitCaseRequest,
    @IfMatchRevision() expectedRevision: number | undefined,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<CaseChangeReceipt> {
    return changeCase(this.commands, {
      caseId,
      caller,
      expectedRevision,
      response,
      change: async ({ program, by, at, seal }) => {
        const destination = exitDestination(body.reason, body.destination);
        const [sealed] = await seal([destination]);
        return {
          type: 'ExitCase',
          reason: body.reason,
          destination: sealed!,
          exitedAt: body.exitedAt === undefined ? at : new Date(body.exitedAt).toISOString(),
          terminationCriteriaSet: program.terminationCriteria,
          by,
          at,
        };
      },
    });
  }
}
