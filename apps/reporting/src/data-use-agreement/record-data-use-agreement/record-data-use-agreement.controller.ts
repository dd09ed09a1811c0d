import { Body, Controller, Inject, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { currentCorrelationId, setRevisionETag } from '@lead/platform';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { DataUseAgreementView } from '../data-use-agreement-view.js';
import { RecordDataUseAgreementCommand, type DataUseAgreementResult } from './record-data-use-agreement.command.js';
import { RecordDataUseAgreementRequest } from './record-data-use-agreement.request.js';

@Controller('data-use-agreements')
export class RecordDataUseAgreementController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /**
   * Records a data-use agreement with an evaluator's agency: its purpose, the limited data set's fields it allows and
   * its expiry. Program admins of the jurisdiction only. Limited data set exports are made under it until it expires
   * or is revoked. `ETag` is the agreement's revision.
   */
  @Post()
  async record(
    @Body() body: RecordDataUseAgreementRequest,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<DataUseAgreementView> {
    const { agreement, revision } = await this.commands.execute<RecordDataUseAgreementCommand, DataUseAgreementResult>(
      new RecordDataUseAgreementCommand(body, caller, currentCorrelationId() ?? randomUUID()),
    );
    setRevisionETag(response, revision);
    return agreement;
  }
}
