import { Inject, Injectable } from '@nestjs/common';
import type { AccessContext } from '@lead/access';
import { newEventId } from '@lead/event-store';
import { currentCorrelationId, invalidField, ProblemException } from '@lead/platform';
import { ServiceClock } from '@lead/scheduling/service';
import { createHash, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { agreementPermit, type AgreementRefusal } from '../data-use-agreement/data-use-agreement-permit.js';
import { agreementStream, DataUseAgreementRepository } from '../data-use-agreement/data-use-agreement.repository.js';
import type { LimitedDataSetField } from '../data-use-agreement/limited-data-set-fields.js';
import type { ReportRequest } from '../program-report/report-request.js';
import { reportScope } from '../program-report/report-scope.js';
import { coarseDistricts, evaluatorExportKey, ReportingConfig } from '../reporting.config.js';
import { columnsOf, type ExportColumn } from './export-columns.js';
import type { EvaluatorExportStarted } from './export-disclosure.events.js';
import { ExportDisclosureLog } from './export-disclosure-log.js';
import { ExportFacts, type ExportSelection } from './export-facts.js';
import { CONTENT_TYPES, lineWriter, negotiatedFormat } from './export-format.js';
import { exportRowOf, type RowContext } from './export-row.js';
import { participantPseudonym } from './participant-pseudonym.js';
import type { EvaluatorExportRequest } from './evaluator-export.request.js';

/** Rows read and written at a time: what the export holds in memory, whatever its size. */
export const EXPORT_PAGE_ROWS = 1000;

export const DataUseAgreementRefused = 'urn:lead:problem:data-use-agreement-refused';

/** An export the caller may have, recorded as a disclosure, not yet sent. */
export interface PreparedExport {
  started: Omit<EvaluatorExportStarted, 'type'>;
  columns: ExportColumn[];
  selection: ExportSelection;
  context: RowContext;
  caller: AccessContext;
  correlationId: string;
}

/**
 * Evaluator exports: one row per event of the jurisdiction's period, de-identified or under a data-use agreement,
 * streamed a page at a time with the response's backpressure, logged as a disclosure before the first byte and
 * closed with its row count and digest after the last.
 */
@Injectable()
export class EvaluatorExports {
  private readonly key: Buffer;
  private readonly coarse: ReadonlyMap<string, ReadonlySet<string>>;

  constructor(
    @Inject(ReportingConfig) config: ReportingConfig,
    @Inject(ServiceClock) private readonly clock: ServiceClock,
    @Inject(DataUseAgreementRepository) private readonly agreements: DataUseAgreementRepository,
    @Inject(ExportFacts) private readonly facts: ExportFacts,
    @Inject(ExportDisclosureLog) private readonly disclosures: ExportDisclosureLog,
  ) {
    this.key = evaluatorExportKey(config);
    this.coarse = coarseDistricts(config);
  }

  /**
   * The caller's export, or its refusal: another jurisdiction 404; a period not yet closed 400 (as for every
   * evaluator report); a limited data set without an agreement in force for the caller's agency, in this
   * jurisdiction, 403 with the agreement's problem code. Records the disclosure's start.
   */
  async prepare(request: EvaluatorExportRequest, caller: AccessContext, accept?: string): Promise<PreparedExport> {
    const now = this.clock.now();
    const scope = reportScope(
      { jurisdiction: request.jurisdiction, period: request.period } as ReportRequest,
      caller,
      now,
    );
    const kind = request.kind ?? 'deidentified';
    const recipientAgency = caller.principal.agency;
    let agreed: { agreementId: string; fields: LimitedDataSetField[] } | null = null;
    if (kind === 'limited') {
      if (request.agreementId === undefined) throw refused('data_use_agreement_missing');
      const { state } = await this.agreements.load(agreementStream(request.agreementId));
      const permit = agreementPermit(state, { jurisdiction: scope.jurisdiction, recipientAgency, at: now });
      if (!permit.granted) throw refused(permit.refusal);
      agreed = permit;
    } else if (request.agreementId !== undefined) {
      throw invalidField('agreementId', 'is for a limited data set (kind=limited)');
    }
    const columns = columnsOf(kind, agreed?.fields ?? []);
    const started: Omit<EvaluatorExportStarted, 'type'> = {
      exportId: newEventId(),
      kind,
      format: negotiatedFormat(request.format, accept),
      jurisdiction: scope.jurisdiction,
      period: scope.period.label,
      recipientAgency,
      agreementId: agreed?.agreementId ?? null,
      columns: columns.map((c) => c.name),
      requestedBy: { subject: caller.principal.subject, agency: caller.principal.agency, role: caller.role },
      asOf: now.toISOString(),
    };
    const correlationId = currentCorrelationId() ?? randomUUID();
    await this.disclosures.started(started, caller.actor, correlationId);
    return {
      started,
      columns,
      selection: {
        jurisdiction: scope.jurisdiction,
        firstDay: scope.period.firstDay,
        endDay: scope.period.endDay,
        asOf: now,
      },
      context: {
        kind,
        pseudonymOf: (participantId) => participantPseudonym(this.key, recipientAgency, participantId),
        coarseDistricts: this.coarse.get(scope.jurisdiction) ?? new Set(),
      },
      caller,
      correlationId,
    };
  }

  /**
   * Writes the file: a page of facts read, its lines written as one chunk, and the next page read only once the
   * response has taken it (`drain`), so a slow recipient slows the reading instead of filling memory. A recipient
   * that goes away stops the reading; either way the disclosure is closed with what was sent.
   */
  async stream(prepared: PreparedExport, response: ServerResponse): Promise<void> {
    const { started, columns, context } = prepared;
    const writer = lineWriter(started.format, columns);
    const digest = createHash('sha256');
    let bytes = 0;
    let rows = 0;
    let gone = false;
    response.once('close', () => (gone = !response.writableFinished));
    const write = async (text: string) => {
      const chunk = Buffer.from(text, 'utf8');
      digest.update(chunk);
      bytes += chunk.length;
      if (!response.write(chunk)) await drainedOrClosed(response);
    };
    const end = (
      type: 'EvaluatorExportCompleted' | 'EvaluatorExportInterrupted',
      interruptedBy?: 'client_disconnected' | 'failure',
    ) =>
      this.disclosures.ended(
        {
          type,
          exportId: started.exportId,
          rows,
          bytes,
          sha256: digest.copy().digest('hex'),
          ...(interruptedBy ? { interruptedBy } : {}),
        },
        started.jurisdiction,
        prepared.caller.actor,
        prepared.correlationId,
      );

    response.statusCode = 200;
    response.setHeader('Content-Type', CONTENT_TYPES[started.format]);
    response.setHeader(
      'Content-Disposition',
      `attachment; filename="lead-${started.jurisdiction}-${started.period}-${started.kind}.${started.format}"`,
    );
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('X-Export-Id', started.exportId);
    try {
      if (writer.header) await write(writer.header);
      for await (const page of this.facts.pages(prepared.selection, EXPORT_PAGE_ROWS)) {
        if (gone) break;
        let text = '';
        for (const fact of page) text += writer.line(exportRowOf(fact, columns, context));
        await write(text);
        rows += page.length;
      }
    } catch (error) {
      await end('EvaluatorExportInterrupted', 'failure').catch(() => undefined);
      response.destroy();
      throw error;
    }
    if (gone) return end('EvaluatorExportInterrupted', 'client_disconnected');
    // Recorded before the file's end reaches the recipient: a file received whole is in the log whole.
    await end('EvaluatorExportCompleted');
    response.end();
  }
}

function drainedOrClosed(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}

const REFUSALS: Record<AgreementRefusal, string> = {
  data_use_agreement_missing: 'A limited data set is made only under a data-use agreement: name one (agreementId).',
  data_use_agreement_other_jurisdiction: 'The data-use agreement does not cover this jurisdiction.',
  data_use_agreement_foreign_recipient: 'The data-use agreement is not with your agency.',
  data_use_agreement_revoked: 'The data-use agreement was revoked.',
  data_use_agreement_expired: 'The data-use agreement has expired.',
};

function refused(code: AgreementRefusal): ProblemException {
  return new ProblemException({
    type: DataUseAgreementRefused,
    title: 'No data-use agreement allows this export',
    status: 403,
    detail: REFUSALS[code],
    code,
  });
}
