import { comparePositions, type Position } from '@lead/event-store';
import { postgresLiveCheckpoint } from '@lead/platform';
import { assertBuiltForLeadAudit, eventually, runLeadAudit } from '@lead/testing';
import { randomUUID } from 'node:crypto';
import {
  referralProjectionCheckpointId,
  ReferralProjectionWorker,
} from '../src/projections/referral-projection.worker.js';
import { call, denverArrestDiversion, startReferralsApp, type ReferralsApp } from './referrals-app.js';

const person = (givenName: string, familyName: string) => ({ givenName, familyName, dateOfBirth: '1984-05-06' });

/**
 * `lead-audit replay|diff referral-summaries` as a process, against a running referrals service whose projection
 * built its tables from referrals and a merge recorded through its routes: a replay beside the live schema that
 * matches it, a projection merely behind that is no mismatch, then planted mismatches named by key and column.
 */
describe('lead-audit replay and diff of referral-summaries, run as a process', () => {
  let app: ReferralsApp;
  const referralIds: string[] = [];
  const participantIds: string[] = [];
  const summaries = () => `"${app.env.DATABASE_SCHEMA}".referral_summaries`;
  const merges = () => `"${app.env.DATABASE_SCHEMA}".participant_merges`;
  const count = async (table: string) => (await app.db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
  const run = (args: string[]) => runLeadAudit(args, app.env);
  const checkpoint = () =>
    postgresLiveCheckpoint(app.db, app.eventStoreSchema)(referralProjectionCheckpointId(app.env.DATABASE_SCHEMA));

  /** Once the live projection's checkpoint covers every stream the test wrote (each stream's last event). */
  const projected = async () => {
    const streams = [...referralIds.map((id) => `referral-${id}`), ...participantIds.map((id) => `participant-${id}`)];
    const lasts = await Promise.all(streams.map(async (id) => (await app.store.readStream(id)).at(-1)!.position));
    const newest = lasts.reduce((a, b) => (comparePositions(a, b) >= 0 ? a : b));
    await eventually(
      checkpoint,
      (at: Position | undefined) => at !== undefined && comparePositions(at, newest) >= 0,
      'the live projection to reach the last event written',
    );
  };

  beforeAll(async () => {
    assertBuiltForLeadAudit('apps/referrals/dist/cli/read-model.js');
    app = await startReferralsApp();
    const officer = await app.token('officer', ['denver']);
    const admin = await app.token('program_admin', ['denver']);
    for (const who of [person('Genoveva', 'Ostrowski'), person('Genoveva', 'Ostrowsky'), person('Tomas', 'Reyes')]) {
      const answer = await call(app, 'POST', '/v1/referrals', officer, denverArrestDiversion({ person: who }));
      expect(answer.status).toBe(201);
      referralIds.push(answer.body.referralId as string);
      participantIds.push(answer.body.participantId as string);
    }
    const merged = await call(app, 'POST', `/v1/participants/${participantIds[1]}/merge`, admin, {
      into: participantIds[0],
      reasonCode: 'name_misspelt',
    });
    expect(merged.status).toBe(200);
    await projected();
    expect(await count(summaries())).toBe(3);
    expect(await count(merges())).toBe(1);
  }, 120_000);
  afterAll(async () => {
    if (!app) return;
    const { rows } = await app.db.query<{ name: string }>(
      `SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE $1`,
      [`${app.env.DATABASE_SCHEMA}\\_%`],
    );
    for (const { name } of rows) await app.db.query(`DROP SCHEMA "${name}" CASCADE`);
    await app.close();
  });

  it('replays the log into a fresh schema beside the live one, up to the live checkpoint, and touches nothing live', async () => {
    const live = await app.db.query(`SELECT * FROM ${summaries()} ORDER BY referral_id`);
    const replay = await run(['replay', 'referral-summaries', '--json']);
    expect(replay).toMatchObject({ code: 0 });
    const result = JSON.parse(replay.stdout) as {
      schema: string;
      tables: string[];
      replayedEvents: number;
      upTo: string;
      eventsPerSecond: number;
    };
    expect(result.schema).toMatch(new RegExp(`^${app.env.DATABASE_SCHEMA}_replay_\\d{14}$`));
    expect(result.tables).toEqual(['referral_summaries', 'participant_merges']);
    expect(result.replayedEvents).toBeGreaterThanOrEqual(4);
    expect(result.upTo).toMatch(/^\d+\/\d+$/);
    const replayed = await app.db.query(`SELECT * FROM "${result.schema}".referral_summaries ORDER BY referral_id`);
    expect(replayed.rows).toEqual(live.rows);
    expect(await count(`"${result.schema}".participant_merges`)).toBe(1);
    // Marked complete last: a replay killed half-way has no such comment.
    const { rows: marked } = await app.db.query<{ comment: string | null }>(
      `SELECT obj_description(oid, 'pg_namespace') AS comment FROM pg_namespace WHERE nspname = $1`,
      [result.schema],
    );
    expect(marked[0]?.comment).toMatch(/^lead-audit replay of referral-summaries: complete, \d+ events up to \d+\/\d+/);
    expect((await app.db.query(`SELECT * FROM ${summaries()} ORDER BY referral_id`)).rows).toEqual(live.rows);

    const human = await run(['replay', 'referral-summaries']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      /^replayed \d+ events into \S+ \(referral_summaries, participant_merges\) in [\d.]+ s \(\d+ events\/s\), up to the live checkpoint \d+\/\d+/,
    );
  });

  it('diffs the replay against the live tables: they match, and a projection merely behind is no mismatch', async () => {
    // The scratch schema of a diff killed long ago (SIGKILL: no chance to drop it) is dropped by the next diff.
    const abandoned = `${app.env.DATABASE_SCHEMA}_diff_20200101000000_abcd`;
    await app.db.query(`CREATE SCHEMA "${abandoned}"`);
    const clean = await run(['diff', 'referral-summaries']);
    expect(clean).toMatchObject({ code: 0, stdout: '' });
    expect(clean.stderr).toContain(
      'referral_summaries: 3 live, 3 replayed rows; participant_merges: 1 live, 1 replayed rows; 0 mismatch(es)',
    );

    // The live projection stops; a referral recorded now is in the log, not in the live tables: the replay stops
    // where the live projection stands, so the two still match.
    await app.app.get(ReferralProjectionWorker).stop();
    const officer = await app.token('officer', ['denver']);
    const later = await call(
      app,
      'POST',
      '/v1/referrals',
      officer,
      denverArrestDiversion({ person: person('Ana', 'Li') }),
    );
    expect(later.status).toBe(201);
    // In $all for every reader (past the store's transaction-id fence) before the diff reads it.
    const laterStream = `referral-${later.body.referralId as string}`;
    await eventually(
      () => app.store.readAll({ filter: { streamPrefixes: [laterStream] } }),
      (events) => events.length > 0,
      'the later referral to show in $all',
    );
    const behind = await run(['diff', 'referral-summaries', '--json']);
    expect(behind.code).toBe(0);
    expect(JSON.parse(behind.stdout)).toMatchObject({ matches: true, mismatches: 0, liveMovedTo: null });
    const scratch = await app.db.query(`SELECT 1 FROM pg_namespace WHERE nspname LIKE $1`, [
      `${app.env.DATABASE_SCHEMA}\\_diff\\_%`,
    ]);
    expect(scratch.rowCount).toBe(0);
  });

  it('names each planted mismatch by table, key and column, and exits 1', async () => {
    const [edited, deleted] = referralIds;
    const stranger = randomUUID();
    await app.db.query(`UPDATE ${summaries()} SET district = 'PLANTED-DISTRICT-7Q' WHERE referral_id = $1`, [edited]);
    await app.db.query(`DELETE FROM ${summaries()} WHERE referral_id = $1`, [deleted]);
    await app.db.query(
      `INSERT INTO ${merges()} (participant_id, merged_into, revision, merged_at) VALUES ($1, $2, 1, now())`,
      [stranger, participantIds[2]],
    );
    const found = await run(['diff', 'referral-summaries']);
    expect(found.code).toBe(1);
    expect(found.stdout.trim().split('\n')).toEqual([
      ['differs', 'referral_summaries', edited, 'district'].join('\t'),
      ['missing_from_live', 'referral_summaries', deleted, '-'].join('\t'),
      ['not_in_log', 'participant_merges', stranger, '-'].join('\t'),
    ]);
    expect(found.stderr).toContain('3 mismatch(es)');
    // Keys and column names only: no value of a row reaches the output.
    expect(found.stdout + found.stderr).not.toContain('PLANTED-DISTRICT-7Q');

    const json = await run(['diff', 'referral-summaries', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      matches: false,
      mismatches: 3,
      listed: [
        { table: 'referral_summaries', kind: 'differs', key: { referral_id: edited }, columns: ['district'] },
        { table: 'referral_summaries', kind: 'missing_from_live', key: { referral_id: deleted }, columns: [] },
        { table: 'participant_merges', kind: 'not_in_log', key: { participant_id: stranger }, columns: [] },
      ],
    });
  });

  it('refuses an unknown read model, naming the known ones (exit 2)', async () => {
    const unknown = await run(['diff', 'referral-lists']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('program-facts, referral-summaries, case-summaries (not referral-lists)');
    expect((await run(['replay'])).code).toBe(2);
    const noService = await runLeadAudit(['diff', 'referral-summaries'], {
      ...app.env,
      DATABASE_SCHEMA: 'no_such_referrals_schema',
    });
    expect(noService.code).toBe(2);
    expect(noService.stderr).toContain('no referral-summaries in schema no_such_referrals_schema');
    // With EVENT_STORE=esdb the log and the projection's checkpoint are read from EventStoreDB (none here).
    const onEsdb = await runLeadAudit(['diff', 'referral-summaries'], {
      ...app.env,
      EVENT_STORE: 'esdb',
      ESDB_CONNECTION_STRING: 'esdb://127.0.0.1:1?tls=false',
    });
    expect(onEsdb).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot read $all of EventStoreDB') });
    // A string the client would warn about (quoting it, password and all) is refused before the client sees it.
    const warned = await runLeadAudit(['diff', 'referral-summaries'], {
      ...app.env,
      EVENT_STORE: 'esdb',
      ESDB_CONNECTION_STRING: 'esdb://admin:hunter2@127.0.0.1:1?tlsVerifyCert=false',
    });
    expect(warned).toMatchObject({ code: 2, stderr: expect.stringContaining('tlsVerifyCert=false is not supported') });
    expect(warned.stderr).not.toContain('hunter2');
  });
});
