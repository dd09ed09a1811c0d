import { callService, freePort, SeededRandom, testDatabaseUrl, type Answer } from '@lead/testing';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ProsecutionModule } from '../apps/prosecution/src/prosecution.module.js';
import { denverArrestDiversion, noScreeningConcerns } from '../apps/referrals/test/referrals-app.js';
import { eventually, startService, type RunningService } from './support/running-service.js';

/*
 * A referral sent with an Idempotency-Key is recorded once, however often the referrals service dies under it.
 * The service runs as a process of its own (the compiled app, as deployed) and is SIGKILLed; the prosecution
 * service runs beside it on the same event store and embedded bus, and must open exactly one matter per arrest.
 * Careful clients retry each referral on its own key until they get an answer, as docs/referrals.md tells them to.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = path.join(ROOT, 'apps', 'referrals', 'dist', 'main.js');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An answer the careful client does not retry: anything but "not there" (connection refused, 5xx) or 409. */
class FinalAnswer extends Error {}

describe('referrals recorded once per Idempotency-Key across SIGKILLs of the referrals service', () => {
  const suffix = randomBytes(5).toString('hex');
  const eventStoreSchema = `test_crash_es_${suffix}`;
  const serviceSchema = `test_crash_referrals_${suffix}`;
  const keyStoreSchema = `test_crash_keys_${suffix}`;
  let port: number;
  let url: string;
  let prosecution: RunningService;
  let db: pg.Pool;
  let officers: string[];
  let service: { child: ChildProcess; exited: Promise<void> } | undefined;
  /** Requests whose connection failed or was cut: each is retried on its key. */
  let lostAnswers = 0;

  function startReferrals(): { child: ChildProcess; exited: Promise<void> } {
    const env: Record<string, string | undefined> = {
      ...process.env,
      NODE_OPTIONS: '',
      DATABASE_URL: testDatabaseUrl(),
      DATABASE_SCHEMA: serviceSchema,
      EVENT_STORE_SCHEMA: eventStoreSchema,
      KEY_STORE_SCHEMA: keyStoreSchema,
      HTTP_PORT: String(port),
      EVENT_STORE: 'postgres',
      BUS: 'embedded',
      LOG_LEVEL: 'error',
    };
    delete env.NODE_ENV; // development keys and tokens, as the in-process services of the tests use
    const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
    const started = { child, exited: new Promise<void>((resolve) => child.once('exit', () => resolve())) };
    service = started;
    return started;
  }

  /** Until the service answers /health: it has migrated, listens and runs its workers. */
  async function serving(): Promise<void> {
    await eventually(
      () =>
        fetch(`${url}/health`)
          .then((response) => response.status)
          .catch(() => 0),
      (status) => status === 200,
      'the referrals service to answer /health',
      60_000,
    );
  }

  async function kill(): Promise<void> {
    if (!service) return;
    service.child.kill('SIGKILL');
    await service.exited;
    service = undefined;
  }

  /** Posts until the service answers: through refused connections while it is down, and 409s while a twin runs. */
  async function carefully(token: string, body: unknown, key: string): Promise<Answer> {
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await callService(url, 'POST', '/v1/referrals', token, body, { 'idempotency-key': key });
        if (answer.status < 500 && answer.status !== 409) {
          if (answer.status !== 201) throw new FinalAnswer(`${answer.status} ${JSON.stringify(answer.body)}`);
          return answer;
        }
      } catch (error) {
        if (error instanceof FinalAnswer) throw error;
        // The service is down or died mid-request: the answer is lost, the retry must find the first effect.
        lostAnswers++;
      }
      if (attempt > 2_000) throw new Error(`no answer for key ${key}`);
      await sleep(25);
    }
  }

  const count = async (sql: string, values: unknown[] = []) =>
    Number((await db.query<{ n: string }>(sql, values)).rows[0].n);
  const recordedReferrals = () =>
    count(`SELECT count(*) AS n FROM "${eventStoreSchema}".events WHERE event_type = 'ReferralRecorded'`);

  beforeAll(async () => {
    // The service runs compiled, as deployed (CI has built it; a local run may not have).
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'apps/referrals/tsconfig.app.json'],
      { cwd: ROOT, stdio: 'pipe' },
    );
    port = await freePort();
    url = `http://127.0.0.1:${port}`;
    db = new pg.Pool({ connectionString: testDatabaseUrl(), max: 3 });
    prosecution = await startService(ProsecutionModule, 'crash_prosecution', {
      EVENT_STORE_SCHEMA: eventStoreSchema,
      KEY_STORE_SCHEMA: keyStoreSchema,
      BUS: 'embedded',
    });
    officers = await Promise.all(
      [1, 2, 3, 4].map((n) => prosecution.token('officer', ['denver'], { subject: `crash-officer-${n}` })),
    );
  }, 120_000);

  afterAll(async () => {
    await kill();
    await prosecution?.close();
    for (const schema of [serviceSchema, eventStoreSchema, keyStoreSchema])
      await db?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db?.end();
  });

  it('a retry after the service died right after recording answers that referral: same ids, nothing appended again', async () => {
    startReferrals();
    await serving();
    const body = denverArrestDiversion({
      person: { givenName: 'Ione', familyName: 'Vasquez', dateOfBirth: '1979-05-05' },
    });
    const key = randomUUID();
    // Holds back whatever the service would write after its effect (the key's record, when it keeps one), so the
    // kill lands exactly between the effect and anything that follows it.
    const parker = await db.connect();
    let parked = false;
    let first: Promise<unknown> | undefined;
    try {
      const parkerPid = (await parker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      await parker.query('BEGIN');
      const before = await recordedReferrals();
      // One attempt, whose answer is lost with the process (a refused or reset connection, or never sent).
      first = callService(url, 'POST', '/v1/referrals', officers[0], body, { 'idempotency-key': key }).catch(
        (error: unknown) => error,
      );
      await eventually(
        async () => {
          const table = await parker.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [
            `"${serviceSchema}".idempotency_keys`,
          ]);
          if (table.rows[0].t) {
            const locked = await parker.query(
              `SELECT 1 FROM "${serviceSchema}".idempotency_keys WHERE status IS NULL FOR UPDATE SKIP LOCKED`,
            );
            parked ||= (locked.rowCount ?? 0) > 0;
          }
          return recordedReferrals();
        },
        (n) => n === before + 1,
        'the referral to be recorded',
        30_000,
      );
      await kill();
      // Its connection waiting on the parked row would otherwise finish the write after the process died.
      await db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))`, [
        parkerPid,
      ]);
      expect(await recordedReferrals()).toBe(before + 1);
    } finally {
      await parker.query('ROLLBACK').catch(() => undefined);
      parker.release();
    }
    await first;
    const before = (await recordedReferrals()) - 1;
    startReferrals();
    const retried = await carefully(officers[0], body, key);
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    const stored = await db.query<{ referral_id: string }>(
      `SELECT data->>'referralId' AS referral_id FROM "${eventStoreSchema}".events WHERE event_type = 'ReferralRecorded'
        ORDER BY global_position DESC LIMIT 1`,
    );
    expect(retried.body.referralId).toBe(stored.rows[0].referral_id);
    expect(await recordedReferrals()).toBe(before + 1);
    process.stdout.write(`crash window test: the key's record ${parked ? 'was' : 'was not'} parked (none is kept)\n`);
    await kill();
  }, 120_000);

  it('under load with SIGKILLs at random points: exactly one referral per key and one matter per arrest', async () => {
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
    // A failing run is repeated with CRASH_SEED=<seed>.
    const random = new SeededRandom(seed);
    const before = await recordedReferrals();
    const lostBefore = lostAnswers;
    const KEYS = 240;
    const keys: Array<{ key: string; officer: string; body: Record<string, unknown>; arrest: boolean }> = [];
    for (let i = 0; i < KEYS; i++) {
      const arrest = i % 3 !== 2;
      // One in five refers a person referred before: participant matching then reads the claimed match key.
      const person = {
        givenName: ['Rosa', 'Emil', 'Nadia', 'Teodor', 'Ama'][i % 5],
        familyName: `Crash${i % 5 === 4 ? i - 1 : i}`,
        dateOfBirth: '1984-04-04',
      };
      const body = arrest
        ? denverArrestDiversion({ person })
        : {
            door: 'social_contact',
            jurisdiction: 'denver',
            district: '6',
            referredAt: '2025-03-04T21:15:00.000Z',
            area: 'D6-CAPITOL-HILL',
            person,
            screening: noScreeningConcerns,
          };
      keys.push({ key: randomUUID(), officer: officers[i % officers.length], body, arrest });
    }
    startReferrals();
    let done = false;
    let kills = 0;
    const killing = (async () => {
      while (!done && kills < 8) {
        await sleep(300 + random.int(900));
        if (done) break;
        await kill();
        kills++;
        startReferrals();
      }
    })();
    // Four careful clients, ten referrals in flight each.
    const answers = new Map<string, Answer>();
    let cursor = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (cursor < keys.length) {
          const { key, officer, body } = keys[cursor++];
          answers.set(key, await carefully(officer, body, key));
        }
      }),
    );
    done = true;
    await killing;

    const referralIds = new Set([...answers.values()].map((answer) => answer.body.referralId as string));
    const recorded = (await recordedReferrals()) - before;
    const arrests = keys.filter((k) => k.arrest).length;
    const arrestReferralIds = keys.filter((k) => k.arrest).map((k) => answers.get(k.key)!.body.referralId as string);
    const matters = await eventually(
      () =>
        db.query<{ referral_id: string; n: string }>(
          `SELECT data->>'referralId' AS referral_id, count(*) AS n FROM "${eventStoreSchema}".events
            WHERE event_type = 'MatterOpened' AND data->>'referralId' = ANY ($1) GROUP BY 1`,
          [arrestReferralIds],
        ),
      (result) => result.rows.length === arrests,
      'a matter for every arrest diversion',
      60_000,
    );
    const counts = {
      seed,
      kills,
      keys: keys.length,
      answered: answers.size,
      lostAnswersRetried: lostAnswers - lostBefore,
      // Keys whose referral was stored by an attempt whose answer was lost: the crash window, hit and survived.
      answeredAsReplay: [...answers.values()].filter((a) => a.headers.get('idempotent-replayed') === 'true').length,
      distinctReferralIds: referralIds.size,
      referralsRecorded: recorded,
      arrests,
      arrestsWithOneMatter: matters.rows.filter((row) => Number(row.n) === 1).length,
    };
    process.stdout.write(`referral crash test: ${JSON.stringify(counts)}\n`);
    expect(counts).toEqual({
      seed,
      kills: expect.any(Number),
      keys: KEYS,
      answered: KEYS,
      lostAnswersRetried: expect.any(Number),
      answeredAsReplay: expect.any(Number),
      distinctReferralIds: KEYS,
      referralsRecorded: KEYS,
      arrests,
      arrestsWithOneMatter: arrests,
    });
    expect(kills).toBeGreaterThanOrEqual(1);
    await kill();
  }, 300_000);
});
