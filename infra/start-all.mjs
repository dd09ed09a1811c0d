#!/usr/bin/env node
// `npm start` (after `npm run build`): ensure PostgreSQL, start the four services from apps/<name>/dist/main.js,
// prefix their output with the service name, wait for GET /health on each, print the URLs. Ctrl-C / SIGTERM stop
// the services gracefully (then the throwaway database, if one was started). A service that exits on its own
// stops the others and this script exits non-zero.
//
//   node infra/start-all.mjs                    all four services
//   node infra/start-all.mjs referrals reporting  a subset (each keeps its own port)
// Environment: DATABASE_URL (see infra/postgres.mjs), LEAD_HTTP_PORT_BASE (default 3001: referrals 3001,
// case-management 3002, prosecution 3003, reporting 3004), LEAD_START_TIMEOUT_MS (default 60000); everything else
// (BUS, EVENT_STORE, …) is passed to the services unchanged.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensurePostgres, stopPostgres } from './postgres.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVICES = ['referrals', 'case-management', 'prosecution', 'reporting'];
const BASE_PORT = Number(process.env.LEAD_HTTP_PORT_BASE || 3001);
const START_TIMEOUT_MS = Number(process.env.LEAD_START_TIMEOUT_MS || 60_000);
const STOP_TIMEOUT_MS = 10_000;
const COLORS = [36, 35, 33, 32];
const tty = process.stdout.isTTY && !process.env.NO_COLOR;

const say = (msg) => process.stdout.write(`[start-all] ${msg}\n`);
const width = Math.max(...SERVICES.map((s) => s.length));

const selected = process.argv.slice(2);
for (const name of selected) {
  if (!SERVICES.includes(name)) {
    say(`unknown service "${name}" (known: ${SERVICES.join(', ')})`);
    process.exit(2);
  }
}
const services = SERVICES.map((name, i) => ({
  name,
  port: BASE_PORT + i,
  color: COLORS[i % COLORS.length],
  entry: path.join(ROOT, 'apps', name, 'dist', 'main.js'),
})).filter((s) => selected.length === 0 || selected.includes(s.name));

const missing = services.filter((s) => !existsSync(s.entry));
if (missing.length) {
  say(
    `not built: ${missing.map((s) => path.relative(ROOT, s.entry)).join(', ')} — run \`npm run build\` (or \`npm start\`)`,
  );
  process.exit(1);
}

let shuttingDown = false;
let exitCode = 0;

function prefix(service) {
  const label = service.name.padEnd(width);
  return tty ? `\x1b[${service.color}m${label} |\x1b[0m ` : `${label} | `;
}

function pipeLines(stream, out, pre) {
  readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => out.write(pre + line + '\n'));
}

function startService(service, env) {
  const child = spawn(process.execPath, ['--enable-source-maps', service.entry], {
    cwd: ROOT,
    env: { ...env, HTTP_PORT: String(service.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: a terminal Ctrl-C reaches only this script, which forwards it exactly once (NestJS
    // shutdown hooks treat a second signal as "die now").
    detached: true,
  });
  service.child = child;
  service.exited = new Promise((resolve) =>
    child.on('close', (code, signal) => {
      service.exitInfo = signal ? `signal ${signal}` : `code ${code}`;
      resolve();
      if (!shuttingDown) {
        say(`${service.name} exited unexpectedly (${service.exitInfo}); stopping the others`);
        shutdown(1);
      }
    }),
  );
  child.on('error', (err) => {
    say(`${service.name} could not start: ${err.message}`);
    if (!shuttingDown) shutdown(1);
  });
  const pre = prefix(service);
  pipeLines(child.stdout, process.stdout, pre);
  pipeLines(child.stderr, process.stderr, pre);
}

async function waitHealthy(service) {
  const url = `http://127.0.0.1:${service.port}/health`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!shuttingDown) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`${service.name} did not answer ${url} within ${START_TIMEOUT_MS} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function shutdown(code, signal = 'SIGTERM') {
  if (shuttingDown) return;
  shuttingDown = true;
  exitCode = code;
  const alive = services.filter((s) => s.child && s.child.exitCode === null && s.child.signalCode === null);
  for (const s of alive) s.child.kill(signal);
  const timer = setTimeout(() => {
    for (const s of alive) {
      if (s.child.exitCode === null && s.child.signalCode === null) {
        say(`${s.name} did not stop within ${STOP_TIMEOUT_MS} ms; killing it`);
        s.child.kill('SIGKILL');
      }
    }
  }, STOP_TIMEOUT_MS);
  await Promise.all(alive.map((s) => s.exited));
  clearTimeout(timer);
  await stopPostgres().catch((err) => say(`stopping PostgreSQL failed: ${err.message}`));
  process.exit(exitCode);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    say(`${signal}: stopping services`);
    shutdown(0, signal);
  });
}

try {
  const databaseUrl = await ensurePostgres();
  say(`DATABASE_URL=${databaseUrl.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@')}`);
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  for (const service of services) startService(service, env);
  await Promise.all(services.map(waitHealthy));
  if (!shuttingDown) {
    say('all services are up:');
    for (const s of services)
      say(
        `  ${s.name.padEnd(width)}  http://127.0.0.1:${s.port}  (health: /health, API docs: /docs` +
          `${s.name === 'reporting' ? ', dashboard: /dashboard' : ''})`,
      );
    say('Ctrl-C stops them.');
  }
} catch (err) {
  say(err.message);
  await shutdown(1);
}
