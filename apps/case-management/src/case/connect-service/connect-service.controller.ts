import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { IfMatchRevision } from '@lead/platform';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { changeCase, CaseChangeReceipt } from '../change-case/case-change-receipt.js';
import { ConnectServiceRequest } from './connect-service.request.js';

@Controller('cases')
export class ConnectServiceController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /**
   * Refers the participant to a service (closed loop: status `referred`), due by the service type's response time
   * in the jurisdiction's program; answers the connection's id as `createdId`.
   */
  @Post(':caseId/service-connections')
  @HttpCode(201)
  async connect(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: ConnectServiceRequest,
    @IfMatchRevision() expectedRevision: number | undefined,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<CaseChangeReceipt> {
    const connectionId = randomUUID();
    return changeCase(this.commands, {
      caseId,
      caller,
      expectedRevision,
      response,
      createdId: connectionId,
      change: async ({ program, by, at, seal }) => {
        const [provider] = await seal([body.provider]);
        return {
          type: 'ConnectService',
          connectionId,
          serviceType: body.serviceType,
          provider: provider!,
          responseDays: program.serviceResponseDays[body.serviceType],
          by,
          at,
        };
      },
    });
  }
}
