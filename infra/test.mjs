#!/usr/bin/env node
// `npm test`: start the test dependencies, run jest (native ESM mode) with the arguments given, stop the
// dependencies, exit with jest's code.  `npm test -- libs/event-store`, `npm test -- -t 'appends'` pass through.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureKafka, stopKafkaMock } from './kafka-mock/kafka-mock.mjs';
import { ensurePostgres, stopPostgres } from './postgres.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * What the tests need running. Each start() returns the environment variables that point jest at it; each
 * stop() undoes only what its start() did. Started in order, stopped in reverse order.
 */
const dependencies = [
  {
    name: 'postgres',
    start: async () => ({ DATABASE_URL: await ensurePostgres() }),
    stop: () => stopPostgres(),
  },
  {
    // A PostgreSQL cluster of the messaging tests' own. The event store's xid fence holds a committed event back
    // while any older transaction anywhere in the cluster is still running; the messaging tests run thousands of
    // short transactions, which would make other files' "append, then read $all at once" checks see nothing yet.
    // Starting it costs about a second; without PostgreSQL binaries the messaging tests share DATABASE_URL.
    name: 'postgres (messaging tests)',
    start: async () => {
      const previous = process.env.LEAD_PG_THROWAWAY;
      process.env.LEAD_PG_THROWAWAY = '1';
      try {
        return { MESSAGING_DATABASE_URL: await ensurePostgres({ quiet: true }) };
      } catch (err) {
        process.stderr.write(`[test] messaging tests share DATABASE_URL: no cluster of their own (${err.message})\n`);
        return {};
      } finally {
        if (previous === undefined) delete process.env.LEAD_PG_THROWAWAY;
        else process.env.LEAD_PG_THROWAWAY = previous;
      }
    },
    stop: () => stopPostgres(),
  },
  {
    // $KAFKA_BROKERS (a real cluster), else librdkafka's mock broker (infra/kafka-mock). If it cannot be built, the
    // other tests still run; the Kafka tests then fail with the reason (no KAFKA_BROKERS).
    name: 'kafka',
    start: async () => {
      try {
        return await ensureKafka();
      } catch (err) {
        process.stderr.write(`[test] WARNING: no Kafka broker for the messaging tests: ${err.message}\n`);
        return {};
      }
    },
    stop: () => stopKafkaMock(),
  },
];

const running = [];
let jest;
let stopping = false;

async function stopDependencies() {
  while (running.length) {
    const dep = running.pop();
    try {
      await dep.stop();
    } catch (err) {
      process.stderr.write(`[test] stopping ${dep.name} failed: ${err.message}\n`);
    }
  }
}

function onSignal(signal) {
  if (stopping) return;
  stopping = true;
  // jest got the terminal's SIGINT too; forward anyway (SIGTERM from a CI runner only reaches us).
  // Before jest starts, main() notices `stopping` once the dependency being started is up.
  if (jest && jest.exitCode === null) jest.kill(signal);
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

async function main() {
  const env = { ...process.env };
  for (const dep of dependencies) {
    Object.assign(env, await dep.start());
    running.push(dep);
    if (stopping) return 130;
  }

  const args = process.argv.slice(2);
  const workerFlag = /^(--maxWorkers|-w|--runInBand|-i|--watch|--watchAll)(=|$)/;
  if (!args.some((a) => workerFlag.test(a))) args.unshift('--maxWorkers=2');

  // jest's workers inherit NODE_OPTIONS: ESM mode in every worker, without the per-worker experimental warning.
  env.NODE_OPTIONS = [env.NODE_OPTIONS, '--experimental-vm-modules', '--disable-warning=ExperimentalWarning']
    .filter(Boolean)
    .join(' ');
  const jestPkg = createRequire(import.meta.url).resolve('jest/package.json');
  const jestBin = path.join(path.dirname(jestPkg), 'bin', 'jest.js');
  jest = spawn(process.execPath, [jestBin, ...args], { cwd: ROOT, env, stdio: 'inherit' });
  const code = await new Promise((resolve) => {
    jest.on('error', (err) => {
      process.stderr.write(`[test] could not start jest: ${err.message}\n`);
      resolve(1);
    });
    jest.on('exit', (code, signal) => resolve(code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : 15) : 1)));
  });
  return code;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (err) {
  process.stderr.write(`[test] ${err.stack || err.message}\n`);
} finally {
  await stopDependencies();
}
process.exit(exitCode);
