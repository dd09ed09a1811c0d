#!/usr/bin/env node
// Finds a reachable PostgreSQL for tests and local runs, starting a throwaway cluster when there is none.
//
// Resolution order (first reachable wins):
//   1. $DATABASE_URL, when set. If it is set but unreachable, a warning naming it (password hidden) is printed
//      and the search falls back to the next candidates, so a stale variable never blocks the tests.
//   2. postgres://postgres@127.0.0.1:5432/test, then …/postgres (the server found on CI and dev machines).
//   3. A cluster previously started by `node infra/postgres.mjs start` (still running).
//   4. A new throwaway cluster: initdb + pg_ctl from the installed PostgreSQL binaries, trust auth, a free port on
//      127.0.0.1, data under .local/postgres/ (git-ignored), fsync off; about one second. Deleted when stopped.
// LEAD_PG_THROWAWAY=1 skips 1 and 2, as on a machine without PostgreSQL: reuses 3, else starts 4.
// LEAD_PG_BIN=/path/to/bin selects the PostgreSQL binaries (default: PATH, /usr/local/bin, /usr/lib/postgresql/*/bin).
//
// When run as root (initdb refuses root), the cluster's processes run as the `postgres` user (else `nobody`).
//
// CLI: node infra/postgres.mjs start   print a reachable URL, starting a cluster that outlives this command
//      node infra/postgres.mjs stop    stop the cluster started by `start` (and any orphaned throwaway cluster)
//      node infra/postgres.mjs url     print a reachable URL without starting anything (exit 1 if none)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { chown, mkdir, mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STATE_ROOT = path.join(ROOT, '.local', 'postgres');
const CLI_STATE = path.join(STATE_ROOT, 'cli.json');
const LOCAL_CANDIDATES = ['postgres://postgres@127.0.0.1:5432/test', 'postgres://postgres@127.0.0.1:5432/postgres'];

/** Clusters started by this process (stopped by stopPostgres(), and on exit as a safety net). */
const started = new Set();

const log = (msg) => process.stderr.write(`[postgres] ${msg}\n`);

/** The URL with its password replaced by ***, for messages. */
export function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable URL>';
  }
}

