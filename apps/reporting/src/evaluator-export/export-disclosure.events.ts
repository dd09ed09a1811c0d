import type { Role } from '@lead/access';
import type { ExportFormat } from './export-format.js';
import type { ExportKind } from './export-columns.js';

/**
 * Each evaluator export is a disclosure, recorded on its own stream `evaluatorexport-<exportId>` in the reporting
 * service's event store (hash-chained like every stream): what was asked and by whom, before the first byte leaves;
 * then how it ended, with the row count and the SHA-256 of exactly the bytes sent.
 */
export const EXPORT_DISCLOSURE_STREAM_PREFIX = 'evaluatorexport-';
export const exportDisclosureStream = (exportId: string) => `${EXPORT_DISCLOSURE_STREAM_PREFIX}${exportId}`;

export interface EvaluatorExportStarted {
  type: 'EvaluatorExportStarted';
  exportId: string;
  kind: ExportKind;
  format: ExportFormat;
  jurisdiction: string;
  period: string;
  /** The agency the file is for (its pseudonyms are keyed to it). */
  recipientAgency: string;
  /** The data-use agreement a limited data set is made under; null for a de-identified file. */
  agreementId: string | null;
  columns: string[];
  requestedBy: { subject: string; agency: string; role: Role };
  /** The facts as recorded by this instant. */
  asOf: string;
}

export interface EvaluatorExportEnded {
  type: 'EvaluatorExportCompleted' | 'EvaluatorExportInterrupted';
  exportId: string;
  /** Data rows sent (the CSV header not counted). */
  rows: number;
  bytes: number;
  /** SHA-256 (hex) of the bytes sent: the whole file when completed. */
  sha256: string;
  /** Why an export stopped before its end: the recipient went away, or reading the facts failed. */
  interruptedBy?: 'client_disconnected' | 'failure';
  endedAt: string;
}

export type ExportDisclosureEvent = EvaluatorExportStarted | EvaluatorExportEnded;
