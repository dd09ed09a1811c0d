import { deriveEventId } from '@lead/event-store';
import { idempotencyScopeOf } from '@lead/platform';
import type pg from 'pg';
import { matchKeyStream, participantMatchKey } from '../src/participant/participant-match-key.js';
import type { ParticipantRegistration } from '../src/participant/register-participant/participant-registration.js';

export interface Person {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
}

export interface Finding {
  table: string;
  handle: string;
  rows: number;
}

/** The namespace keyed referrals derived ids in (referral-identity.ts); the participant's id came from the match key until erasure existed. */
const KEYED_REFERRAL_NAMESPACE = '0b6f3c52-9a1e-4d7b-8f20-5c4e7a9d1b36';

/**
 * Every value that, computed by someone holding the matching key (and, for keyed referrals, the officer's key and
 * token scope), would let them find the person in the store: the blind index, its stream's name, and the id a
 * keyed referral gave a new participant before erasure existed (derived from the match key).
 */
export function derivableHandles(
  registration: ParticipantRegistration,
  jurisdiction: string,
  person: Person,
  keyedBy: Array<{ subject: string; agency: string; jurisdictions: string[]; key: string }> = [],
): string[] {
  const matchKey = participantMatchKey(
    registration.jurisdictionSecret(jurisdiction),
    jurisdiction,
    person.givenName,
    person.familyName,
    person.dateOfBirth,
  );
  const derivedIds = keyedBy.map(({ key, ...user }) =>
    deriveEventId(`${idempotencyScopeOf({ user })}\n${key}`, `participant/${matchKey}`, KEYED_REFERRAL_NAMESPACE),
  );
  return [matchKey, matchKeyStream(matchKey), ...derivedIds];
}

/**
 * Looks for each handle in every row of every table of the schemas (each row as text: every column, whatever its
 * type — text, json, jsonb, arrays, stream names, ids; bytea too, as its hex form and its bytes), case-insensitively.
 */
export async function findHandles(pool: pg.Pool, schemas: string[], handles: string[]): Promise<Finding[]> {
  const { rows: tables } = await pool.query<{ table_schema: string; table_name: string }>(
    `SELECT table_schema, table_name FROM information_schema.tables
      WHERE table_schema = ANY ($1) AND table_type = 'BASE TABLE' ORDER BY 1, 2`,
    [schemas],
  );
  if (tables.length === 0) throw new Error(`No tables in ${schemas.join(', ')}: the scan would prove nothing`);
  const { rows: byteColumns } = await pool.query<{ table_schema: string; table_name: string; column_name: string }>(
    `SELECT table_schema, table_name, column_name FROM information_schema.columns
      WHERE table_schema = ANY ($1) AND data_type = 'bytea'`,
    [schemas],
  );
  const findings: Finding[] = [];
  for (const { table_schema, table_name } of tables) {
    const table = `"${table_schema}"."${table_name}"`;
    const bytes = byteColumns
      .filter((c) => c.table_schema === table_schema && c.table_name === table_name)
      .map((c) => `OR position(convert_to($1, 'UTF8') in x."${c.column_name}") > 0`)
      .join(' ');
    for (const handle of handles) {
      const { rows } = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${table} x WHERE strpos(lower(x::text), lower($1)) > 0 ${bytes}`,
        [handle],
      );
      const count = Number(rows[0].n);
      if (count > 0) findings.push({ table: `${table_schema}.${table_name}`, handle, rows: count });
    }
  }
  return findings;
}

/** The service's schemas: event store (topics of the embedded bus included), read models and inbox, key store. */
export function schemasOf(env: Readonly<Record<string, string>>): string[] {
  return [env.EVENT_STORE_SCHEMA, env.DATABASE_SCHEMA, env.KEY_STORE_SCHEMA];
}
