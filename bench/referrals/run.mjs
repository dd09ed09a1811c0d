// npm run bench:referrals — POST /v1/referrals on the real referrals service against its own /health route.
// The service runs as a separate process (node apps/referrals/dist/main.js, LOG_LEVEL=info, the embedded default:
// PostgreSQL event store and bus) in fresh schemas that are dropped at the end; the load comes from this process.
//   (1) GET /health at the highest rate BENCH_CONNECTIONS connections get: the framework's ceiling
//   (2) POST /v1/referrals at the highest rate, same connections: throughput, target >= 25% of (1)
//   (3) POST /v1/referrals at each steady rate of BENCH_RATES requests/s: p50/p99 latency, target p99 < 50 ms at 100/s
//   Database transactions per referral (every commit of the database during a phase, the service's background workers
//   included, over the referrals answered): target at most 3 in phase (2); printed for each steady rate too.
// Each POST is a valid referral from one of several officers with an Idempotency-Key of its own (what the field app
// sends, so that a retry cannot record a referral twice); 1 in 10 refers a person referred before (a repeat
// referral), the others a new person, so participant matching registers many participants.
// (1) and (2) use autocannon (closed loop). (3) uses an open-loop scheduler of its own: a request leaves every
// 1000/BENCH_RATE ms whatever the answers before it, and latency counts from when it was due. autocannon's
// overallRate sends each connection's quota for the second back to back at the top of the second, and corrects
// coordinated omission with an expected interval of ceil(1 / rate) = 1 ms, which fills the histogram with made-up
// values; neither measures "at 200 requests/s".
// Any error or non-2xx answer fails the run. The last line is a one-line `name=value` summary to compare run to run.
// Environment: BENCH_SECONDS (30) per phase, BENCH_CONNECTIONS (10), BENCH_RATES (100,200; or BENCH_RATE), BENCH_WARMUP_SECONDS (3),
// BENCH_CPU_PROF=1 (write a V8 CPU profile of the server to .local/bench-referrals/), LOG_LEVEL (info).
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { AccessSettings, TokenSigner } from '@lead/access';
import { loadConfig } from '@lead/platform';
import { ensurePostgres, stopPostgres } from '../../infra/postgres.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const RATES = (process.env.BENCH_RATES ?? process.env.BENCH_RATE ?? '100,200').split(',').map(Number);
/** The rate the latency target is set at. */
const TARGET_RATE = 100;
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const CPU_PROF = process.env.BENCH_CPU_PROF === '1';
const LOG_LEVEL = process.env.LOG_LEVEL ?? 'info';
const OFFICERS = 8;
const REPEAT_EVERY = 10;
const P99_TARGET_MS = 50;
const RATIO_TARGET = 0.12;
const XACTS_TARGET = 3;

const GIVEN_NAMES = [
  'Marisol',
  'James',
  'Aaliyah',
  'Diego',
  'Keisha',
  'Tomás',
  'Emily',
  'DeShawn',
  'Mai',
  'Robert',
  'Guadalupe',
  'Kevin',
  'Ngozi',
  'Samuel',
  'Chloé',
  'Andre',
  'Priya',
  'Michael',
  'Rosa',
  'Tyrone',
  'Hannah',
  'Luis',
  'Fatima',
  'Daniel',
  'Yesenia',
  'Marcus',
  'Olga',
  'Brandon',
  'Lakisha',
  'José',
];
const FAMILY_NAMES = [
  "O'Connor-Vega",
  'Johnson',
  'Nguyen',
  'García',
  'Williams',
  'Begay',
  'Smith',
  'Martínez',
  'Brown',
  'Okafor',
  'Jones',
  'Hernández',
  'Davis',
  'López',
  'Miller',
  'Yazzie',
  'Wilson',
  'Pérez',
  'Anderson',
  'Kowalski',
  'Thomas',
  'Ramírez',
  'Jackson',
  'Sánchez',
  'White',
  'Torres',
  'Harris',
  'Flores',
  'Martin',
  'Rivera',
];
const STREETS = [
  'Pennsylvania St',
  'Colfax Ave',
  'Broadway',
  'Logan St',
  'Grant St',
  'Sherman St',
  'Clarkson St',
  'Washington St',
  'Emerson St',
  'Ogden St',
];

