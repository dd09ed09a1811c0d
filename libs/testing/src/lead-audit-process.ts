import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: this file sits at the same depth in `src/` and `dist/`. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface ProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Compiles a project and what it references, as an auditor runs it (CI has built it; a local run may not have):
 * e.g. `apps/referrals/tsconfig.app.json`, which references libs/access and so builds the `lead-audit` bin too.
 */
export function buildForLeadAudit(tsconfig: string): void {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', tsconfig], {
    cwd: ROOT,
    stdio: 'pipe',
  });
}

/** The installed `lead-audit` (`libs/access/dist/cli/lead-audit.js`) run as a process with `env` over the test's. */
export function runLeadAudit(args: string[], env: Readonly<Record<string, string>>): Promise<ProcessRun> {
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      [path.join(ROOT, 'libs/access/dist/cli/lead-audit.js'), ...args],
      { cwd: ROOT, env: { ...process.env, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    ),
  );
}
