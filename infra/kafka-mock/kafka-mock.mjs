#!/usr/bin/env node
// Builds and runs the Kafka-protocol test broker: librdkafka's mock cluster (kafka-mock.c, Debian librdkafka-dev).
// No Apache Kafka or Redpanda can be installed on the development and CI machines (DESIGN.md §5); this is what the
// Kafka adapter of libs/messaging is tested and benchmarked against. What it cannot prove: docs/messaging.md.
//
// Resolution for tests (ensureKafka):
//   1. $KAFKA_BROKERS, when set: a real cluster (topics are then created with the admin API by the tests).
//   2. A broker previously started by `node infra/kafka-mock/kafka-mock.mjs start` (still running).
//   3. A new broker owned by this process, stopped by stopKafkaMock() or when this process exits (even by SIGKILL:
//      the broker watches the pipe on its stdin).
// The binary is compiled into .local/kafka-mock/ (git-ignored) when missing or older than its source.
//
// CLI: node infra/kafka-mock/kafka-mock.mjs start   start a broker that outlives the command, print its bootstrap servers
//      node infra/kafka-mock/kafka-mock.mjs stop    stop it
//      node infra/kafka-mock/kafka-mock.mjs run     run one in the foreground until Ctrl-C
//      node infra/kafka-mock/kafka-mock.mjs create <topic> [partitions]   create a topic on the running broker
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync, readFileSync, statSync, closeSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const SOURCE = path.join(HERE, 'kafka-mock.c');
const STATE_ROOT = path.join(ROOT, '.local', 'kafka-mock');
const BINARY = path.join(STATE_ROOT, 'kafka-mock');
const CLI_STATE = path.join(STATE_ROOT, 'cli.json');

/** The topics of libs/contracts/src/topics.ts, their dead-letter topics and the audit topic, as docker-compose's kafka-init creates them. */
export const STANDARD_TOPICS = [
  ...['lead.referrals.v1', 'lead.cases.v1', 'lead.prosecution.v1'].flatMap((t) => [t, `${t}.dlq`]),
  'lead.audit.v1',
];
const BROKERS = 3;
const PARTITIONS = 6;

const log = (msg) => process.stderr.write(`[kafka-mock] ${msg}\n`);

/** Brokers started by this process. */
const started = new Set();

/** Compiles kafka-mock.c when the binary is missing or older than the source; returns the binary's path. */
export async function buildKafkaMock() {
  if (existsSync(BINARY) && statSync(BINARY).mtimeMs >= statSync(SOURCE).mtimeMs) return BINARY;
  const flags = spawnSync('pkg-config', ['--cflags', '--libs', 'rdkafka'], { encoding: 'utf8' });
  if (flags.status !== 0) {
    throw new Error(
      'librdkafka-dev is not installed (pkg-config knows no "rdkafka"): the Kafka mock broker cannot be built. ' +
        'Install it (Debian: apt-get install -y librdkafka-dev), or set KAFKA_BROKERS to a real Kafka cluster.',
    );
  }
  await mkdir(STATE_ROOT, { recursive: true });
  // Compiled beside and renamed into place, so two processes building at once never run a half-written file.
  const temporary = `${BINARY}.${process.pid}.tmp`;
  const gcc = spawnSync('gcc', ['-O2', '-Wall', '-o', temporary, SOURCE, ...flags.stdout.trim().split(/\s+/)], {
    encoding: 'utf8',
  });
  if (gcc.status !== 0) {
    await rm(temporary, { force: true });
    throw new Error(`compiling ${path.relative(ROOT, SOURCE)} failed:\n${gcc.stderr || gcc.error?.message}`);
  }
  await rename(temporary, BINARY);
  return BINARY;
}

/** Parses the broker's announcement lines ("bootstrap …", "control …", "ready"). */
function parseAnnouncement(text) {
  const bootstrap = /^bootstrap (\S+)$/m.exec(text)?.[1];
  const control = /^control (\S+)$/m.exec(text)?.[1];
  return /^ready$/m.test(text) && bootstrap && control ? { bootstrap, control } : null;
}

/**
 * Starts a broker owned by this process. Resolves to { bootstrap, control, pid, stop() } once it listens.
 * @param {{ brokers?: number, partitions?: number, topics?: string[] }} [options]
 */
