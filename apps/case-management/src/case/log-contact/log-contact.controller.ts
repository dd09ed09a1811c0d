import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { IfMatchRevision } from '@lead/platform';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { changeCase, CaseChangeReceipt } from '../change-case/case-change-receipt.js';
import { LogContactRequest } from './log-contact.request.js';

@Controller('cases')
export class LogContactController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /**
   * Logs a contact; a successful one re-engages a participant who was low or inactive. Answers the contact's id as
   * `createdId`.
   */
  @Post(':caseId/contacts')
  @HttpCode(201)
  async log(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: LogContactRequest,
    @IfMatchRevision() expectedRevision: number | undefined,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<CaseChangeReceipt> {
    const contactId = randomUUID();
    const observed =
      body.livingSituation !== undefined || body.note !== undefined
        ? {
            ...(body.livingSituation !== undefined ? { livingSituation: body.livingSituation } : {}),
            ...(body.note !== undefined ? { note: body.note } : {}),
          }
        : undefined;
    return changeCase(this.commands, {
      caseId,
      caller,
      expectedRevision,
      response,
      createdId: contactId,
      change: async ({ by, at, seal }) => ({
        type: 'LogContact',
        contactId,
        kind: body.kind,
        successful: body.successful,
        contactedAt: new Date(body.contactedAt).toISOString(),
        durationMinutes: body.durationMinutes ?? null,
        observation: observed ? (await seal([observed]))[0]! : null,
        by,
        at,
      }),
    });
  }
}
