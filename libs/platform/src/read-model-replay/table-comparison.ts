import { quoteSchema } from '@lead/event-store';
import type pg from 'pg';

/**
 * One row where the live table and the replay disagree, by primary key. `missing_from_live`: the log makes the row,
 * the live table lacks it; `not_in_log`: the live table has a row the log does not make; `differs`: both have it,
 * and `columns` name what differs. Only the key's values are shown, never another column's: the key is an id.
 */
export interface RowMismatch {
  table: string;
  kind: 'missing_from_live' | 'not_in_log' | 'differs';
  key: Record<string, unknown>;
  columns: string[];
}

export interface TableComparison {
  table: string;
  liveRows: number;
  replayedRows: number;
  mismatches: number;
  /** The first `limit` mismatches, by kind then key. */
  listed: RowMismatch[];
}

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Compares `table` of the live schema with the same table of the replay, row by row by primary key, column by
 * column, in one statement: each row as `to_jsonb`, keyed by the primary key's columns as the catalog has them. The
 * same statement serves every read model, whatever its columns.
 */
export async function compareTable(
  db: pg.Pool,
  table: string,
  liveSchema: string,
  replaySchema: string,
  limit: number,
): Promise<TableComparison> {
  const live = `${quoteSchema(liveSchema)}.${quoteIdentifier(table)}`;
  const replay = `${quoteSchema(replaySchema)}.${quoteIdentifier(table)}`;
  const { rows: found } = await db.query<{ live: string | null; replay: string | null }>(
    'SELECT to_regclass($1) AS live, to_regclass($2) AS replay',
    [live, replay],
  );
  if (found[0].live === null) throw new Error(`no table ${liveSchema}.${table}: the live read model is not there`);
  if (found[0].replay === null) throw new Error(`no table ${replaySchema}.${table}: the replay did not create it`);
  const { rows: columns } = await db.query<{ name: string; keyPosition: number | null }>(
    `SELECT a.attname AS name, array_position(i.indkey::int2[], a.attnum) AS "keyPosition"
       FROM pg_attribute a
       LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary
      WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [live],
  );
  const key = columns
    .filter((column) => column.keyPosition !== null)
    .sort((a, b) => a.keyPosition! - b.keyPosition!)
    .map((column) => column.name);
  if (key.length === 0) throw new Error(`${liveSchema}.${table} has no primary key: its rows cannot be paired`);
  const rowsOf = (relation: string) =>
    `SELECT (SELECT jsonb_object_agg(k, r -> k) FROM unnest($1::text[]) AS k) AS key, r AS row
       FROM (SELECT to_jsonb(t) AS r FROM ${relation} t) AS rows`;
  const { rows } = await db.query<{
    key: Record<string, unknown>;
    kind: RowMismatch['kind'];
    columns: string[];
    total: number;
  }>(
    `WITH live AS (${rowsOf(live)}), replay AS (${rowsOf(replay)})
     SELECT COALESCE(l.key, p.key) AS key,
            CASE WHEN l.key IS NULL THEN 'missing_from_live' WHEN p.key IS NULL THEN 'not_in_log' ELSE 'differs' END
              AS kind,
            CASE WHEN l.key IS NULL OR p.key IS NULL THEN '{}'::text[]
                 ELSE ARRAY(SELECT c FROM unnest($2::text[]) WITH ORDINALITY AS u (c, n)
                             WHERE l.row -> c IS DISTINCT FROM p.row -> c ORDER BY n) END AS columns,
            count(*) OVER ()::int AS total
       FROM live l FULL JOIN replay p ON l.key = p.key
      WHERE l.key IS NULL OR p.key IS NULL OR l.row IS DISTINCT FROM p.row
      ORDER BY 2, 1::text
      LIMIT $3`,
    [key, columns.map((column) => column.name), Math.max(limit, 1)],
  );
  const { rows: counts } = await db.query<{ live: number; replay: number }>(
    `SELECT (SELECT count(*)::int FROM ${live}) AS live, (SELECT count(*)::int FROM ${replay}) AS replay`,
  );
  return {
    table,
    liveRows: counts[0].live,
    replayedRows: counts[0].replay,
    mismatches: rows[0]?.total ?? 0,
    listed: rows.slice(0, limit).map((row) => ({
      table,
      kind: row.kind,
      // In the primary key's order (jsonb orders its keys its own way).
      key: Object.fromEntries(key.map((column) => [column, row.key[column]])),
      columns: row.columns,
    })),
  };
}
