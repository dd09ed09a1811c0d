import type { Actor } from '@lead/event-store';
import type { JusticeFileFormat } from './justice-file-parser.js';
import type { RowReason } from './justice-row.js';

/** A justice-system file for one jurisdiction, as it streams in. */
export class ImportJusticeRecordsCommand {
  constructor(
    readonly jurisdiction: string,
    readonly coveredThrough: string,
    readonly format: JusticeFileFormat,
    readonly body: AsyncIterable<Buffer | string>,
    readonly actor: Actor,
    readonly correlationId: string,
    readonly importId: string,
  ) {}
}

export interface RejectedRow {
  line: number;
  reason: RowReason | string;
  field?: string;
}

/** What an import did: every row is accepted (matched, comparison or duplicate) or rejected. */
export interface ImportJusticeRecordsResult {
  importId: string;
  jurisdiction: string;
  coveredThrough: string;
  /** Rows read (header and blank lines not counted). */
  rows: number;
  /** Rows valid on their own: matched + comparison + duplicates. */
  accepted: number;
  /** Rows of LEAD participants, recorded in their justice record by this import. */
  matched: number;
  /** Rows of people who never entered LEAD, counted into the comparison cohort. */
  comparison: number;
  /** Rows of participants already recorded (the same source record id imported before, or twice in the file). */
  duplicates: number;
  /** The first refused rows, by line (at most the configured number). */
  rejected: RejectedRow[];
  rejectedTotal: number;
  /** The file's comparison counts: `counted` false when the same file was counted before (by `comparisonId`). */
  comparisonCounts: { comparisonId: string; counted: boolean; parts: number };
}
