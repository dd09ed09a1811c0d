import { columnsOf } from './export-columns.js';
import { lineWriter, negotiatedFormat } from './export-format.js';
import { exportRowOf, type ExportFact, type RowContext } from './export-row.js';
import { participantPseudonym } from './participant-pseudonym.js';

const participantId = '0193a3c1-7d2e-7a1b-9c3d-4e5f60718293';
const fact: ExportFact = {
  participantId,
  type: 'lead.referral.recorded',
  jurisdiction: 'denver',
  occurredOn: '2026-07-15',
  district: 'D3',
  outcome: 'arrest_diversion',
  minutes: null,
  demographics: { raceEthnicity: ['black_african_american_african'], sex: 'female' },
};
const key = Buffer.alloc(32, 7);
const context = (over: Partial<RowContext> = {}): RowContext => ({
  kind: 'deidentified',
  pseudonymOf: (id) => participantPseudonym(key, 'UW-EVAL', id),
  coarseDistricts: new Set(),
  ...over,
});

describe('the evaluator export’s rows', () => {
  it('de-identified: a pseudonym, the year only, no district finer than configured', () => {
    const columns = columnsOf('deidentified');
    expect(columns.map((c) => c.name)).toEqual([
      'pseudonym',
      'jurisdiction',
      'event_type',
      'year',
      'district',
      'outcome',
      'minutes',
      'equity_group',
      'sex',
    ]);
    const row = exportRowOf(fact, columns, context());
    expect(row).toEqual([
      participantPseudonym(key, 'UW-EVAL', participantId),
      'denver',
      'lead.referral.recorded',
      2026,
      null,
      'arrest_diversion',
      null,
      'black_african_american_african',
      'female',
    ]);
    expect(JSON.stringify(row)).not.toContain(participantId);
    expect(exportRowOf(fact, columns, context({ coarseDistricts: new Set(['D3']) }))[4]).toBe('D3');
  });

  it('limited: the agreement’s fields only, dates among them when it allows', () => {
    const columns = columnsOf('limited', ['event_date', 'equity_group']);
    expect(columns.map((c) => c.name)).toEqual([
      'pseudonym',
      'jurisdiction',
      'event_type',
      'year',
      'event_date',
      'equity_group',
    ]);
    expect(exportRowOf(fact, columns, context({ kind: 'limited' })).slice(3)).toEqual([
      2026,
      '2026-07-15',
      'black_african_american_african',
    ]);
  });

  it('keys pseudonyms to the recipient: two recipients’ files do not join', () => {
    expect(participantPseudonym(key, 'UW-EVAL', participantId)).not.toBe(
      participantPseudonym(key, 'RAND-EVAL', participantId),
    );
    expect(participantPseudonym(key, 'UW-EVAL', participantId.toUpperCase())).toBe(
      participantPseudonym(key, 'UW-EVAL', participantId),
    );
  });

  it('leaves out an erased participant’s answers and a code that is not one (a date, an id)', () => {
    const columns = columnsOf('deidentified');
    const erased = exportRowOf({ ...fact, demographics: { erased: true } }, columns, context());
    expect(erased.slice(7)).toEqual(['not_recorded', null]);
    expect(exportRowOf({ ...fact, outcome: '2026-07-15' }, columns, context())[5]).toBeNull();
    expect(exportRowOf({ ...fact, outcome: participantId }, columns, context())[5]).toBeNull();
    expect(exportRowOf({ ...fact, outcome: 'free text, with spaces' }, columns, context())[5]).toBeNull();
  });

  it('writes CSV (RFC 4180, a header row) and NDJSON, negotiated by format= or Accept', () => {
    const columns = columnsOf('limited', ['outcome']);
    const csv = lineWriter('csv', columns);
    expect(csv.header).toBe('pseudonym,jurisdiction,event_type,year,outcome\r\n');
    expect(csv.line(['p', 'denver', 't', 2026, 'a,"b"'])).toBe('p,denver,t,2026,"a,""b"""\r\n');
    expect(csv.line(['p', 'denver', 't', 2026, null])).toBe('p,denver,t,2026,\r\n');
    const ndjson = lineWriter('ndjson', columns);
    expect(JSON.parse(ndjson.line(['p', 'denver', 't', 2026, null]))).toEqual({
      pseudonym: 'p',
      jurisdiction: 'denver',
      event_type: 't',
      year: 2026,
      outcome: null,
    });
    expect(negotiatedFormat(undefined, 'application/x-ndjson')).toBe('ndjson');
    expect(negotiatedFormat('csv', 'application/x-ndjson')).toBe('csv');
    expect(negotiatedFormat(undefined, undefined)).toBe('csv');
  });
});
