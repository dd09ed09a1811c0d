import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root: this file sits at the same depth in `src/` and `dist/`. */
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
/** The reporting service's read-model command: its facts are rebuilt with the service's own projection code. */
const READ_MODEL_CLI = `${ROOT}apps/reporting/dist/cli/read-model.js`;

export const READ_MODEL_COMMANDS = ['replay', 'diff'] as const;

export const READ_MODEL_USAGE = `  lead-audit replay program-facts                       rebuild the reporting facts from their log into a fresh
                                                        table beside the live one, switching nothing
  lead-audit diff program-facts [--jurisdiction J ...] [--json]
                                                        the rebuilt facts against the live table, row by row; exit 1
                                                        lists each mismatch (kind, event, jurisdiction, columns)
  (the reporting service's settings: DATABASE_URL, DATABASE_SCHEMA, KEY_STORE_SCHEMA, DATA_KEY_MASTER_KEY, ...)`;

interface Io {
  out(line: string): void;
  err(line: string): void;
}

/**
 * `lead-audit replay|diff <read-model>`: handed to the service that owns the read model, run as its own process
 * (libs/access must not depend on a service). Its lines and exit code are this command's.
 */
export function runReadModelCommand(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  if (!existsSync(READ_MODEL_CLI)) {
    io.err(`lead-audit: ${READ_MODEL_CLI} is not built; run npm run build first`);
    return Promise.resolve(2);
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [READ_MODEL_CLI, ...argv], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const forward = (stream: NodeJS.ReadableStream, to: (line: string) => void) => {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        lines.forEach(to);
      });
      stream.on('end', () => rest && to(rest));
    };
    forward(child.stdout, io.out);
    forward(child.stderr, io.err);
    child.on('error', (error) => {
      io.err(`lead-audit: ${error.message}`);
      resolve(2);
    });
    child.on('close', (code) => resolve(code ?? 2));
  });
}
