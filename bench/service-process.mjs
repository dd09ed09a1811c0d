// A service of a benchmark as a real process: `node apps/<app>/dist/main.js` on a free port, its output in a log
// file, ready once `GET /ready` answers 200; stopped with SIGTERM (SIGKILL after 15 s). What bench/referrals and
// bench/access do inline, for benchmarks that start several services.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts `apps/<app>/dist/main.js` with `env` (added to this process's environment, NODE_ENV removed: the development
 * keys and tokens, which production refuses) and waits until it is ready.
 * @param {{ app: string, env: Record<string, string>, logFile: string, readyTimeoutMs?: number }} options
 * @returns {Promise<{ app: string, base: string, pid: number, logFile: string, cpuMs(): number | undefined, stop(): Promise<void> }>}
 */
export async function startServiceProcess({ app, env, logFile, readyTimeoutMs = 60_000 }) {
  const port = await freePort();
  const childEnv = { ...process.env, ...env, HTTP_PORT: String(port) };
  delete childEnv.NODE_ENV;
  const logFd = openSync(logFile, 'w');
  let logClosed = false;
  const child = spawn(process.execPath, [path.join(ROOT, 'apps', app, 'dist', 'main.js')], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', logFd, logFd],
  });
  let exit;
  const exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      exit = signal ? `signal ${signal}` : `code ${code}`;
      resolve();
    }),
  );
  const base = `http://127.0.0.1:${port}`;
  const service = {
    app,
    base,
    pid: child.pid,
    logFile,
    /** CPU time the process has used, in ms (Linux /proc; undefined elsewhere). */
    cpuMs() {
      try {
        const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return (Number(fields[11]) + Number(fields[12])) * 10;
      } catch {
        return undefined;
      }
    },
    /** Safe to call more than once. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      if (!logClosed) closeSync(logFd);
      logClosed = true;
    },
  };
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exit) {
      await service.stop();
      throw new Error(`${app} exited (${exit}) before it was ready:\n${readFileSync(logFile, 'utf8')}`);
    }
    try {
      if ((await fetch(`${base}/ready`)).ok) return service;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await service.stop();
      throw new Error(`${app} was not ready in ${readyTimeoutMs} ms (log: ${logFile})`);
    }
    await sleep(100);
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}