/** Resolves to null when reachable, else to the reason it is not. */
export async function probe(url, timeoutMs = 2000) {
  let client;
  try {
    client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
    client.on('error', () => {});
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (err) {
    return err?.message || err?.code || String(err);
  } finally {
    await client?.end().catch(() => {});
  }
}

/**
 * Returns a reachable DATABASE_URL, starting a throwaway cluster if needed.
 * @param {{ persistent?: boolean, quiet?: boolean }} [options] persistent: the cluster outlives this process
 *   (CLI `start`); otherwise it is stopped by stopPostgres() or when this process exits.
 */
export async function ensurePostgres({ persistent = false, quiet = false } = {}) {
  const found = await findRunning({ quiet });
  if (found) return found;
  await sweepOrphans();
  const cluster = await startCluster({ persistent });
  if (!quiet)
    log(
      `started throwaway cluster ${cluster.url} in ${cluster.ms} ms (data: ${path.relative(ROOT, cluster.dataDir) || cluster.dataDir})`,
    );
  return cluster.url;
}

/** Stops the clusters this process started (not the CLI's persistent one). Safe to call more than once. */
export async function stopPostgres() {
  for (const cluster of [...started]) {
    started.delete(cluster);
    await stopCluster(cluster);
  }
}

async function findRunning({ quiet }) {
  const throwawayOnly = process.env.LEAD_PG_THROWAWAY === '1';
  const fromEnv = throwawayOnly ? undefined : process.env.DATABASE_URL;
  if (fromEnv) {
    const why = await probe(fromEnv);
    if (!why) return fromEnv;
    log(
      `WARNING: DATABASE_URL=${redact(fromEnv)} is set but unreachable (${why}); falling back to a local server or a throwaway cluster.`,
    );
  }
  for (const url of throwawayOnly ? [] : LOCAL_CANDIDATES) {
    if (!(await probe(url, 1000))) {
      if (!quiet && fromEnv) log(`using ${url}`);
      return url;
    }
  }
  const cli = readState(CLI_STATE);
  if (cli && !(await probe(cli.url, 1000))) return cli.url;
  return null;
}

// ---------------------------------------------------------------------------------------------- throwaway clusters

function pgBinDir() {
  const candidates = [];
  if (process.env.LEAD_PG_BIN) candidates.push(process.env.LEAD_PG_BIN);
  for (const dir of (process.env.PATH || '').split(path.delimiter)) if (dir) candidates.push(dir);
  candidates.push('/usr/local/bin', '/usr/local/pgsql/bin');
  try {
    const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
    for (const v of versions) candidates.push(`/usr/lib/postgresql/${v}/bin`);
  } catch {
    /* not a Debian layout */
  }
  for (const dir of candidates) {
    if (existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl'))) return dir;
  }
  throw new Error(
    'No reachable PostgreSQL and no PostgreSQL server binaries (initdb, pg_ctl) found. ' +
      'Set DATABASE_URL, or install them (Debian: apt-get install postgresql), or set LEAD_PG_BIN.',
  );
}

/** When running as root, the unprivileged account that runs initdb/pg_ctl/postgres. */
function serverAccount() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const passwd = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'));
  for (const name of ['postgres', 'nobody']) {
    const entry = passwd.find((fields) => fields[0] === name);
    if (entry) return { name, uid: Number(entry[2]), gid: Number(entry[3]) };
  }
  throw new Error('Running as root, but there is no "postgres" or "nobody" account to run PostgreSQL as.');
}

function run(bin, args, account, { check = true } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(account ? { uid: account.uid, gid: account.gid } : {}),
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      cwd: os.tmpdir(),
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 || !check) resolve({ code, out });
      else reject(new Error(`${path.basename(bin)} ${args.join(' ')} exited with ${code}:\n${out.trim()}`));
    });
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A directory the server account can own and write; under .local/postgres unless it cannot reach it. */
async function makeDataDir(account) {
  await mkdir(STATE_ROOT, { recursive: true });
  let dir = await mkdtemp(path.join(STATE_ROOT, 'cluster-'));
  if (account) {
    await chown(dir, account.uid, account.gid);
    const reach = spawnSync('test', ['-w', dir, '-a', '-x', dir], { uid: account.uid, gid: account.gid });
    if (reach.status !== 0) {
      // e.g. the checkout lives under /root (mode 700): the postgres account cannot reach it.
      await rm(dir, { recursive: true, force: true });
      dir = await mkdtemp(path.join(os.tmpdir(), 'lead-postgres-'));
      await chown(dir, account.uid, account.gid);
    }
  }
  return dir;
}

async function startCluster({ persistent }) {
  const t0 = Date.now();
  const bin = pgBinDir();
  const account = serverAccount();
  const baseDir = await makeDataDir(account);
  const dataDir = path.join(baseDir, 'data');
  await run(
    path.join(bin, 'initdb'),
    ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'],
    account,
  );
  // Options go into postgresql.conf: no shell quoting through pg_ctl -o, and `pg_ctl stop` needs nothing else.
  await appendFile(
    path.join(dataDir, 'postgresql.conf'),
    [
      '',
      "listen_addresses = '127.0.0.1'",
      "unix_socket_directories = ''",
      'fsync = off',
      'synchronous_commit = off',
      'full_page_writes = off',
      'max_connections = 200',
      "log_min_messages = 'warning'",
      '',
    ].join('\n'),
  );
  let lastError;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const cluster = {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      port,
      bin,
      baseDir,
      dataDir,
      account,
      persistent,
      ownerPid: process.pid,
    };
    const result = await run(
      path.join(bin, 'pg_ctl'),
      ['start', '-D', dataDir, '-w', '-t', '30', '-s', '-l', path.join(baseDir, 'server.log'), '-o', `-p ${port}`],
      account,
      { check: false },
    );
    if (result.code === 0) {
      await writeFile(
        path.join(baseDir, 'cluster.json'),
        JSON.stringify({ ...cluster, account: account?.name ?? null }, null, 2),
      );
      if (persistent) await writeFile(CLI_STATE, JSON.stringify({ url: cluster.url, baseDir }, null, 2));
      else started.add(cluster);
      return { ...cluster, ms: Date.now() - t0 };
    }
    let serverLog = '';
    try {
      serverLog = (await readFile(path.join(baseDir, 'server.log'), 'utf8')).trim().split('\n').slice(-5).join('\n');
    } catch {
      /* no log */
    }
    lastError = `pg_ctl start on port ${port} failed:\n${result.out.trim()}\n${serverLog}`;
    if (!/address already in use|could not bind/i.test(serverLog + result.out)) break; // not a port race
  }
  await rm(baseDir, { recursive: true, force: true });
  throw new Error(lastError);
}

