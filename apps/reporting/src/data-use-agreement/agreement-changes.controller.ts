import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { currentCorrelationId, IfMatchRevision, setRevisionETag } from '@lead/platform';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { AmendDataUseAgreementCommand } from './amend-data-use-agreement/amend-data-use-agreement.command.js';
import { AmendDataUseAgreementRequest } from './amend-data-use-agreement/amend-data-use-agreement.request.js';
import type { DataUseAgreementView } from './data-use-agreement-view.js';
import type { DataUseAgreementResult } from './record-data-use-agreement/record-data-use-agreement.command.js';
import { RevokeDataUseAgreementCommand } from './revoke-data-use-agreement/revoke-data-use-agreement.command.js';
import { RevokeDataUseAgreementRequest } from './revoke-data-use-agreement/revoke-data-use-agreement.request.js';

/** Amending and revoking an agreement: program admins of its jurisdiction; `If-Match` (optional) its revision. */
@Controller('data-use-agreements')
export class AgreementChangesController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /** Replaces the fields the agreement allows (while it is in force). */
  @Post(':agreementId/fields')
  @HttpCode(200)
  amend(
    @Param('agreementId', new ParseUUIDPipe()) agreementId: string,
    @Body() body: AmendDataUseAgreementRequest,
    @IfMatchRevision() expectedRevision: number | undefined,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<DataUseAgreementView> {
    return this.run(new AmendDataUseAgreementCommand(change(agreementId, caller, expectedRevision), body), response);
  }

  /** Revokes the agreement: no export is made under it from now on. Revoking it again changes nothing. */
  @Post(':agreementId/revocation')
  @HttpCode(200)
  revoke(
    @Param('agreementId', new ParseUUIDPipe()) agreementId: string,
    @Body() body: RevokeDataUseAgreementRequest,
    @IfMatchRevision() expectedRevision: number | undefined,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<DataUseAgreementView> {
    return this.run(new RevokeDataUseAgreementCommand(change(agreementId, caller, expectedRevision), body), response);
  }

  private async run(command: object, response: ServerResponse): Promise<DataUseAgreementView> {
    const { agreement, revision } = await this.commands.execute<object, DataUseAgreementResult>(command);
    setRevisionETag(response, revision);
    return agreement;
  }
}

const change = (agreementId: string, caller: AccessContext, expectedRevision: number | undefined) => ({
  agreementId,
  caller,
  expectedRevision,
  correlationId: currentCorrelationId() ?? randomUUID(),
});
