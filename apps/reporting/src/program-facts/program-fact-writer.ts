import type pg from 'pg';
import type { ProgramFactRow } from './program-fact.js';

const COLUMNS =
  'event_id, log_position, type, jurisdiction, participant_id, referral_id, case_id, matter_id, occurred_on, ' +
  'occurred_at, recorded_at, district, outcome, minutes, attrs';
const TYPES = [
  'uuid',
  'bigint',
  'text',
  'text',
  'uuid',
  'uuid',
  'uuid',
  'uuid',
  'date',
  'timestamptz',
  'timestamptz',
  'text',
  'text',
  'double precision',
  'jsonb',
];
const UNNEST = TYPES.map((type, i) => `$${i + 1}::${type}[]`).join(', ');

/**
 * Writes facts into a facts table (the live one, or the one a rebuild fills), many rows per statement. A fact already
 * there is left as it is: an event applied twice is one row. `bulk`: a rebuild's first load into a table without its
 * key yet, of events each read once from the log, so nothing can be there already.
 */
export async function writeProgramFacts(
  db: Pick<pg.ClientBase, 'query'>,
  table: string,
  facts: ReadonlyArray<{ logPosition: string; fact: ProgramFactRow }>,
  { bulk = false } = {},
): Promise<void> {
  if (facts.length === 0) return;
  const columns: unknown[][] = TYPES.map(() => []);
  for (const { logPosition, fact: f } of facts) {
    const values = [
      f.eventId,
      logPosition,
      f.type,
      f.jurisdiction,
      f.participantId,
      f.referralId,
      f.caseId,
      f.matterId,
      f.occurredOn,
      f.occurredAt,
      f.recordedAt,
      f.district,
      f.outcome,
      f.minutes,
      JSON.stringify(f.attrs),
    ];
    values.forEach((value, i) => columns[i].push(value));
  }
  await db.query(
    `INSERT INTO ${table} (${COLUMNS}) SELECT * FROM unnest(${UNNEST})${bulk ? '' : ' ON CONFLICT (event_id) DO NOTHING'}`,
    columns,
  );
}