async function stopCluster({ bin, baseDir, dataDir, account }) {
  if (existsSync(path.join(dataDir, 'postmaster.pid'))) {
    await run(path.join(bin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '30', '-s'], account, {
      check: false,
    });
  }
  await rm(baseDir, { recursive: true, force: true });
}

function stopClusterSync({ bin, baseDir, dataDir, account }) {
  spawnSync(path.join(bin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'immediate', '-w', '-s'], {
    stdio: 'ignore',
    cwd: os.tmpdir(),
    ...(account ? { uid: account.uid, gid: account.gid } : {}),
  });
  spawnSync('rm', ['-rf', baseDir]);
}

function readState(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function accountByName(name) {
  if (!name) return null;
  const entry = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[0] === name);
  return entry ? { name, uid: Number(entry[2]), gid: Number(entry[3]) } : null;
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Throwaway clusters whose owning process died without stopping them (e.g. killed test run). */
async function sweepOrphans() {
  let entries;
  try {
    entries = readdirSync(STATE_ROOT);
  } catch {
    return;
  }
  for (const entry of entries) {
    const baseDir = path.join(STATE_ROOT, entry);
    if (!entry.startsWith('cluster-') || !statSync(baseDir).isDirectory()) continue;
    const state = readState(path.join(baseDir, 'cluster.json'));
    if (!state) {
      // initdb still running in another process, or a crashed start: leave young ones alone.
      if (Date.now() - statSync(baseDir).mtimeMs > 10 * 60_000) await rm(baseDir, { recursive: true, force: true });
      continue;
    }
    if (state.persistent || isAlive(state.ownerPid)) continue;
    await stopCluster({ ...state, account: accountByName(state.account) });
  }
}

process.on('exit', () => {
  for (const cluster of started) stopClusterSync(cluster);
});

// --------------------------------------------------------------------------------------------------------- CLI

async function cli(command) {
  switch (command) {
    case 'start': {
      const url = await ensurePostgres({ persistent: true });
      process.stdout.write(`${url}\n`);
      return 0;
    }
    case 'stop': {
      const cli = readState(CLI_STATE);
      if (cli) {
        const state = readState(path.join(cli.baseDir, 'cluster.json'));
        if (state) {
          await stopCluster({ ...state, account: accountByName(state.account) });
          log(`stopped ${state.url}`);
        }
        await rm(CLI_STATE, { force: true });
      } else {
        log('no cluster started by `node infra/postgres.mjs start` is running');
      }
      await sweepOrphans();
      return 0;
    }
    case 'url': {
      const url = await findRunning({ quiet: true });
      if (!url) {
        log('no reachable PostgreSQL (try: node infra/postgres.mjs start)');
        return 1;
      }
      process.stdout.write(`${url}\n`);
      return 0;
    }
    default:
      process.stderr.write('usage: node infra/postgres.mjs start|stop|url\n');
      return 2;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli(process.argv[2]).then(
    (code) => process.exit(code),
    (err) => {
      log(err.message);
      process.exit(1);
    },
  );
}
