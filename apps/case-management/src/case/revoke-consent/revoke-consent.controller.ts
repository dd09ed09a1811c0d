import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { IfMatchRevision } from '@lead/platform';
import type { ServerResponse } from 'node:http';
import { changeCase, CaseChangeReceipt } from '../change-case/case-change-receipt.js';
import { RevokeConsentRequest } from './revoke-consent.request.js';

@Controller('cases')
export class RevokeConsentController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /** Revokes a consent in whole or for some recipients; the consent itself is never edited. */
  @Post(':caseId/consents/:consentId/revocation')
  @HttpCode(200)
  async revoke(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Param('consentId', new ParseUUIDPipe()) consentId: string,
    @Body() body: RevokeConsentRequest,
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
        type: 'RevokeConsent',
        consentId: consentId.toLowerCase(),
        ...(body.recipients ? { recipients: body.recipients } : {}),
        revokedAt: body.revokedAt === undefined ? at : new Date(body.revokedAt).toISOString(),
        by,
        at,
      }),
    });
  }
}
