import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Each rule `npm run lint` enforces is proved here: a violation is planted in a temporary copy of the repository
 * (the real .dependency-cruiser.cjs, tsconfig, Prettier config and ignore files, package.json and libs/*), and the
 * commands of the real `lint` script, narrowed from `.` to the planted files, must fail naming the rule. One
 * clean run of the same commands must pass. Nothing is written to the working tree.
 *
 * The copy has no real node_modules: forbidden packages (pg, @nestjs/common, ...) are stubs that resolve to
 * `node_modules/<name>/`, as the real ones do, and `@lead/*` link to the copied libs, as npm workspaces do. A
 * symlink to the real node_modules would resolve outside the copy, where the rules' paths no longer match.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = path.join(ROOT, 'node_modules', '.bin');
const ROOT_FILES = [
  'package.json',
  '.dependency-cruiser.cjs',
  'tsconfig.json',
  'tsconfig.base.json',
  '.prettierrc.json',
  '.prettierignore',
  '.gitignore',
];
const STUB_PACKAGES = ['pg', 'typeorm', 'kafkajs', '@nestjs/common', '@nestjs/core', '@nestjs/testing'];

interface Run {
  status: number | null;
  output: string;
}

/** The commands of the real `lint` script for one tool, with the trailing `.` replaced by `paths`. */
function lintCommand(tool: 'prettier' | 'depcruise', paths: string[]): string[] {
  const lint: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.lint;
  const step = lint
    .split('&&')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${tool} `));
  if (!step?.endsWith(' .')) throw new Error(`npm run lint has no "${tool} … ." step: ${lint}`);
  return [...step.slice(0, -2).split(/\s+/), ...paths];
}

function write(root: string, file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
}

/** The planted cases, each linted on its own: one tool, the files given to it instead of `.`. */
const CASES = {
  drift: ['prettier', ['apps/alpha/src/drift.ts', 'apps/alpha/src/uses-beta.ts']],
  deciderToPg: ['depcruise', ['apps/alpha/src/ledger/ledger.decider.ts']],
  deciderToCrypto: ['depcruise', ['apps/alpha/src/tally/tally.decider.ts']],
  deciderToPlatform: ['depcruise', ['apps/alpha/src/seal/seal.decider.ts']],
  libUpward: ['depcruise', ['libs/event-store/src/planted-upward.ts']],
  libSideways: ['depcruise', ['libs/crypto/src/planted-sideways.ts']],
  appToApp: ['depcruise', ['apps/alpha/src/uses-beta.ts']],
  runtimeToTesting: ['depcruise', ['apps/alpha/src/alpha.module.ts']],
  cleanDependencies: [
    'depcruise',
    [
      'apps/alpha/src/clean/clean.decider.ts',
      'apps/alpha/src/clean/clean.decider.spec.ts',
      'apps/alpha/src/clean/clean.handler.ts',
      'libs/access/src/planted-downward.ts',
    ],
  ],
  cleanFormat: [
    'prettier',
    [
      'apps/alpha/src/clean/clean.decider.ts',
      'apps/alpha/src/clean/clean.handler.ts',
      'libs/access/dist/drift.ts',
      '.local/drift.ts',
    ],
  ],
} satisfies Record<string, ['prettier' | 'depcruise', string[]]>;
type CaseName = keyof typeof CASES;

function lint(tree: string, tool: 'prettier' | 'depcruise', paths: string[]): Promise<Run> {
  const [command, ...args] = lintCommand(tool, paths);
  return new Promise((resolve) => {
    const child = spawn(path.join(BIN, command!), args, { cwd: tree });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (err) => resolve({ status: null, output: `${output}${err.message}` }));
    child.on('close', (status) => resolve({ status, output }));
  });
}

describe('the rules npm run lint enforces, each caught when planted in a copy of the repository', () => {
  let tree: string;
  const runs = new Map<CaseName, Run>();
  const run = (name: CaseName): Run => runs.get(name)!;

  beforeAll(async () => {
    tree = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-lint-rules-'));
    for (const file of ROOT_FILES) fs.copyFileSync(path.join(ROOT, file), path.join(tree, file));
    for (const lib of fs.readdirSync(path.join(ROOT, 'libs'))) {
      const from = path.join(ROOT, 'libs', lib);
      if (!fs.existsSync(path.join(from, 'package.json'))) continue;
      fs.cpSync(from, path.join(tree, 'libs', lib), {
        recursive: true,
        filter: (source) => !/[/\\](dist|node_modules)$/.test(source),
      });
      fs.mkdirSync(path.join(tree, 'node_modules', '@lead'), { recursive: true });
      fs.symlinkSync(path.join('..', '..', 'libs', lib), path.join(tree, 'node_modules', '@lead', lib));
    }
    for (const name of STUB_PACKAGES) {
      write(tree, `node_modules/${name}/package.json`, JSON.stringify({ name, main: 'index.js' }));
      write(tree, `node_modules/${name}/index.js`, 'module.exports = {};\n');
    }

    // (a) Prettier drift.
    write(tree, 'apps/alpha/src/drift.ts', "export const drift = {a:1,  b:'two'}\n");
    // (b) A decider importing a file that imports pg.
    write(tree, 'apps/alpha/src/ledger/ledger-store.ts', "import pg from 'pg';\n\nexport const store = pg;\n");
    write(
      tree,
      'apps/alpha/src/ledger/ledger.decider.ts',
      "import { store } from './ledger-store.js';\n\nexport const decider = { store };\n",
    );
    // (c) A decider reaching node:crypto through a library (the @lead/event-store barrel reaches event-id.ts).
    write(
      tree,
      'apps/alpha/src/tally/tally.decider.ts',
      "import { newEventId } from '@lead/event-store';\n\nexport const decider = { newEventId };\n",
    );
    // (c') A decider reaching @lead/platform through a library (the @lead/crypto barrel imports the platform).
    write(
      tree,
      'apps/alpha/src/seal/seal.decider.ts',
      "import type { SealedValue } from '@lead/crypto';\n\nexport type Sealed = SealedValue;\n",
    );
    // (d) A lower library importing a higher one, and one importing a library of its own layer.
    write(
      tree,
      'libs/event-store/src/planted-upward.ts',
      "import { ServiceConfig } from '@lead/platform';\n\nexport const config = ServiceConfig;\n",
    );
    write(
      tree,
      'libs/crypto/src/planted-sideways.ts',
      "import type { MessagingOptions } from '@lead/messaging';\n\nexport type Options = MessagingOptions;\n",
    );
    // (e) An app importing another app.
    write(tree, 'apps/beta/src/beta-thing.ts', "export const betaThing = 'beta';\n");
    write(
      tree,
      'apps/alpha/src/uses-beta.ts',
      "import { betaThing } from '../../beta/src/beta-thing.js';\n\nexport const thing = betaThing;\n",
    );
    // (f) A service's runtime code importing test tooling.
    write(
      tree,
      'apps/alpha/src/alpha.module.ts',
      "import { eventually } from '@lead/testing';\n\nexport const wait = eventually;\n",
    );

    // Clean: a decider on the libraries' pure subpaths, its spec using @lead/testing, a handler using the
    // platform and pg, a higher library importing lower ones; drift only where .prettierignore says not to look.
    write(
      tree,
      'apps/alpha/src/clean/clean.decider.ts',
      [
        "import { REASON_CODE } from '@lead/contracts';",
        "import type { SealedValue } from '@lead/crypto/sealed-value';",
        "import { DomainRuleViolation, type Decider } from '@lead/event-store/decider';",
        "import type { Protocol } from '@lead/jurisdictions/protocol';",
        '',
        'export type CleanState = { protocol: Protocol | null; sealed: SealedValue | null };',
        'export const cleanDecider: Decider<{ type: string }, CleanState, { type: string }> = {',
        '  initialState: { protocol: null, sealed: null },',
        '  decide: (command) => {',
        '    if (!REASON_CODE.test(command.type)) throw new DomainRuleViolation(command.type, command.type);',
        '    return [];',
        '  },',
        '  evolve: (state) => state,',
        '};',
        '',
      ].join('\n'),
    );
    write(
      tree,
      'apps/alpha/src/clean/clean.decider.spec.ts',
      [
        "import { DeciderSpecification } from '@lead/testing';",
        "import { cleanDecider } from './clean.decider.js';",
        '',
        'export const spec = [DeciderSpecification, cleanDecider];',
        '',
      ].join('\n'),
    );
    write(
      tree,
      'apps/alpha/src/clean/clean.handler.ts',
      "import { ServiceConfig } from '@lead/platform';\nimport pg from 'pg';\n\nexport const handler = [ServiceConfig, pg];\n",
    );
    write(
      tree,
      'libs/access/src/planted-downward.ts',
      "import { ServiceConfig } from '@lead/platform';\n\nexport const config = ServiceConfig;\n",
    );
    write(tree, 'libs/access/dist/drift.ts', 'export const drift = {a:1}\n');
    write(tree, '.local/drift.ts', 'export const drift = {a:1}\n');

    // Each run starts a tool (about 3 s for depcruise, mostly loading TypeScript): two at a time.
    const queue = Object.keys(CASES) as CaseName[];
    const worker = async (): Promise<void> => {
      for (let name = queue.shift(); name; name = queue.shift()) {
        const [tool, paths] = CASES[name];
        runs.set(name, await lint(tree, tool, paths));
      }
    };
    await Promise.all([worker(), worker()]);
  }, 180_000);

  afterAll(() => {
    if (tree) fs.rmSync(tree, { recursive: true, force: true });
  });

  it('runs the lint steps it narrows: prettier --check . and depcruise with the repository config', () => {
    expect(lintCommand('prettier', ['x.ts'])).toEqual(['prettier', '--check', 'x.ts']);
    expect(lintCommand('depcruise', ['x.ts'])).toEqual(expect.arrayContaining(['--config', '.dependency-cruiser.cjs']));
  });

  it('(a) fails on Prettier drift, naming the file', () => {
    expect(run('drift').status).not.toBe(0);
    expect(run('drift').output).toContain('apps/alpha/src/drift.ts');
    expect(run('drift').output).not.toContain('uses-beta.ts');
  });

  it('(b) fails when a decider imports a file that imports pg', () => {
    expect(run('deciderToPg').status).not.toBe(0);
    expect(run('deciderToPg').output).toMatch(
      /error decider-reaches-no-infrastructure: apps\/alpha\/src\/ledger\/ledger\.decider\.ts → node_modules\/pg\//,
    );
    expect(run('deciderToPg').output).toContain('apps/alpha/src/ledger/ledger-store.ts');
  });

  it('(c) fails when a decider reaches node:crypto through a library', () => {
    expect(run('deciderToCrypto').status).not.toBe(0);
    expect(run('deciderToCrypto').output).toMatch(
      /error decider-reaches-no-infrastructure: apps\/alpha\/src\/tally\/tally\.decider\.ts → (node:)?crypto\n/,
    );
    expect(run('deciderToCrypto').output).toContain('libs/event-store/src/event-id.ts');
  });

  it("(c') fails when a decider reaches @lead/platform through a library, even by a type-only import", () => {
    expect(run('deciderToPlatform').status).not.toBe(0);
    expect(run('deciderToPlatform').output).toContain(
      'error decider-reaches-no-infrastructure: apps/alpha/src/seal/seal.decider.ts → libs/platform/src/index.ts',
    );
  });

  it('(d) fails when a lower library imports a higher one, or one of its own layer', () => {
    expect(run('libUpward').status).not.toBe(0);
    expect(run('libUpward').output).toContain(
      'error lib-layer-event-store: libs/event-store/src/planted-upward.ts → libs/platform/src/index.ts',
    );
    expect(run('libSideways').status).not.toBe(0);
    expect(run('libSideways').output).toContain(
      'error lib-layer-crypto: libs/crypto/src/planted-sideways.ts → libs/messaging/src/index.ts',
    );
  });

  it('(e) fails when an app imports another app', () => {
    expect(run('appToApp').status).not.toBe(0);
    expect(run('appToApp').output).toContain(
      'error no-app-to-app: apps/alpha/src/uses-beta.ts → apps/beta/src/beta-thing.ts',
    );
  });

  it("(f) fails when a service's runtime code imports test tooling", () => {
    expect(run('runtimeToTesting').status).not.toBe(0);
    expect(run('runtimeToTesting').output).toContain(
      'error no-test-tooling-in-runtime: apps/alpha/src/alpha.module.ts → libs/testing/src/index.ts',
    );
  });

  it('passes the same commands on clean code, and leaves build output and .local/ unchecked', () => {
    expect(run('cleanDependencies').output).toContain('no dependency violations found');
    expect(run('cleanDependencies').status).toBe(0);
    expect(run('cleanFormat').output).not.toContain('drift.ts');
    expect(run('cleanFormat').status).toBe(0);
  });
});
