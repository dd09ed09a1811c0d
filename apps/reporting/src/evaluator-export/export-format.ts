import type { ExportColumn } from './export-columns.js';
import type { ExportValue } from './export-row.js';

export const EXPORT_FORMATS = ['csv', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

/** `format=` wins; else the `Accept` header (NDJSON by `application/x-ndjson` or `application/ndjson`); else CSV. */
export function negotiatedFormat(format: ExportFormat | undefined, accept: string | undefined): ExportFormat {
  if (format) return format;
  if (accept && /application\/(x-)?ndjson/i.test(accept)) return 'ndjson';
  return 'csv';
}

/** How a file of this format opens and writes its lines: CSV has a header row (RFC 4180); NDJSON one object a line. */
export interface LineWriter {
  header: string;
  line(values: readonly ExportValue[]): string;
}

export function lineWriter(format: ExportFormat, columns: readonly ExportColumn[]): LineWriter {
  if (format === 'csv')
    return {
      header: columns.map((c) => quoted(c.name)).join(',') + '\r\n',
      line: (values) => values.map((v) => (v === null ? '' : quoted(String(v)))).join(',') + '\r\n',
    };
  const names = columns.map((c) => c.name);
  return {
    header: '',
    line: (values) => JSON.stringify(Object.fromEntries(names.map((name, i) => [name, values[i]]))) + '\n',
  };
}

function quoted(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}
