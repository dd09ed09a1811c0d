import { comparePositions, type Position } from '@lead/event-store';
import { postgresLiveCheckpoint } from '@lead/platform';
import { assertBuiltForLeadAudit, runLeadAudit } from '@lead/testing';
import { randomUUID } from 'node:crypto';
import { caseProjectionCheckpointId } from '../src/projections/case-projection.worker.js';
import { acceptedReferral, eventually, startCaseManagementApp, type CaseManagementApp } from './case-management-app.js';

/**
 * `lead-audit replay|diff case-summaries` as a process, against a running case-management service whose projection
 * built `case_summaries` from cases it opened on accepted referrals (consumed from the bus, its own write path): a
 * replay beside the live schema that matches it, then planted mismatches named by key and column.
 */
describe('lead-audit replay and diff of case-summaries, run as a process', () => {
  let app: CaseManagementApp;
  const caseIds: string[] = [];
  const summaries = () => `"${app.schema}".case_summaries`;
  const count = async (table: string) => (await app.db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
  const run = (args: string[]) => runLeadAudit(args, app.env);
  const checkpoint = () =>
    postgresLiveCheckpoint(app.db, app.env.EVENT_STORE_SCHEMA)(caseProjectionCheckpointId(app.schema));

  beforeAll(async () => {
    assertBuiltForLeadAudit('apps/case-management/dist/cli/read-model.js');
    app = await startCaseManagementApp();
    for (let i = 0; i < 3; i++) caseIds.push((await acceptedReferral(app, { handOffAgency: 'ARTS' })).caseId);
    // Once the live projection's checkpoint covers each case stream's last event.
    const lasts = await Promise.all(caseIds.map(async (id) => (await app.store.readStream(`case-${id}`)).at(-1)!));
    const newest = lasts.map((event) => event.position).reduce((a, b) => (comparePositions(a, b) >= 0 ? a : b));
    await eventually(
      checkpoint,
      (at: Position | undefined) => at !== undefined && comparePositions(at, newest) >= 0,
      'the live projection to reach the cases opened',
    );
    expect(await count(summaries())).toBe(3);
  }, 120_000);
  afterAll(async () => {
    if (!app) return;
    const { rows } = await app.db.query<{ name: string }>(
      `SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE $1`,
      [`${app.schema}\\_%`],
    );
    for (const { name } of rows) await app.db.query(`DROP SCHEMA "${name}" CASCADE`);
    await app.close();
  });

  it('replays the log into a fresh schema beside the live one that equals it, and touches nothing live', async () => {
    const live = await app.db.query(`SELECT * FROM ${summaries()} ORDER BY case_id`);
    const replay = await run(['replay', 'case-summaries', '--json']);
    expect(replay).toMatchObject({ code: 0 });
    const result = JSON.parse(replay.stdout) as { schema: string; tables: string[]; replayedEvents: number };
    expect(result.schema).toMatch(new RegExp(`^${app.schema}_replay_\\d{14}$`));
    expect(result.tables).toEqual(['case_summaries']);
    expect(result.replayedEvents).toBeGreaterThanOrEqual(3);
    const replayed = await app.db.query(`SELECT * FROM "${result.schema}".case_summaries ORDER BY case_id`);
    expect(replayed.rows).toEqual(live.rows);
    expect((await app.db.query(`SELECT * FROM ${summaries()} ORDER BY case_id`)).rows).toEqual(live.rows);

    const clean = await run(['diff', 'case-summaries']);
    expect(clean).toMatchObject({ code: 0, stdout: '' });
    expect(clean.stderr).toContain('case_summaries: 3 live, 3 replayed rows; 0 mismatch(es)');
  });

  it('names each planted mismatch by key and column, and exits 1', async () => {
    const [edited, deleted, copied] = caseIds;
    const stranger = randomUUID();
    await app.db.query(`UPDATE ${summaries()} SET contacts = contacts + 7 WHERE case_id = $1`, [edited]);
    await app.db.query(`DELETE FROM ${summaries()} WHERE case_id = $1`, [deleted]);
    await app.db.query(
      `INSERT INTO ${summaries()}
       SELECT (jsonb_populate_record(NULL::${summaries()}, to_jsonb(s) || jsonb_build_object('case_id', $1::uuid))).*
         FROM ${summaries()} s WHERE case_id = $2`,
      [stranger, copied],
    );
    const found = await run(['diff', 'case-summaries']);
    expect(found.code).toBe(1);
    expect(found.stdout.trim().split('\n')).toEqual([
      ['differs', 'case_summaries', edited, 'contacts'].join('\t'),
      ['missing_from_live', 'case_summaries', deleted, '-'].join('\t'),
      ['not_in_log', 'case_summaries', stranger, '-'].join('\t'),
    ]);
    expect(found.stderr).toContain('case_summaries: 3 live, 3 replayed rows; 3 mismatch(es)');

    const json = await run(['diff', 'case-summaries', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      readModel: 'case-summaries',
      matches: false,
      mismatches: 3,
      tables: [{ table: 'case_summaries', liveRows: 3, replayedRows: 3, mismatches: 3 }],
      listed: [
        { kind: 'differs', key: { case_id: edited }, columns: ['contacts'] },
        { kind: 'missing_from_live', key: { case_id: deleted } },
        { kind: 'not_in_log', key: { case_id: stranger } },
      ],
    });
    const scratch = await app.db.query(`SELECT 1 FROM pg_namespace WHERE nspname LIKE $1`, [
      `${app.schema}\\_diff\\_%`,
    ]);
    expect(scratch.rowCount).toBe(0);
  });

  it('refuses an unknown read model and what does not apply to it (exit 2)', async () => {
    const unknown = await run(['diff', 'caseload']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('program-facts, referral-summaries, case-summaries (not caseload)');
    expect((await run(['diff', 'case-summaries', '--jurisdiction', 'denver'])).code).toBe(2);
    expect((await run(['rebuild', 'case-summaries'])).code).toBe(2);
  });
});
