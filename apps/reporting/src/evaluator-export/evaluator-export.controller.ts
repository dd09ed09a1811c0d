import { Controller, Get, Headers, Inject, Query, Res } from '@nestjs/common';
import { ApiProduces } from '@nestjs/swagger';
import { Caller, type AccessContext } from '@lead/access';
import type { ServerResponse } from 'node:http';
import { LIMITED_DATA_SET_FIELDS } from '../data-use-agreement/limited-data-set-fields.js';
import { EXPORT_COLUMNS, type ExportColumn } from './export-columns.js';
import { EvaluatorExportRequest } from './evaluator-export.request.js';
import { EvaluatorExports } from './evaluator-export.js';

export interface ExportDictionary {
  rows: string;
  order: string;
  period: string;
  kinds: { deidentified: string; limited: string };
  limitedDataSetFields: readonly string[];
  columns: readonly ExportColumn[];
}

const DICTIONARY: ExportDictionary = {
  rows:
    'One row per event (a long file) of a participant in the jurisdiction whose day falls in the period: every ' +
    'integration event the program published about them (referral, screening, prosecutor, hand-off, enrolment, ' +
    'case, contacts, engagement, services, monthly status, exit, charge, sealing, justice records). The justice ' +
    'feed’s comparison-cohort aggregates are no one’s events and are not in it.',
  order: 'By pseudonymous participant (in an order that reveals nothing), then in the order the events were received.',
  period: 'A closed month, quarter or year, in the jurisdiction’s local days; the facts as recorded when it starts.',
  kinds: {
    deidentified:
      'HIPAA safe harbor (45 CFR 164.514(b)(2)): no direct identifier, years instead of dates, the jurisdiction as ' +
      'geography (a district only where configured as 20,000 people or more), pseudonyms keyed to the recipient.',
    limited:
      'A limited data set (45 CFR 164.514(e)) under a data-use agreement recorded for the recipient agency: event ' +
      'dates and districts allowed, no direct identifier; only the fields the agreement names beyond the pseudonym, ' +
      'jurisdiction, event type and year.',
  },
  limitedDataSetFields: LIMITED_DATA_SET_FIELDS,
  columns: EXPORT_COLUMNS,
};

@Controller('exports')
export class EvaluatorExportController {
  constructor(@Inject(EvaluatorExports) private readonly exports: EvaluatorExports) {}

  /**
   * The evaluator file of a jurisdiction's closed period, as CSV or NDJSON (`format=`, else `Accept`), streamed:
   * de-identified (default), or a limited data set under a data-use agreement with the caller's agency
   * (`kind=limited&agreementId=…`; a missing, expired, revoked or another agency's agreement answers 403 with its
   * code). Every export is logged as a disclosure (`X-Export-Id`), with its row count and SHA-256.
   */
  @Get('evaluator')
  @ApiProduces('text/csv', 'application/x-ndjson')
  async evaluator(
    @Query() request: EvaluatorExportRequest,
    @Caller() caller: AccessContext,
    @Headers('accept') accept: string | undefined,
    @Res() response: ServerResponse,
  ): Promise<void> {
    const prepared = await this.exports.prepare(request, caller, accept);
    await this.exports.stream(prepared, response);
  }

  /** The data dictionary of the evaluator export: every column, its type, meaning, source and the kinds carrying it. */
  @Get('evaluator/dictionary')
  dictionary(): ExportDictionary {
    return DICTIONARY;
  }
}
