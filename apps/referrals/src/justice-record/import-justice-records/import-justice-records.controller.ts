import { Controller, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import { Caller, type AccessContext } from '@lead/access';
import { deriveEventId, newEventId, StreamNotFound } from '@lead/event-store';
import { JurisdictionRegistry } from '@lead/jurisdictions';
import {
  currentCorrelationId,
  IdempotentByEffect,
  IdempotentRequestOf,
  invalidField,
  loadConfig,
  ProblemException,
  ProblemType,
  type IdempotentRequest,
} from '@lead/platform';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ImportJusticeRecordsCommand, type ImportJusticeRecordsResult } from './import-justice-records.command.js';
import { ImportJusticeRecordsRequest } from './import-justice-records.request.js';
import { JusticeFileRefused, type JusticeFileFormat } from './justice-file-parser.js';
import { JusticeImportSettings } from './justice-import.settings.js';
import { isCalendarDate } from './justice-row.js';

/**
 * The import's answer. `matched`, `comparison`, `duplicates` and `comparisonCounts` are the program's to see: to the
 * data warehouse that sent the file they are null, since a file of one row would otherwise tell it whether that
 * person is in LEAD (and so would the number of comparison cells, or their parts, one row more or less).
 */
export type ImportJusticeRecordsResponse = Omit<
  ImportJusticeRecordsResult,
  'matched' | 'comparison' | 'duplicates' | 'comparisonCounts'
> & {
  /** How the comparison cohort was counted; null unless the caller acts as program_admin. */
  comparisonCounts: ImportJusticeRecordsResult['comparisonCounts'] | null;
  /** Rows of LEAD participants recorded by this import; null unless the caller acts as program_admin. */
  matched: number | null;
  /** Rows counted into the comparison cohort; null unless the caller acts as program_admin. */
  comparison: number | null;
  /** Participants' rows already recorded; null unless the caller acts as program_admin. */
  duplicates: number | null;
};

const FORMATS: Readonly<Record<string, JusticeFileFormat>> = {
  'text/csv': 'csv',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
};

/** The namespace of import ids derived from an Idempotency-Key (a fixed, random v4 UUID). */
const IMPORT_ID_NAMESPACE = '2b7e9c41-5d3a-4f6e-8b12-9a0c4d7e3f58';

@Controller('justice-imports')
export class ImportJusticeRecordsController {
  private readonly settings = loadConfig(JusticeImportSettings, process.env, 'referrals');

  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(JurisdictionRegistry) private readonly jurisdictions: JurisdictionRegistry,
  ) {}

  /**
   * A county justice system's extract (docs/justice-import.md): CSV with a header row, or NDJSON, one justice event
   * per row, streamed (never held whole). Answered with what each row became; refused rows are listed by line.
   * Idempotent by its effect: a record already imported appends nothing, and the same file counts its comparison
   * cohort once, with or without an `Idempotency-Key` (which fixes the answer's `importId`).
   */
  @Post()
  @HttpCode(200)
  @IdempotentByEffect()
  @ApiConsumes('text/csv', 'application/x-ndjson')
  @ApiBody({
    description:
      'CSV (RFC 4180, UTF-8, header row) or NDJSON, one justice event per row (docs/justice-import.md); at most ' +
      'JUSTICE_IMPORT_MAX_BYTES (256 MiB by default), not the JSON body limit.',
    schema: { type: 'string', format: 'binary' },
  })
  async import(
    @Query() query: ImportJusticeRecordsRequest,
    @Caller() caller: AccessContext,
    @Req() request: IncomingMessage,
    @IdempotentRequestOf() idempotency: IdempotentRequest | undefined,
  ): Promise<ImportJusticeRecordsResponse> {
    // Before anything is read: another jurisdiction is answered as if it did not exist, its body left unread.
    caller.assertJurisdiction(query.jurisdiction);
    if (!this.jurisdictions.jurisdictions().includes(query.jurisdiction))
      throw new StreamNotFound('(no such jurisdiction)');
    if (!isCalendarDate(query.coveredThrough))
      throw invalidField('coveredThrough', 'must be a calendar date, YYYY-MM-DD');
    if (query.coveredThrough > new Date().toISOString().slice(0, 10))
      throw invalidField('coveredThrough', 'must not be after today');
    const format = formatOf(request.headers['content-type']);
    const limit = this.settings.JUSTICE_IMPORT_MAX_BYTES;
    const declared = Number(request.headers['content-length'] ?? NaN);
    if (declared > limit) throw tooLarge(limit);
    const importId = idempotency
      ? deriveEventId(`${idempotency.scope}\n${idempotency.key}`, 'justice-import', IMPORT_ID_NAMESPACE)
      : newEventId();
    let result: ImportJusticeRecordsResult;
    try {
      result = await this.commands.execute<ImportJusticeRecordsCommand, ImportJusticeRecordsResult>(
        new ImportJusticeRecordsCommand(
          query.jurisdiction,
          query.coveredThrough,
          format,
          limited(request, limit),
          caller.actor,
          currentCorrelationId() ?? randomUUID(),
          importId,
        ),
      );
    } catch (error) {
      if (error instanceof JusticeFileRefused) throw fileRefused(error);
      throw error;
    }
    if (caller.role === 'program_admin') return result;
    return { ...result, matched: null, comparison: null, duplicates: null, comparisonCounts: null };
  }
}

function formatOf(contentType: string | undefined): JusticeFileFormat {
  const [type = '', ...parameters] = (contentType ?? '').split(';').map((part) => part.trim().toLowerCase());
  const format = FORMATS[type];
  const charset = parameters.find((p) => p.startsWith('charset='))?.slice('charset='.length);
  if (format && (charset === undefined || charset === 'utf-8' || charset === 'utf8')) return format;
  throw new ProblemException({
    type: ProblemType.Generic,
    title: 'Unsupported Media Type',
    status: 415,
    detail: 'A justice import is text/csv or application/x-ndjson, in UTF-8.',
  });
}

function tooLarge(limit: number): ProblemException {
  return new ProblemException({
    type: ProblemType.Generic,
    title: 'Payload Too Large',
    status: 413,
    detail: `The import is larger than the limit of ${limit} bytes; split it (re-sending rows already imported is safe).`,
  });
}

function fileRefused(error: JusticeFileRefused): ProblemException {
  const messages: Record<JusticeFileRefused['code'], string> = {
    missing_header: 'the CSV has no header row',
    missing_columns: `the header lacks the columns ${error.columns.join(', ')}`,
    unknown_column: `the header names unknown columns ${error.columns.join(', ')}`,
    duplicate_column: `the header repeats the columns ${error.columns.join(', ')}`,
  };
  return new ProblemException({
    type: ProblemType.ValidationFailed,
    title: 'The request is not valid',
    status: 400,
    detail: `body: ${messages[error.code]}`,
    errors: [{ field: 'body', messages: [messages[error.code]] }],
    code: error.code,
  });
}

/** The request body as it streams, refused with 413 once it passes `limit` bytes (what was read stays valid). */
async function* limited(request: AsyncIterable<Buffer>, limit: number): AsyncGenerator<Buffer> {
  let bytes = 0;
  for await (const chunk of request) {
    bytes += chunk.length;
    if (bytes > limit) throw tooLarge(limit);
    yield chunk;
  }
}
