import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root: this file sits at the same depth in `src/` and `dist/`. */
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
/**
 * The service that owns each read model: its own read-model command rebuilds it with the service's own projection
 * code and settings.
 */
export const READ_MODEL_OWNERS = {
  'program-facts': 'reporting',
  'referral-summaries': 'referrals',
  'case-summaries': 'case-management',
} as const;

export type ReadModelName = keyof typeof READ_MODEL_OWNERS;

const READ_MODEL_NAMES = Object.keys(READ_MODEL_OWNERS) as ReadModelName[];

export const READ_MODEL_COMMANDS = ['replay', 'diff'] as const;

export const READ_MODEL_USAGE = `  lead-audit replay program-facts                       rebuild the reporting facts from their log into a fresh
                                                        table beside the live one, switching nothing
  lead-audit diff program-facts [--jurisdiction J ...] [--json]
                                                        the rebuilt facts against the live table, row by row; exit 1
                                                        lists each mismatch (kind, event, jurisdiction, columns)
  lead-audit replay referral-summaries|case-summaries [--json]
                                                        rebuild the referrals' (referral_summaries, participant_merges)
                                                        or the cases' read model (case_summaries) into a fresh schema
                                                        <schema>_replay_<time> beside the live one, up to the live
                                                        projection's checkpoint
  lead-audit diff referral-summaries|case-summaries [--json]
                                                        replayed into a scratch schema and compared with the live
                                                        tables by primary key; exit 1 lists each mismatch (kind,
                                                        table, key, columns)
  (the owning service's settings: DATABASE_URL, DATABASE_SCHEMA, EVENT_STORE_SCHEMA, KEY_STORE_SCHEMA, ...)`;

/** The read-model commands' options that take a value (`--jurisdiction denver`): their values are no read model. */
const VALUED_OPTIONS: ReadonlySet<string> = new Set(['--jurisdiction']);

/** The read model named after the command (`replay <read-model>`): the second positional argument. */
export function readModelOf(argv: readonly string[]): string | undefined {
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-')) positionals.push(arg);
    else if (VALUED_OPTIONS.has(arg)) i++;
  }
  return positionals[1];
}

interface Io {
  out(line: string): void;
  err(line: string): void;
}

/**
 * `lead-audit replay|diff <read-model>`: handed to the service that owns the read model, run as its own process
 * (libs/access must not depend on a service). Its lines and exit code are this command's.
 */
export function runReadModelCommand(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const name = readModelOf(argv);
  if (!(READ_MODEL_NAMES as string[]).includes(name ?? '')) {
    io.err(`lead-audit: a read model is required: ${READ_MODEL_NAMES.join(', ')} (not ${name ?? 'none'})`);
    io.err(`\n${READ_MODEL_USAGE}`);
    return Promise.resolve(2);
  }
  const cli = `${ROOT}apps/${READ_MODEL_OWNERS[name as ReadModelName]}/dist/cli/read-model.js`;
  if (!existsSync(cli)) {
    io.err(`lead-audit: ${cli} is not built; run npm run build first`);
    return Promise.resolve(2);
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...argv], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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
