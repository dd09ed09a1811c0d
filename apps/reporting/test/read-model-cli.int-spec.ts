import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually, publish, startReportingApp, type ReportingApp } from './reporting-app.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = path.join(ROOT, 'apps/reporting/dist/cli/read-model.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `read-model replay|diff program-facts` (what `lead-audit replay` / `diff` run) as a process, against a running
 * reporting service's schemas: a replay beside the live table that switches nothing, a diff that matches, then a
 * planted mismatch named with its columns, and usage errors.
 */
describe('the read-model replay and diff, run as a process', () => {
  let app: ReportingApp;
  const run = (args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [CLI, ...args],
        { cwd: ROOT, env: { ...process.env, ...app.env } },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  const facts = () => `"${app.schema}".program_facts`;

  beforeAll(async () => {
    // Compiled, as an auditor runs it (CI has built it; a local run may not have), before the service starts.
    execFileSync(
      process.execPath,
      // apps/reporting and what it references: libs/access, whose lead-audit hands replay and diff to it.
      [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'apps/reporting/tsconfig.app.json'],
      { cwd: ROOT, stdio: 'pipe' },
    );
    app = await startReportingApp({}, new Date('2026-12-03T12:00:00Z'));
    for (let i = 0; i < 5; i++) {
      const subject = { participantId: randomUUID(), jurisdiction: 'denver', correlationId: randomUUID() };
      await publish(
        app,
        subject,
        'lead.referral.recorded',
        {
          referralId: randomUUID(),
          door: 'social_contact',
          district: 'D1',
          referredBy: { agency: 'DPD', staffId: 'officer-1' },
          referredAt: '2026-08-01T17:00:00.000Z',
          protocolVersion: '2026-12',
        },
        '2026-08-01T17:00:00.000Z',
      );
    }
    await eventually(
      async () => (await app.db.query(`SELECT count(*)::int AS n FROM ${facts()}`)).rows[0].n as number,
      (n) => n === 5,
      'the facts to be projected',
    );
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('replays the log into a fresh table beside the live one and switches nothing', async () => {
    const replay = await run(['replay', 'program-facts', '--json']);
    expect(replay).toMatchObject({ code: 0 });
    const result = JSON.parse(replay.stdout) as { table: string; replayedEvents: number };
    expect(result.replayedEvents).toBe(5);
    expect(result.table).toMatch(new RegExp(`^${app.schema}\\.program_facts_replay_\\d{14}$`));
    const [schema, table] = result.table.split('.');
    const replayed = await app.db.query(`SELECT count(*)::int AS n FROM "${schema}"."${table}"`);
    expect(replayed.rows[0].n).toBe(5);
    expect((await app.db.query(`SELECT count(*)::int AS n FROM ${facts()}`)).rows[0].n).toBe(5);
  });

  it('diffs the live facts against the replay: a match, then a planted mismatch named with its columns', async () => {
    const clean = await run(['diff', 'program-facts']);
    expect(clean).toMatchObject({ code: 0, stdout: '' });
    expect(clean.stderr).toContain('5 events replayed, 5 live rows, 0 mismatch(es)');

    const { rows } = await app.db.query(`SELECT event_id FROM ${facts()} ORDER BY event_id LIMIT 1`);
    const edited = rows[0].event_id as string;
    await app.db.query(`UPDATE ${facts()} SET district = 'D9' WHERE event_id = $1`, [edited]);
    const found = await run(['diff', 'program-facts', '--jurisdiction', 'denver']);
    expect(found.code).toBe(1);
    expect(found.stdout.trim()).toBe(['differs', edited, 'denver', 'district'].join('\t'));
    const elsewhere = await run(['diff', 'program-facts', '--jurisdiction', 'san-luis-valley', '--json']);
    expect(elsewhere.code).toBe(0);
    expect(JSON.parse(elsewhere.stdout)).toMatchObject({ matches: true, liveRows: 0 });
  });

  it('is what the installed lead-audit runs for replay and diff', async () => {
    const leadAudit = await new Promise<Run>((resolve) =>
      execFile(
        process.execPath,
        [path.join(ROOT, 'libs/access/dist/cli/lead-audit.js'), 'diff', 'program-facts', '--jurisdiction', 'denver'],
        { cwd: ROOT, env: { ...process.env, ...app.env } },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      ),
    );
    // The edit planted above is still there: the same mismatch, through lead-audit.
    expect(leadAudit.code).toBe(1);
    expect(leadAudit.stdout).toMatch(/^differs\t[0-9a-f-]{36}\tdenver\tdistrict\n$/);
  });

  it('refuses what it cannot do, naming it (exit 2)', async () => {
    for (const args of [
      [],
      ['diff'],
      ['diff', 'case-summaries'],
      ['rebuild', 'program-facts'],
      ['diff', 'program-facts', '--jurisdiction', 'Denver!'],
    ]) {
      const answer = await run(args);
      expect({ args, code: answer.code }).toEqual({ args, code: 2 });
    }
    const noService = await new Promise<Run>((resolve) =>
      execFile(
        process.execPath,
        [CLI, 'diff', 'program-facts'],
        { cwd: ROOT, env: { ...process.env, ...app.env, DATABASE_SCHEMA: 'no_such_reporting_schema' } },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(noService.code).toBe(2);
    expect(noService.stderr).toContain('no reporting service in schema no_such_reporting_schema');
  });
});
