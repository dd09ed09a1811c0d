import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { JurisdictionRegistry } from '@lead/jurisdictions';
import { IfMatchRevision, invalidField } from '@lead/platform';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ConsentExpiry } from '../case.events.js';
import { changeCase, CaseChangeReceipt } from '../change-case/case-change-receipt.js';
import { RecordConsentRequest } from './record-consent.request.js';

@Controller('cases')
export class RecordConsentController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(JurisdictionRegistry) private readonly jurisdictions: JurisdictionRegistry,
  ) {}

  /** Records a consent; answers its id as `createdId`. A change to a consent is a revocation and a new consent. */
  @Post(':caseId/consents')
  @HttpCode(201)
  async record(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: RecordConsentRequest,
    @IfMatchRevision() expectedRevision: number | undefined,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<CaseChangeReceipt> {
    if ((body.expiresAt === undefined) === (body.expiresOn === undefined))
      throw invalidField('expiresAt', 'give exactly one of expiresAt (a date) and expiresOn (an event)');
    const expiry: ConsentExpiry =
      body.expiresAt !== undefined
        ? { kind: 'date', expiresAt: new Date(body.expiresAt).toISOString() }
        : { kind: 'event', event: body.expiresOn! };
    const consentId = randomUUID();
    return changeCase(this.commands, {
      caseId,
      caller,
      expectedRevision,
      response,
      createdId: consentId,
      change: ({ opened, by, at }) => ({
        type: 'RecordConsent',
        consentId,
        recipients: body.recipients,
        scope: body.scope,
        purpose: body.purpose,
        signedAt: new Date(body.signedAt).toISOString(),
        expiry,
        rightToRevokeExplained: body.rightToRevokeExplained,
        // The agencies of the jurisdiction today: a consent names real recipients.
        jurisdictionAgencies: (
          this.jurisdictions.protocolInForce(opened.jurisdiction, new Date(at))?.agencies ?? []
        ).map((agency) => agency.id),
        by,
        at,
      }),
    });
  }
}
