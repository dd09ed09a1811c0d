// npm run bench:access — an anonymous flood against the referrals service, beside a /health flood of the same size.
// The service runs as a separate process (node apps/referrals/dist/main.js, the embedded default) in fresh schemas
// dropped at the end. A legitimate officer reads GET /v1/referrals at BENCH_LEGIT_RATE requests/s (open loop, latency
// from when each was due) through three phases: quiet; a flood of BENCH_FLOOD GET /health; a flood of BENCH_FLOOD
// GET /v1/referrals without a token, from BENCH_ADDRESSES loopback addresses. Then it waits for the refusal window
// (ACCESS_AUDIT_REFUSAL_WINDOW_SECONDS, 60) to close and counts the RequestsRefused events the flood appended.
// Targets: at most 1 event per address per minute of flood; the legitimate p99 during the anonymous flood under 3x quiet.
// The last line is a `name=value` summary.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { AccessSettings, TokenSigner } from '@lead/access';
import { loadConfig } from '@lead/platform';
import { ensurePostgres, stopPostgres } from '../../infra/postgres.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FLOOD = Number(process.env.BENCH_FLOOD ?? 10_000);
const ADDRESSES = Number(process.env.BENCH_ADDRESSES ?? 4);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const LEGIT_RATE = Number(process.env.BENCH_LEGIT_RATE ?? 50);
const QUIET_SECONDS = Number(process.env.BENCH_QUIET_SECONDS ?? 5);
const WINDOW_SECONDS = 60;
const P99_FACTOR_TARGET = 3;

