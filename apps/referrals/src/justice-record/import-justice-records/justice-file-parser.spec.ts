import { csvFields, JusticeFileRefused, parseJusticeFile, type ParsedRow } from './justice-file-parser.js';
import { isRejection, readJusticeRow, type RowContext } from './justice-row.js';

const context: RowContext = { districts: new Set(['6', '1']), coveredThrough: '2025-06-30' };
const HEADER =
  'kind,recordId,givenName,familyName,dateOfBirth,sourcePersonId,race,ethnicity,district,eventDate,offenseCode,felony,jailDays';

async function rows(text: string | string[], format: 'csv' | 'ndjson' = 'csv', max?: number): Promise<ParsedRow[]> {
  const chunks = (Array.isArray(text) ? text : [text]).map((chunk) => Buffer.from(chunk, 'utf8'));
  async function* source() {
    yield* chunks;
  }
  const out: ParsedRow[] = [];
  for await (const row of parseJusticeFile(source(), format, max)) out.push(row);
  return out;
}

/** Each line read and checked as the import does: `{ line, reason, field }` for a refused one, `ok` else. */
async function verdicts(text: string, format: 'csv' | 'ndjson' = 'csv', max?: number) {
  return (await rows(text, format, max)).map((row) => {
    if ('rejection' in row) return { line: row.line, ...row.rejection };
    const checked = readJusticeRow(row.values, context);
    return isRejection(checked) ? { line: row.line, ...checked } : { line: row.line, ok: checked.recordId };
  });
}

const csv = (...lines: string[]) => [HEADER, ...lines].join('\r\n') + '\r\n';
const good = 'arrest,A-1,Jane,Doe,1980-01-02,P-9,B,N,6,2025-03-04,,,';

