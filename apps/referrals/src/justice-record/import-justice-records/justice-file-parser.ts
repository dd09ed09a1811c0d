import { StringDecoder } from 'node:string_decoder';
import { JUSTICE_ROW_FIELDS, REQUIRED_COLUMNS, type RowRejection } from './justice-row.js';

export type JusticeFileFormat = 'csv' | 'ndjson';

/** One row of the file, not yet checked: its values by field, or why it could not even be read. */
export type ParsedRow = { line: number; values: Record<string, unknown> } | { line: number; rejection: RowRejection };

/** A fault of the whole file (its CSV header): nothing of it can be read. */
export class JusticeFileRefused extends Error {
  override readonly name = 'JusticeFileRefused';
  constructor(
    readonly code: 'missing_header' | 'missing_columns' | 'unknown_column' | 'duplicate_column',
    readonly columns: string[],
  ) {
    super(`${code}: ${columns.join(', ')}`);
  }
}

/** The longest line (or CSV record, over all its lines) read: a longer one is refused as `line_too_long`. */
export const MAX_LINE_LENGTH = 16_384;

interface Line {
  line: number;
  text: string | null;
}

const KNOWN_COLUMNS: ReadonlySet<string> = new Set(JUSTICE_ROW_FIELDS);

/**
 * The rows of a justice-system file, read as it streams in: never more than one line (at most `maxLineLength`
 * characters) and the chunk in hand are held, whatever the file's size, and the next chunk is read only when the
 * consumer asks for the next row (backpressure through the async iterator).
 */
export async function* parseJusticeFile(
  source: AsyncIterable<Buffer | string>,
  format: JusticeFileFormat,
  maxLineLength: number = MAX_LINE_LENGTH,
): AsyncGenerator<ParsedRow> {
  const lines = linesOf(source, maxLineLength);
  if (format === 'ndjson') yield* ndjsonRows(lines);
  else yield* csvRows(lines, maxLineLength);
}

/** Lines without their `\n` / `\r\n`; a line longer than the limit comes as `text: null`, its content dropped. */
async function* linesOf(source: AsyncIterable<Buffer | string>, max: number): AsyncGenerator<Line> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let tooLong = false;
  let line = 1;
  let first = true;
  const finish = (text: string): Line => {
    const result = { line, text: tooLong ? null : text.endsWith('\r') ? text.slice(0, -1) : text };
    line += 1;
    tooLong = false;
    return result;
  };
  for await (const chunk of source) {
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    let start = 0;
    for (let end = text.indexOf('\n', start); end !== -1; end = text.indexOf('\n', start)) {
      const piece = text.slice(start, end);
      start = end + 1;
      if (!tooLong && carry.length + piece.length > max + 1) tooLong = true;
      yield finish(tooLong ? '' : carry + piece);
      carry = '';
    }
    if (!tooLong) {
      carry += text.slice(start);
      if (carry.length > max + 1) {
        tooLong = true;
        carry = '';
      }
    }
  }
  const rest = carry + decoder.end();
  if (rest !== '' || tooLong) yield finish(tooLong ? '' : rest);
}

async function* ndjsonRows(lines: AsyncGenerator<Line>): AsyncGenerator<ParsedRow> {
  for await (const { line, text } of lines) {
    if (text === null) {
      yield { line, rejection: { reason: 'line_too_long' } };
      continue;
    }
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      yield { line, rejection: { reason: 'invalid_json' } };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield { line, rejection: { reason: 'not_an_object' } };
      continue;
    }
    yield { line, values: value as Record<string, unknown> };
  }
}

async function* csvRows(lines: AsyncGenerator<Line>, max: number): AsyncGenerator<ParsedRow> {
  let header: string[] | undefined;
  let pending: { line: number; text: string } | undefined;
  for await (const { line, text } of lines) {
    if (text === null) {
      // Whatever record was open ends here: the quote that kept it open is lost with the long line.
      yield { line: pending?.line ?? line, rejection: { reason: 'line_too_long' } };
      pending = undefined;
      continue;
    }
    const record = pending ? { line: pending.line, text: `${pending.text}\n${text}` } : { line, text };
    pending = undefined;
    if (record.text.length > max) {
      yield { line: record.line, rejection: { reason: 'line_too_long' } };
      continue;
    }
    if (!header && record.text.trim() === '') continue;
    const fields = csvFields(record.text);
    if (fields === 'open') {
      pending = record;
      continue;
    }
    if (!header) {
      if (fields === 'malformed') throw new JusticeFileRefused('missing_header', []);
      header = headerOf(fields);
      continue;
    }
    if (record.text === '') continue;
    if (fields === 'malformed') {
      yield { line: record.line, rejection: { reason: 'malformed_csv' } };
      continue;
    }
    if (fields.length !== header.length) {
      yield { line: record.line, rejection: { reason: 'wrong_field_count' } };
      continue;
    }
    const values: Record<string, unknown> = {};
    header.forEach((column, index) => (values[column] = fields[index]));
    yield { line: record.line, values };
  }
  if (pending) yield { line: pending.line, rejection: { reason: 'malformed_csv' } };
  if (!header) throw new JusticeFileRefused('missing_header', []);
}

function headerOf(fields: string[]): string[] {
  const columns = fields.map((field) => field.trim());
  const unknown = columns.filter((column) => !KNOWN_COLUMNS.has(column));
  if (unknown.length > 0) throw new JusticeFileRefused('unknown_column', unknown);
  const repeated = columns.filter((column, index) => columns.indexOf(column) !== index);
  if (repeated.length > 0) throw new JusticeFileRefused('duplicate_column', [...new Set(repeated)]);
  const missing = REQUIRED_COLUMNS.filter((column) => !columns.includes(column));
  if (missing.length > 0) throw new JusticeFileRefused('missing_columns', missing);
  return columns;
}

/**
 * The fields of one CSV record (RFC 4180): fields separated by `,`; a field in double quotes may hold `,`, line
 * breaks and `""` for a quote. `open`: a quoted field runs on past the end (the record continues on the next line);
 * `malformed`: a quote inside an unquoted field, or anything but `,` after a closing quote.
 */
export function csvFields(text: string): string[] | 'open' | 'malformed' {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      i += 1;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close === -1) return 'open';
        value += text.slice(i, close);
        if (text[close + 1] === '"') {
          value += '"';
          i = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      fields.push(value);
      if (i === text.length) return fields;
      if (text[i] !== ',') return 'malformed';
      i += 1;
    } else {
      const comma = text.indexOf(',', i);
      const value = comma === -1 ? text.slice(i) : text.slice(i, comma);
      if (value.includes('"')) return 'malformed';
      fields.push(value);
      if (comma === -1) return fields;
      i = comma + 1;
    }
  }
}
