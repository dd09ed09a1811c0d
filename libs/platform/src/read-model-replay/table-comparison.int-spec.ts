import { isolatedSchema, type IsolatedSchema } from '@lead/testing';
import { compareTable } from './table-comparison.js';

/**
 * The generic comparison on a table of a shape no service has yet: a key of two columns, nullable and jsonb
 * columns, a column name that needs quoting. Only keys and column names come back, never another value.
 */
describe('compareTable: a live table against its replay, by primary key, column by column', () => {
  let live: IsolatedSchema;
  let replay: IsolatedSchema;
  const table = (s: string) => `
    CREATE TABLE "${s}".visits (
      day date NOT NULL, site text NOT NULL, "Count" integer, notes jsonb, PRIMARY KEY (site, day))`;

  beforeAll(async () => {
    live = await isolatedSchema('t_cmp_live', 2);
    replay = await isolatedSchema('t_cmp_replay', 2);
    for (const { pool, schema } of [live, replay]) await pool.query(table(schema));
    const rows = `('2026-01-01', 'north', 1, '{"a": [1, 2]}'), ('2026-01-02', 'north', NULL, NULL),
                  ('2026-01-01', 'south', 3, '{"a": 1}')`;
    for (const { pool, schema } of [live, replay]) await pool.query(`INSERT INTO "${schema}".visits VALUES ${rows}`);
  });
  afterAll(async () => {
    await live?.drop();
    await replay?.drop();
  });

  it('finds nothing when the tables hold the same rows, NULLs and documents included', async () => {
    expect(await compareTable(live.pool, 'visits', live.schema, replay.schema, 10)).toEqual({
      table: 'visits',
      liveRows: 3,
      replayedRows: 3,
      mismatches: 0,
      listed: [],
    });
  });

  it('names each mismatch by its whole key, the columns that differ in table order, and counts past the limit', async () => {
    await live.pool.query(
      `UPDATE "${live.schema}".visits SET "Count" = 2, notes = '{"a": [2, 1]}' WHERE site = 'north' AND day = '2026-01-01'`,
    );
    await live.pool.query(`UPDATE "${live.schema}".visits SET "Count" = 0 WHERE day = '2026-01-02'`);
    await live.pool.query(`DELETE FROM "${live.schema}".visits WHERE site = 'south'`);
    await live.pool.query(`INSERT INTO "${live.schema}".visits VALUES ('2026-01-03', 'east', 1, NULL)`);

    const all = await compareTable(live.pool, 'visits', live.schema, replay.schema, 10);
    expect(all).toEqual({
      table: 'visits',
      liveRows: 3,
      replayedRows: 3,
      mismatches: 4,
      listed: [
        { table: 'visits', kind: 'differs', key: { day: '2026-01-01', site: 'north' }, columns: ['Count', 'notes'] },
        // NULL against a value is a difference.
        { table: 'visits', kind: 'differs', key: { day: '2026-01-02', site: 'north' }, columns: ['Count'] },
        { table: 'visits', kind: 'missing_from_live', key: { day: '2026-01-01', site: 'south' }, columns: [] },
        { table: 'visits', kind: 'not_in_log', key: { day: '2026-01-03', site: 'east' }, columns: [] },
      ],
    });
    // In the primary key's order, as the line output prints it.
    expect(Object.keys(all.listed[0].key)).toEqual(['site', 'day']);

    const first = await compareTable(live.pool, 'visits', live.schema, replay.schema, 1);
    expect(first).toMatchObject({ mismatches: 4, listed: [all.listed[0]] });
  });

  it('refuses a table without a primary key, and a live table that is not there', async () => {
    for (const { pool, schema } of [live, replay]) await pool.query(`CREATE TABLE "${schema}".loose (n integer)`);
    await expect(compareTable(live.pool, 'loose', live.schema, replay.schema, 10)).rejects.toThrow(
      'has no primary key',
    );
    await expect(compareTable(live.pool, 'absent', live.schema, replay.schema, 10)).rejects.toThrow(
      `no table ${live.schema}.absent`,
    );
  });
});