const line = (text) => console.log(text);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const url = await ensurePostgres({ quiet: true });
const suffix = randomBytes(4).toString('hex');
const schemas = {
  DATABASE_SCHEMA: `bench_access_${suffix}`,
  EVENT_STORE_SCHEMA: `bench_access_es_${suffix}`,
  KEY_STORE_SCHEMA: `bench_access_keys_${suffix}`,
};
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const env = { ...process.env, DATABASE_URL: url, ...schemas, HTTP_PORT: String(port), LOG_LEVEL: 'warn' };
env.EVENT_STORE = 'postgres';
env.BUS = 'embedded';
env.ACCESS_AUDIT_REFUSAL_WINDOW_SECONDS = String(WINDOW_SECONDS);
delete env.NODE_ENV;
const logDir = path.join(tmpdir(), `lead-bench-access-${suffix}`);
mkdirSync(logDir, { recursive: true });
const logFile = path.join(logDir, 'referrals.log');
const logFd = openSync(logFile, 'w');
const server = spawn(process.execPath, [path.join(ROOT, 'apps/referrals/dist/main.js')], {
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

async function run() {
  const settings = loadConfig(AccessSettings, env);
  const token = await TokenSigner.development().sign(
    { subject: 'bench-officer', agency: 'DPD', roles: ['officer'], jurisdictions: ['denver'] },
    TokenSigner.optionsFor(settings),
  );
  const legitAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const legitimate = () =>
    request('/v1/referrals?limit=5', { agent: legitAgent, headers: { authorization: `Bearer ${token}` } }, 200);

  line(
    `Access flood benchmark — ${FLOOD} requests per flood, ${CONCURRENCY} at a time, from ${ADDRESSES} addresses; legitimate reads at ${LEGIT_RATE}/s`,
  );
  await openLoop(legitimate, LEGIT_RATE, 1); // warm-up
  const quiet = summary(await openLoop(legitimate, LEGIT_RATE, QUIET_SECONDS));
  line(`  quiet:             legitimate p50=${quiet.p50} ms p99=${quiet.p99} ms`);

  const health = await during(legitimate, () => flood('/health', 200));
  line(
    `  /health flood:     ${health.flood.rate} req/s; legitimate p50=${health.legit.p50} ms p99=${health.legit.p99} ms`,
  );

  const eventsBefore = await refusalEvents();
  const started = Date.now();
  const anonymous = await during(legitimate, () => flood('/v1/referrals', [401, 429]));
  const ended = Date.now();
  line(
    `  anonymous flood:   ${anonymous.flood.rate} req/s (${anonymous.flood.statuses}); legitimate p50=${anonymous.legit.p50} ms p99=${anonymous.legit.p99} ms`,
  );

  // The flood's windows close, then the audit worker (polling every 5 s, 5 s grace) writes them.
  const windowMs = WINDOW_SECONDS * 1000;
  const closesAt = (Math.floor(ended / windowMs) + 1) * windowMs + 12_000;
  line(`  waiting ${Math.round((closesAt - Date.now()) / 1000)} s for the refusal window to be written`);
  await sleep(Math.max(0, closesAt - Date.now()));
  const events = (await refusalEvents()) - eventsBefore;
  const minutes = Math.floor(ended / windowMs) - Math.floor(started / windowMs) + 1;
  const perAddressMinute = events / (ADDRESSES * minutes);
  line(
    `  audit: ${events} RequestsRefused events for ${FLOOD} refused requests from ${ADDRESSES} addresses over ${minutes} window(s)`,
  );

  const factor = anonymous.legit.p99 / quiet.p99;
  line(
    [
      `flood_requests=${FLOOD}`,
      `flood_addresses=${ADDRESSES}`,
      `events_appended=${events}`,
      `events_per_address_minute=${perAddressMinute.toFixed(2)}`,
      `quiet_p50_ms=${quiet.p50}`,
      `quiet_p99_ms=${quiet.p99}`,
      `health_flood_p50_ms=${health.legit.p50}`,
      `health_flood_p99_ms=${health.legit.p99}`,
      `anonymous_flood_p50_ms=${anonymous.legit.p50}`,
      `anonymous_flood_p99_ms=${anonymous.legit.p99}`,
      `anonymous_p99_over_quiet=${factor.toFixed(2)}`,
      `health_p99_over_quiet=${(health.legit.p99 / quiet.p99).toFixed(2)}`,
      `met_events_1_per_address_minute=${perAddressMinute <= 1 ? 'yes' : 'no'}`,
      `met_p99_under_3x_quiet=${factor < P99_FACTOR_TARGET ? 'yes' : 'no'}`,
    ].join(' '),
  );
}

async function refusalEvents() {
  const { rows } = await pool.query(
    `SELECT count(*)::int AS n FROM "${schemas.EVENT_STORE_SCHEMA}".events WHERE event_type = 'RequestsRefused'`,
  );
  return rows[0].n;
}

/** Runs `work` while the legitimate caller keeps its rate; returns both. */
async function during(legitimate, work) {
  const stop = { done: false };
  const legit = openLoop(legitimate, LEGIT_RATE, Infinity, stop);
  const flooded = await work();
  stop.done = true;
  return { flood: flooded, legit: summary(await legit) };
}

async function flood(route, expected) {
  const agents = Array.from(
    { length: ADDRESSES },
    (_, i) => new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY, localAddress: `127.0.9.${i + 1}` }),
  );
  const statuses = new Map();
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < FLOOD) {
        const n = next++;
        const status = await request(route, { agent: agents[n % ADDRESSES] }, expected);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  for (const agent of agents) agent.destroy();
  const seconds = (Date.now() - started) / 1000;
  return {
    rate: Math.round(FLOOD / seconds),
    statuses: [...statuses].map(([status, count]) => `${status}: ${count}`).join(', '),
  };
}

/** Sends one request every 1000/rate ms whatever the answers before it; latency counts from when it was due. */
async function openLoop(send, rate, seconds, stop = { done: false }) {
  const interval = 1000 / rate;
  const latencies = [];
  const pending = [];
  const start = performance.now();
  for (let i = 0; ; i++) {
    const due = start + i * interval;
    if (stop.done || due - start > seconds * 1000) break;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(send().then(() => latencies.push(performance.now() - due)));
  }
  await Promise.all(pending);
  return latencies;
}

function summary(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q) => Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1));
  return { p50: at(0.5), p99: at(0.99), count: sorted.length };
}

function request(route, options, expected) {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}${route}`, options, (response) => {
      response.resume();
      response.on('end', () => {
        const ok = Array.isArray(expected) ? expected.includes(response.statusCode) : response.statusCode === expected;
        if (!ok) reject(new Error(`${route} answered ${response.statusCode}`));
        else resolve(response.statusCode);
      });
    });
    req.on('error', reject);
  });
}

async function waitUntilUp(timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (serverExit) throw new Error(`the referrals service exited (${serverExit}):\n${readFileSync(logFile, 'utf8')}`);
    try {
      if ((await fetch(`${base}/ready`)).ok) return;
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
