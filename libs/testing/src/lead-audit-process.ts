import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
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
 * Throws unless the `lead-audit` bin and the given compiled files exist. Tests build nothing: `npm run build` comes
 * first (CI runs it before the tests); compiling from a test would race the other test files reading `dist/`.
 */
export function assertBuiltForLeadAudit(...files: string[]): void {
  const missing = ['libs/access/dist/cli/lead-audit.js', ...files].filter((file) => !existsSync(path.join(ROOT, file)));
  if (missing.length > 0)
    throw new Error(`${missing.join(', ')} missing: run \`npm run build\` before this test (it builds nothing)`);
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