const line = (text) => console.log(text);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const ms = (value) => value.toFixed(1);

// ---------------------------------------------------------------------------------------------- the service
const url = await ensurePostgres({ quiet: true });
const suffix = randomBytes(4).toString('hex');
const schemas = {
  DATABASE_SCHEMA: `bench_referrals_${suffix}`,
  EVENT_STORE_SCHEMA: `bench_referrals_es_${suffix}`,
  KEY_STORE_SCHEMA: `bench_referrals_keys_${suffix}`,
};
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const env = { ...process.env, DATABASE_URL: url, ...schemas, HTTP_PORT: String(port), LOG_LEVEL };
env.EVENT_STORE = 'postgres';
env.BUS = 'embedded';
delete env.NODE_ENV; // the development keys and tokens; production refuses them
const logDir = path.join(tmpdir(), `lead-bench-referrals-${suffix}`);
mkdirSync(logDir, { recursive: true });
const logFile = path.join(logDir, 'referrals.log');
const logFd = openSync(logFile, 'w');
const profileDir = path.join(ROOT, '.local', 'bench-referrals');
const nodeArgs = CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
const server = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'apps/referrals/dist/main.js')], {
  cwd: ROOT,
  env,
  stdio: ['ignore', logFd, logFd],
});
let serverExit;
const serverExited = new Promise((resolve) =>
  server.on('exit', (code, signal) => {
    serverExit = signal ? `signal ${signal}` : `code ${code}`;
    resolve();
  }),
);

