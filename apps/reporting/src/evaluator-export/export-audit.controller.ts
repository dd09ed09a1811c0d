import { Controller, Get, Inject, Query } from '@nestjs/common';
import { Caller, type AccessContext } from '@lead/access';
import { ExportAuditRequest } from './export-audit.request.js';
import { ExportDisclosureLog, type ExportDisclosure } from './export-disclosure-log.js';

@Controller('audit')
export class ExportAuditController {
  constructor(@Inject(ExportDisclosureLog) private readonly disclosures: ExportDisclosureLog) {}

  /**
   * Every evaluator export of the caller's jurisdictions, one record each: who asked, for which recipient agency,
   * under which data-use agreement, which jurisdiction, period, kind and columns, how it ended, its row count and the
   * SHA-256 of the bytes sent. Auditors only.
   */
  @Get('evaluator-exports')
  async list(
    @Query() request: ExportAuditRequest,
    @Caller() caller: AccessContext,
  ): Promise<{ exports: ExportDisclosure[] }> {
    if (request.jurisdiction !== undefined) caller.assertJurisdiction(request.jurisdiction);
    const exports = await this.disclosures.list(
      request.jurisdiction !== undefined ? [request.jurisdiction] : caller.jurisdictions,
      {
        ...(request.from ? { from: new Date(request.from) } : {}),
        ...(request.to ? { to: new Date(request.to) } : {}),
      },
    );
    return { exports };
  }
}