export async function startKafkaMock({ brokers = BROKERS, partitions = PARTITIONS, topics = STANDARD_TOPICS } = {}) {
  const binary = await buildKafkaMock();
  const args = [
    '--brokers',
    String(brokers),
    '--partitions',
    String(partitions),
    ...topics.flatMap((t) => ['--topic', t]),
  ];
  const child = spawn(binary, [...args, '--stop-on-stdin-eof'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let errors = '';
  let announced = false;
  child.stderr.on('data', (chunk) => {
    errors += chunk;
    // librdkafka logs errors only (log_level 3); worth seeing next to a failing test.
    if (announced) process.stderr.write(String(chunk).replace(/^/gm, '[kafka-mock] '));
  });
  const info = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) =>
      reject(new Error(`the mock broker exited with ${code} before it was ready: ${errors.trim()}`)),
    );
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const parsed = parseAnnouncement(output);
      if (parsed) resolve(parsed);
    });
  });
  announced = true;
  child.stdout.resume();
  const broker = {
    ...info,
    pid: child.pid,
    async stop() {
      started.delete(broker);
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
  child.removeAllListeners('exit');
  started.add(broker);
  return broker;
}

/**
 * What `npm test` exports to jest: KAFKA_BROKERS, and KAFKA_MOCK_CONTROL when the broker is the mock (tests create
 * their topics through it, since the mock has no CreateTopics).
 */
export async function ensureKafka({ quiet = false } = {}) {
  if (process.env.KAFKA_BROKERS) {
    if (!quiet) log(`using KAFKA_BROKERS=${process.env.KAFKA_BROKERS} (topics are created with the admin API)`);
    return { KAFKA_BROKERS: process.env.KAFKA_BROKERS };
  }
  const persistent = await runningCliBroker();
  if (persistent) return { KAFKA_BROKERS: persistent.bootstrap, KAFKA_MOCK_CONTROL: persistent.control };
  const t0 = Date.now();
  // Tests create topics of their own (each file its own prefix); creating the standard ones costs ~150 ms each.
  const broker = await startKafkaMock({ topics: [] });
  if (!quiet) log(`started mock broker ${broker.bootstrap} in ${Date.now() - t0} ms (control ${broker.control})`);
  return { KAFKA_BROKERS: broker.bootstrap, KAFKA_MOCK_CONTROL: broker.control };
}

/** Stops the brokers this process started (not the CLI's persistent one). Safe to call more than once. */
export async function stopKafkaMock() {
  for (const broker of [...started]) await broker.stop();
}

/** Sends one control command; resolves to the broker's answer line. */
export function controlCommand(control, command) {
  const [host, port] = control.split(':');
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), host);
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${command}\n`));
    socket.on('data', (chunk) => {
      answer += chunk;
      if (answer.includes('\n')) {
        socket.end();
        resolve(answer.trim());
      }
    });
    socket.on('error', reject);
  });
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

async function runningCliBroker() {
  try {
    const state = JSON.parse(await readFile(CLI_STATE, 'utf8'));
    if (isAlive(state.pid) && (await controlCommand(state.control, 'ping')) === 'pong') return state;
  } catch {
    /* none running */
  }
  return null;
}

/** A broker that outlives this command: detached, output in .local/kafka-mock/cli.log. */
async function startPersistent() {
  const existing = await runningCliBroker();
  if (existing) return existing;
  const binary = await buildKafkaMock();
  const logFile = path.join(STATE_ROOT, 'cli.log');
  const fd = openSync(logFile, 'w');
  const args = [
    '--brokers',
    String(BROKERS),
    '--partitions',
    String(PARTITIONS),
    ...STANDARD_TOPICS.flatMap((t) => ['--topic', t]),
  ];
  const child = spawn(binary, args, { stdio: ['ignore', fd, fd], detached: true });
  closeSync(fd);
  child.unref();
  for (let waited = 0; waited < 10_000; waited += 50) {
    const parsed = parseAnnouncement(readFileSync(logFile, 'utf8'));
    if (parsed) {
      const state = { pid: child.pid, ...parsed };
      await writeFile(CLI_STATE, JSON.stringify(state, null, 2));
      return state;
    }
    if (!isAlive(child.pid)) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the mock broker did not start: ${readFileSync(logFile, 'utf8').trim()}`);
}

process.on('exit', () => {
  for (const broker of started) {
    try {
      process.kill(broker.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
});

async function cli([command, ...args]) {
  switch (command) {
    case 'start': {
      const state = await startPersistent();
      log(`control ${state.control} (pid ${state.pid}); stop with: node infra/kafka-mock/kafka-mock.mjs stop`);
      process.stdout.write(`${state.bootstrap}\n`);
      return 0;
    }
    case 'stop': {
      const state = await runningCliBroker();
      if (state) {
        process.kill(state.pid, 'SIGTERM');
        log(`stopped ${state.bootstrap}`);
      } else log('no broker started by `node infra/kafka-mock/kafka-mock.mjs start` is running');
      await rm(CLI_STATE, { force: true });
      return 0;
    }
    case 'run': {
      const broker = await startKafkaMock();
      process.stdout.write(`${broker.bootstrap}\n`);
      log(`control ${broker.control}; Ctrl-C stops it`);
      await new Promise((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await broker.stop();
      return 0;
    }
    case 'create': {
      const state = await runningCliBroker();
      if (!state || !args[0]) {
        log(
          state
            ? 'usage: create <topic> [partitions]'
            : 'no running broker (start one: node infra/kafka-mock/kafka-mock.mjs start)',
        );
        return 1;
      }
      const answer = await controlCommand(state.control, `create ${args[0]} ${args[1] ?? PARTITIONS}`);
      process.stdout.write(`${answer}\n`);
      return answer === 'ok' ? 0 : 1;
    }
    default:
      process.stderr.write('usage: node infra/kafka-mock/kafka-mock.mjs start|stop|run|create <topic> [partitions]\n');
      return 2;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      log(err.message);
      process.exit(1);
    },
  );
}
