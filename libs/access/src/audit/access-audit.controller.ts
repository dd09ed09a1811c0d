import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AccessContext } from '../http/access-context.js';
import { Caller } from '../http/caller.decorator.js';
import { AccessAuditLog, type AccessAuditPage } from './access-audit-log.js';
import { AccessAuditQueryDto } from './access-audit-query.dto.js';

/**
 * The auditor's view of the access audit: who read which participant's record, in which role, for
 * what purpose, when — and which requests were refused. Mount it in the service that serves
 * auditors (add it to a module's controllers and `accessAuditPolicy` to the policy).
 */
@ApiTags('audit')
@Controller('audit/access-events')
export class AccessAuditController {
  constructor(@Inject(AccessAuditLog) private readonly audit: AccessAuditLog) {}

  @Get()
  list(@Query() query: AccessAuditQueryDto, @Caller() caller: AccessContext): Promise<AccessAuditPage> {
    return this.audit.query(
      {
        ...(query.participantId ? { participantId: query.participantId } : {}),
        ...(query.subject ? { subject: query.subject } : {}),
        ...(query.type ? { type: query.type } : {}),
        ...(query.from ? { from: new Date(query.from) } : {}),
        ...(query.to ? { to: new Date(query.to) } : {}),
        ...(query.after ? { after: query.after } : {}),
        limit: query.limit ?? 100,
      },
      caller.jurisdictions,
    );
  }
}