describe('justice file parsing', () => {
  it('reads a CSV row into checked values, with quoting (RFC 4180) and a record over two lines', async () => {
    const text = csv(
      good,
      'charge,C-1,"Doe, ""JJ""",O\'Brien,1980-01-02,,W|I,H,1,2025-03-05,CO-1,true,',
      '"arrest","A-2","Ana',
      'Maria",Diaz,1990-05-06,,,,6,2025-04-01,,,',
    );
    const read = await rows(text);
    expect(read).toHaveLength(3);
    expect(read[1]).toMatchObject({ line: 3, values: { givenName: 'Doe, "JJ"', familyName: "O'Brien" } });
    expect(read[2]).toMatchObject({ line: 4, values: { givenName: 'Ana\nMaria' } });
    const charge = readJusticeRow((read[1] as { values: Record<string, unknown> }).values, context);
    expect(charge).toMatchObject({
      kind: 'charge',
      felony: true,
      offenseCode: 'CO-1',
      raceEthnicity: ['american_indian_alaska_native_indigenous', 'hispanic_latina_e_o', 'white'],
    });
  });

  it('reads lines split anywhere across chunks, a multi-byte letter included', async () => {
    const text = csv('arrest,A-1,José,Núñez,1980-01-02,,,,6,2025-03-04,,,');
    const bytes = Buffer.from(text, 'utf8');
    const read: ParsedRow[] = [];
    async function* oneByteAtATime() {
      for (const byte of bytes) yield Buffer.from([byte]);
    }
    for await (const row of parseJusticeFile(oneByteAtATime(), 'csv')) read.push(row);
    expect(read).toEqual([{ line: 2, values: expect.objectContaining({ givenName: 'José', familyName: 'Núñez' }) }]);
  });

  it.each([
    ['bad date', 'arrest,A-1,Jane,Doe,1980-01-02,,,,6,2025-02-30,,,', 'invalid_date', 'eventDate'],
    ['bad birth date', 'arrest,A-1,Jane,Doe,02/01/1980,,,,6,2025-02-03,,,', 'invalid_date', 'dateOfBirth'],
    ['unknown kind', 'citation,A-1,Jane,Doe,1980-01-02,,,,6,2025-03-04,,,', 'unknown_kind', 'kind'],
    ['unknown district', 'arrest,A-1,Jane,Doe,1980-01-02,,,,99,2025-03-04,,,', 'unknown_district', 'district'],
    ['missing name', 'arrest,A-1,,Doe,1980-01-02,,,,6,2025-03-04,,,', 'missing_field', 'givenName'],
    ['name without a letter', 'arrest,A-1,Jane,--,1980-01-02,,,,6,2025-03-04,,,', 'unmatchable_name', 'familyName'],
    [
      'felony flag on a non-charge',
      'arrest,A-1,Jane,Doe,1980-01-02,,,,6,2025-03-04,,true,',
      'felony_not_a_charge',
      'felony',
    ],
    ['charge without felony flag', 'charge,C-1,Jane,Doe,1980-01-02,,,,6,2025-03-04,CO-1,,', 'missing_field', 'felony'],
    [
      'charge without offense',
      'charge,C-1,Jane,Doe,1980-01-02,,,,6,2025-03-04,,false,',
      'missing_field',
      'offenseCode',
    ],
    [
      'jail days out of range',
      'jail_release,J-1,Jane,Doe,1980-01-02,,,,6,2025-03-04,,,3651',
      'jail_days_out_of_range',
      'jailDays',
    ],
    [
      'negative jail days',
      'jail_release,J-1,Jane,Doe,1980-01-02,,,,6,2025-03-04,,,-1',
      'jail_days_out_of_range',
      'jailDays',
    ],
    [
      'jail days on an arrest',
      'arrest,A-1,Jane,Doe,1980-01-02,,,,6,2025-03-04,,,3',
      'jail_days_not_a_release',
      'jailDays',
    ],
    [
      'release without jail days',
      'jail_release,J-1,Jane,Doe,1980-01-02,,,,6,2025-03-04,,,',
      'missing_field',
      'jailDays',
    ],
    [
      'event after coveredThrough',
      'arrest,A-1,Jane,Doe,1980-01-02,,,,6,2025-07-01,,,',
      'after_covered_through',
      'eventDate',
    ],
    ['born after the event', 'arrest,A-1,Jane,Doe,2025-05-02,,,,6,2025-03-04,,,', 'born_after_event', 'dateOfBirth'],
    ['unknown race code', 'arrest,A-1,Jane,Doe,1980-01-02,,Q,,6,2025-03-04,,,', 'unknown_code', 'race'],
    ['unknown ethnicity code', 'arrest,A-1,Jane,Doe,1980-01-02,,W,X,6,2025-03-04,,,', 'unknown_code', 'ethnicity'],
    ['record id with a space', 'arrest,A 1,Jane,Doe,1980-01-02,,,,6,2025-03-04,,,', 'invalid_record_id', 'recordId'],
    [
      'offense on a prison admission',
      'prison_admission,P-1,Jane,Doe,1980-01-02,,,,6,2025-03-04,X-1,,',
      'offense_code_not_allowed',
      'offenseCode',
    ],
  ])('refuses a row with a %s, naming the line, the reason and the field', async (_, line, reason, field) => {
    expect(await verdicts(csv(good, line, good.replace('A-1', 'A-3')))).toEqual([
      { line: 2, ok: 'A-1' },
      { line: 3, reason, field },
      { line: 4, ok: 'A-3' },
    ]);
  });

  it.each([
    ['a quote inside an unquoted field', 'arrest,A-1,Ja"ne,Doe,1980-01-02,,,,6,2025-03-04,,,'],
    ['text after a closing quote', 'arrest,A-1,"Jane"x,Doe,1980-01-02,,,,6,2025-03-04,,,'],
  ])('refuses malformed CSV quoting: %s', async (_, line) => {
    expect(await verdicts(csv(line, good))).toEqual([
      { line: 2, reason: 'malformed_csv' },
      { line: 3, ok: 'A-1' },
    ]);
  });

  it('refuses a quote left open at the end of the file, and a row of the wrong width', async () => {
    expect(await verdicts(csv(good, 'arrest,A-2,Jane', 'arrest,A-4,"Jane,Doe,1980-01-02,,,,6,2025-03-04,,,'))).toEqual([
      { line: 2, ok: 'A-1' },
      { line: 3, reason: 'wrong_field_count' },
      { line: 4, reason: 'malformed_csv' },
    ]);
  });

  it('refuses an over-long line and reads on from the next one', async () => {
    const long = `arrest,A-2,${'x'.repeat(500)},Doe,1980-01-02,,,,6,2025-03-04,,,`;
    expect(await verdicts(csv(good, long, good.replace('A-1', 'A-3')), 'csv', 200)).toEqual([
      { line: 2, ok: 'A-1' },
      { line: 3, reason: 'line_too_long' },
      { line: 4, ok: 'A-3' },
    ]);
    // Split over chunks, a long line is dropped as it streams (never held whole).
    const chunked = [`${HEADER}\n${good}\n`, long.slice(0, 250), long.slice(250), `\n${good.replace('A-1', 'A-3')}\n`];
    expect(
      (await rows(chunked, 'csv', 200)).map((row) => ('rejection' in row ? row.rejection.reason : row.line)),
    ).toEqual([2, 'line_too_long', 4]);
  });

  it('reads NDJSON: typed values, an invalid JSON line, a non-object, an unknown field, an over-long line', async () => {
    const row = {
      kind: 'jail_release',
      recordId: 'J-1',
      givenName: 'Jane',
      familyName: 'Doe',
      dateOfBirth: '1980-01-02',
      district: '6',
      eventDate: '2025-03-04',
      jailDays: 12,
    };
    const text = [
      JSON.stringify(row),
      '{"kind": "arrest", ',
      '[1,2]',
      JSON.stringify({ ...row, recordId: 'J-2', ssn: '123' }),
      '',
      JSON.stringify({ ...row, recordId: 'J-3', givenName: 'x'.repeat(300) }),
      JSON.stringify({
        ...row,
        recordId: 'J-4',
        kind: 'charge',
        jailDays: undefined,
        offenseCode: 'CO-1',
        felony: false,
      }),
    ].join('\n');
    expect(await verdicts(text, 'ndjson', 250)).toEqual([
      { line: 1, ok: 'J-1' },
      { line: 2, reason: 'invalid_json' },
      { line: 3, reason: 'not_an_object' },
      { line: 4, reason: 'unknown_field', field: 'ssn' },
      { line: 6, reason: 'line_too_long' },
      { line: 7, ok: 'J-4' },
    ]);
    expect(await verdicts(JSON.stringify({ ...row, jailDays: 1.5 }), 'ndjson')).toEqual([
      { line: 1, reason: 'jail_days_out_of_range', field: 'jailDays' },
    ]);
    expect(await verdicts(JSON.stringify({ ...row, givenName: 7 }), 'ndjson')).toEqual([
      { line: 1, reason: 'not_a_string', field: 'givenName' },
    ]);
  });

  it('refuses a CSV whose header lacks a column, names an unknown one or repeats one', async () => {
    await expect(rows('kind,recordId\narrest,A-1\n')).rejects.toEqual(
      new JusticeFileRefused('missing_columns', ['givenName', 'familyName', 'dateOfBirth', 'district', 'eventDate']),
    );
    await expect(rows(`${HEADER},ssn\n`)).rejects.toMatchObject({ code: 'unknown_column', columns: ['ssn'] });
    await expect(rows(`${HEADER},kind\n`)).rejects.toMatchObject({ code: 'duplicate_column', columns: ['kind'] });
    await expect(rows('')).rejects.toMatchObject({ code: 'missing_header' });
  });

  it('splits CSV fields as RFC 4180 says', () => {
    expect(csvFields('a,"b,c",,"d""e"')).toEqual(['a', 'b,c', '', 'd"e']);
    expect(csvFields('"open')).toBe('open');
    expect(csvFields('a"b')).toBe('malformed');
  });
});