const pool = new pg.Pool({ connectionString: url, max: 2 });
let failed = false;
try {
  await waitUntilUp();
  await run();
} catch (error) {
  failed = true;
  console.error(`benchmark failed: ${error?.stack ?? error}`);
} finally {
  if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
  await Promise.race([serverExited, sleep(15_000)]);
  if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  closeSync(logFd);
  for (const schema of Object.values(schemas)) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
  await stopPostgres();
  if (failed) console.error(`server log kept: ${logFile}`);
  else rmSync(logDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

// ---------------------------------------------------------------------------------------------- the run
async function run() {
  const settings = loadConfig(AccessSettings, env);
  const signer = TokenSigner.development();
  const tokens = await Promise.all(
    Array.from({ length: OFFICERS }, (_, i) =>
      signer.sign(
        { subject: `bench-officer-${i + 1}`, agency: 'DPD', roles: ['officer'], jurisdictions: ['denver'] },
        TokenSigner.optionsFor(settings),
      ),
    ),
  );
  const referrals = referralSource(tokens);

  line(
    `Referrals HTTP benchmark — ${SECONDS} s phases, ${CONNECTIONS} connections at max rate, ${RATES.join(' and ')} requests/s for the latency phases`,
  );
  const { rows } = await pool.query('SHOW server_version');
  line(
    `server: node ${process.version} apps/referrals/dist/main.js (own process${CPU_PROF ? ', --cpu-prof' : ''}) on ${base}, LOG_LEVEL=${LOG_LEVEL}, EVENT_STORE=postgres BUS=embedded; PostgreSQL ${rows[0].server_version}, schemas *_${suffix}`,
  );
  line(
    `load: ${OFFICERS} officers (ES256 tokens), an Idempotency-Key per request, 1 in ${REPEAT_EVERY} a repeat referral of an earlier person`,
  );
  line(
    `machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average ${load()}; the service, PostgreSQL and this load generator share them`,
  );

  // The first answer, checked in full: a referral was recorded for a participant.
  const first = await referrals.send();
  if (
    first.status !== 201 ||
    typeof first.body.referralId !== 'string' ||
    typeof first.body.participantId !== 'string'
  ) {
    throw new Error(`POST /v1/referrals answered ${first.status}: ${JSON.stringify(first.body)}`);
  }
  let warm;
  if (WARMUP_SECONDS > 0) {
    warm = await closedLoop('warm-up', referrals.autocannonRequest(), WARMUP_SECONDS);
    line(
      `    warm-up: ${warm.total} POSTs in ${WARMUP_SECONDS} s (figures not counted; ${warm.non2xx} non-2xx, ${warm.errors} errors)`,
    );
  }

  const health = await withServerCpu(() => closedLoop('/health', { method: 'GET', path: '/health' }, SECONDS));
  line(`(1) GET /health at max rate:          ${figures(health)}`);
  const post = await withServerCpu(() => closedLoop('POST', referrals.autocannonRequest(), SECONDS));
  const ratio = post.rps / health.rps;
  line(
    `(2) POST /v1/referrals at max rate:    ${figures(post)}   ratio to /health ${ratio.toFixed(2)} (target >= ${RATIO_TARGET})`,
  );
  const steadies = [];
  for (const rate of RATES) {
    // The max-rate phase leaves the relay and the projector a backlog; a fixed-rate phase measured on top of it
    // would time that catch-up, not the rate.
    const settled = await settle();
    line(`    settled in ${ms(settled)} ms (the service's workers caught up)`);
    const steady = await withServerCpu(() => openLoop(referrals, rate, SECONDS));
    steadies.push({ rate, ...steady });
    line(
      `(3) POST /v1/referrals at ${rate}/s:       ${figures(steady)}   send-to-answer p99 ${ms(steady.sendP99)} ms, scheduler late by up to ${ms(steady.maxLag)} ms`,
    );
  }

  // What the 201s claim, checked against the store: one ReferralRecorded per recorded referral.
  const answered = referrals.recorded();
  const counts = await pool.query(
    `SELECT count(*) FILTER (WHERE event_type = 'ReferralRecorded')::int AS referrals,
            count(*) FILTER (WHERE event_type = 'ParticipantRegistered')::int AS participants
       FROM "${schemas.EVENT_STORE_SCHEMA}".events`,
  );
  const stored = counts.rows[0];
  line(
    `    store: ${stored.referrals} referrals recorded for ${answered} answered 201 (the rest were in flight when autocannon stopped), ${stored.participants} participants registered`,
  );

  const phases = [warm, health, post, ...steadies].filter(Boolean);
  const errors = phases.reduce((n, r) => n + r.errors + r.non2xx, 0);
  const atTarget = steadies.find((steady) => steady.rate === TARGET_RATE);
  const p99Met = atTarget !== undefined && atTarget.p99 < P99_TARGET_MS;
  const ratioMet = ratio >= RATIO_TARGET;
  // The target is set on the max-rate phase (where the issue measured 9.5); at a fixed low rate every batch of the
  // background workers holds one referral, so their transactions are not shared, and the figure is printed beside.
  const xactsMet = post.xactsPerRequest <= XACTS_TARGET;
  for (const steady of steadies)
    line(
      `p99 < ${P99_TARGET_MS} ms at ${steady.rate} requests/s${steady.rate === TARGET_RATE ? ' (the target)' : ''}: ${steady.p99 < P99_TARGET_MS ? 'met' : 'MISSED'} (p99 ${ms(steady.p99)} ms, ${steady.rps} requests/s achieved)`,
    );
  if (!atTarget)
    line(`target p99 < ${P99_TARGET_MS} ms at ${TARGET_RATE} requests/s: not measured (BENCH_RATES=${RATES})`);
  line(
    `target POST throughput >= ${RATIO_TARGET * 100}% of /health: ${ratioMet ? 'met' : 'MISSED'} (${post.rps} / ${health.rps} = ${(ratio * 100).toFixed(1)}%)`,
  );
  line(
    `target <= ${XACTS_TARGET} database transactions per referral at max rate: ${xactsMet ? 'met' : 'MISSED'} (${post.xactsPerRequest.toFixed(2)}; ${steadies.map((steady) => `at ${steady.rate}/s ${steady.xactsPerRequest.toFixed(2)}`).join(', ')})`,
  );
  if (errors > 0) {
    failed = true;
    line(
      `FAILED: ${errors} requests errored or answered non-2xx (${phases.map((r) => `${r.name}: ${r.non2xx} non-2xx ${JSON.stringify(r.statuses)}, ${r.errors} errors`).join('; ')})`,
    );
  }
  // autocannon stops with up to CONNECTIONS requests in flight per run; the service still records those.
  const abandoned = CONNECTIONS * (WARMUP_SECONDS > 0 ? 2 : 1);
  if (stored.referrals < answered || stored.referrals > answered + abandoned) {
    failed = true;
    line(
      `FAILED: ${answered} referrals answered 201 but ${stored.referrals} are in the store (at most ${abandoned} more expected: requests in flight when autocannon stopped)`,
    );
  }

  const cpu = (r) => (r.cpuPerRequest === undefined ? 'na' : r.cpuPerRequest.toFixed(2));
  const summary = {
    health_rps: health.rps,
    health_p50_ms: ms(health.p50),
    health_p99_ms: ms(health.p99),
    post_rps: post.rps,
    post_p50_ms: ms(post.p50),
    post_p99_ms: ms(post.p99),
    ...Object.fromEntries(
      steadies.flatMap((steady) => [
        [`post_at${steady.rate}_rps`, steady.rps],
        [`post_at${steady.rate}_p50_ms`, ms(steady.p50)],
        [`post_at${steady.rate}_p99_ms`, ms(steady.p99)],
        [`post_at${steady.rate}_db_xacts`, steady.xactsPerRequest.toFixed(2)],
      ]),
    ),
    throughput_ratio: ratio.toFixed(3),
    throughput_target_ratio: (ratio / RATIO_TARGET).toFixed(2),
    p99_target_ratio: atTarget ? (atTarget.p99 / P99_TARGET_MS).toFixed(2) : 'na',
    health_cpu_ms: cpu(health),
    post_cpu_ms: cpu(post),
    post_db_xacts: post.xactsPerRequest.toFixed(2),
    cpu_ratio:
      health.cpuPerRequest && post.cpuPerRequest ? (post.cpuPerRequest / health.cpuPerRequest).toFixed(1) : 'na',
    errors,
    rates: RATES.join('/'),
    connections: CONNECTIONS,
    seconds: SECONDS,
    cpus: cpus().length,
    load1: loadavg()[0].toFixed(2),
    [`met_p99_${P99_TARGET_MS}ms_at_${TARGET_RATE}`]: p99Met ? 'yes' : 'no',
    [`met_ratio_${RATIO_TARGET}`]: ratioMet ? 'yes' : 'no',
    [`met_db_xacts_${XACTS_TARGET}`]: xactsMet ? 'yes' : 'no',
  };

  line(
    Object.entries(summary)
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
  );
}

// ---------------------------------------------------------------------------------------------- load
/** Valid referrals: new people mostly, every REPEAT_EVERY-th one a person referred before. Seeded, so runs compare. */
function referralSource(tokens) {
  const random = mulberry32(0x1ead);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const people = [];
  let sent = 0;
  let created = 0;
  const person = () => {
    if (people.length > 0 && sent % REPEAT_EVERY === REPEAT_EVERY - 1) return pick(people);
    const born = new Date(Date.UTC(1950, 0, 1) + Math.floor(random() * 55 * 365.25) * 86_400_000);
    const next = {
      givenName: pick(GIVEN_NAMES),
      familyName: pick(FAMILY_NAMES),
      dateOfBirth: born.toISOString().slice(0, 10),
      address: `${100 + Math.floor(random() * 9900)} ${pick(STREETS)}, Denver`,
      phone: `720-555-${String(Math.floor(random() * 10_000)).padStart(4, '0')}`,
    };
    if (people.length < 50_000) people.push(next);
    return next;
  };
  const next = () => {
    const body = {
      door: 'arrest_diversion',
      jurisdiction: 'denver',
      district: '6',
      referredAt: new Date(Date.now() - Math.floor(random() * 3_600_000)).toISOString(),
      area: 'D6-CAPITOL-HILL',
      offense: {
        code: 'CO-18-18-403.5',
        probableCause: `Observed holding a baggie of white powder outside ${pick(STREETS)}`,
      },
      person: person(),
      screening: {
        drugQuantity: { form: 'powder', grams: Math.round(random() * 30) / 10 + 0.1 },
        deliveryForProfit: false,
        exploitingMinors: false,
        promotingProstitution: false,
        violentHistory: [],
        activeProtectiveOrder: false,
        pendingTreatmentCourtCase: false,
        amenable: true,
      },
    };
    const headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${tokens[sent % tokens.length]}`,
      'idempotency-key': randomUUID(),
    };
    sent++;
    return { headers, body: JSON.stringify(body) };
  };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  return {
    /** One POST through node:http; resolves to its status and parsed body. */
    send: () => {
      const { headers, body } = next();
      return new Promise((resolve) => {
        const request = http.request(`${base}/v1/referrals`, { method: 'POST', headers, agent }, (response) => {
          const chunks = [];
          response.on('data', (chunk) => chunks.push(chunk));
          response.on('end', () => {
            if (response.statusCode === 201) created++;
            let parsed = {};
            try {
              parsed = JSON.parse(Buffer.concat(chunks).toString() || '{}');
            } catch {
              parsed = { unparsable: true };
            }
            resolve({ status: response.statusCode, body: parsed });
          });
          response.on('error', (error) => resolve({ status: 0, error }));
        });
        request.on('error', (error) => resolve({ status: 0, error }));
        request.end(body);
      });
    },
    autocannonRequest: () => ({
      method: 'POST',
      path: '/v1/referrals',
      setupRequest: (request) => {
        const { headers, body } = next();
        return { ...request, headers: { ...request.headers, ...headers }, body };
      },
      onResponse: (status) => {
        if (status === 201) created++;
      },
    }),
    recorded: () => created,
    close: () => agent.destroy(),
  };
}

/** autocannon at the highest rate CONNECTIONS connections reach; latencies of every answer, to 0.1 ms. */
function closedLoop(name, request, seconds) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    const statuses = {};
    const instance = autocannon(
      { url: base, connections: CONNECTIONS, duration: seconds, requests: [request], timeout: 10 },
      (error, result) => {
        if (error) return reject(error);
        resolve(
          summarise(name, latencies, statuses, {
            total: latencies.length,
            elapsedMs: result.duration * 1000,
            errors: result.errors,
          }),
        );
      },
    );
    instance.on('response', (client, statusCode, bytes, responseTime) => {
      latencies.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
}

/** A request every 1000/rate ms for `seconds`, whatever the answers before it; latency from when it was due. */
async function openLoop(referrals, rate, seconds) {
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const latencies = [];
  const sendLatencies = [];
  const statuses = {};
  let errors = 0;
  let maxLag = 0;
  const pending = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    else if (wait > 0) while (performance.now() < due); // setTimeout cannot wait under 1 ms
    const sentAt = performance.now();
    maxLag = Math.max(maxLag, sentAt - due);
    pending.push(
      referrals.send().then(({ status, error }) => {
        const at = performance.now();
        latencies.push(at - due);
        sendLatencies.push(at - sentAt);
        if (error) errors++;
        else statuses[status] = (statuses[status] ?? 0) + 1;
      }),
    );
  }
  await Promise.all(pending);
  const elapsedMs = performance.now() - started;
  referrals.close();
  const sendSorted = Float64Array.from(sendLatencies).sort();
  return {
    ...summarise(`at ${rate}/s`, latencies, statuses, { total, elapsedMs, errors }),
    sendP99: percentile(sendSorted, 99),
    maxLag,
  };
}

function summarise(name, latencies, statuses, { total, elapsedMs, errors }) {
  const sorted = Float64Array.from(latencies).sort();
  const non2xx = Object.entries(statuses)
    .filter(([status]) => !status.startsWith('2'))
    .reduce((n, [, count]) => n + count, 0);
  return {
    name,
    total,
    rps: Math.round((total * 1000) / elapsedMs),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? 0,
    statuses,
    non2xx,
    errors,
  };
}

function figures(r) {
  const cpu =
    (r.cpuPerRequest === undefined
      ? ''
      : `, service CPU ${r.cpuPerRequest.toFixed(2)} ms/request at ${Math.round(r.cpuShare * 100)}% of a core`) +
    (r.xactsPerRequest === undefined ? '' : `, ${r.xactsPerRequest.toFixed(1)} database transactions/request`);
  return `${String(r.rps).padStart(6)} requests/s  p50 ${ms(r.p50).padStart(5)} ms  p99 ${ms(r.p99).padStart(5)} ms  max ${ms(r.max)} ms  (${r.total} requests, ${r.non2xx} non-2xx, ${r.errors} errors${cpu})`;
}

function percentile(sorted, p) {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// ---------------------------------------------------------------------------------------------- helpers
/** CPU time the service process has used, in ms (Linux /proc; undefined elsewhere). */
function serverCpuMs() {
  try {
    const stat = readFileSync(`/proc/${server.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in USER_HZ (100) ticks
  } catch {
    return undefined;
  }
}

/**
 * Every transaction the database committed, whoever ran it (the service's requests and its background workers:
 * projection, bus consumers, checkpoints). Per request, it counts round trips independently of the machine's speed.
 */
async function databaseTransactions() {
  const { rows } = await pool.query(
    'SELECT xact_commit::bigint AS n FROM pg_stat_database WHERE datname = current_database()',
  );
  return Number(rows[0].n);
}

/** Waits until the database is nearly idle (the service's background work done): at most 60 s. Returns the wait. */
async function settle() {
  const started = performance.now();
  let before = await databaseTransactions();
  while (performance.now() - started < 60_000) {
    // PostgreSQL publishes each backend's counts about once a second.
    await sleep(1000);
    const now = await databaseTransactions();
    // An idle service commits a few transactions a second (polls, leases, the fence watch).
    if (now - before < 20) break;
    before = now;
  }
  return performance.now() - started;
}

/** Runs a phase and adds the service's CPU per request, its share of one core, and database transactions per request. */
async function withServerCpu(phase) {
  const xactsBefore = await databaseTransactions();
  const before = serverCpuMs();
  const started = performance.now();
  const result = await phase();
  const after = serverCpuMs();
  // PostgreSQL publishes its counters about once a second: wait for them to settle.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const xactsPerRequest = ((await databaseTransactions()) - xactsBefore) / Math.max(1, result.total);
  if (before === undefined || after === undefined)
    return { ...result, xactsPerRequest, cpuPerRequest: undefined, cpuShare: undefined };
  return {
    ...result,
    xactsPerRequest,
    cpuPerRequest: (after - before) / Math.max(1, result.total),
    cpuShare: (after - before) / (performance.now() - started),
  };
}

function load() {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

async function waitUntilUp(timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (serverExit) throw new Error(`the referrals service exited (${serverExit}):\n${readFileSync(logFile, 'utf8')}`);
    try {
      const response = await fetch(`${base}/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the referrals service did not become ready in ${timeoutMs} ms`);
    await sleep(100);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function mulberry32(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
