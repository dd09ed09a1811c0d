import type pg from 'pg';

export interface PlaintextFinding {
  table: string;
  column: string;
  needle: string;
  rows: number;
}

/**
 * Looks for each needle in every column of every table of the given schemas, whatever the column
 * type: bytea is searched byte-wise for the UTF-8 bytes, everything else through its text form
 * (jsonb, arrays and composite values included). Exact substring match, no pattern characters.
 */
export async function findPlaintext(pool: pg.Pool, schemas: string[], needles: string[]): Promise<PlaintextFinding[]> {
  const { rows: columns } = await pool.query<{
    table_schema: string;
    table_name: string;
    column_name: string;
    data_type: string;
  }>(
    `SELECT c.table_schema, c.table_name, c.column_name, c.data_type
       FROM information_schema.columns c
       JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema = ANY ($1) AND t.table_type = 'BASE TABLE'
      ORDER BY 1, 2, c.ordinal_position`,
    [schemas],
  );
  if (columns.length === 0) throw new Error(`No tables found in ${schemas.join(', ')}: the scan would prove nothing`);
  const findings: PlaintextFinding[] = [];
  for (const { table_schema, table_name, column_name, data_type } of columns) {
    const table = `"${table_schema}"."${table_name}"`;
    const column = `"${column_name}"`;
    const condition =
      data_type === 'bytea' ? `position(convert_to($1, 'UTF8') in ${column}) > 0` : `strpos(${column}::text, $1) > 0`;
    for (const needle of needles) {
      const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE ${condition}`, [
        needle,
      ]);
      const count = Number(rows[0].n);
      if (count > 0)
        findings.push({ table: `${table_schema}.${table_name}`, column: column_name, needle, rows: count });
    }
  }
  return findings;
}

/** The tables a scan covered, so a test can show it looked at the event log, key store and read model. */
export async function scannedTables(pool: pg.Pool, schemas: string[]): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(
    `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
      WHERE table_schema = ANY ($1) AND table_type = 'BASE TABLE' ORDER BY 1`,
    [schemas],
  );
  return rows.map((row) => row.name);
}
