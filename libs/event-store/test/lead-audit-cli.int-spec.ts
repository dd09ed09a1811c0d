import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isolatedSchema, recomputeChainInSql, TEST_DATABASE_URL, type IsolatedSchema } from '@lead/testing';
import { formatPosition, keyIdOf, PostgresEventStore, type RecordedEvent } from '../src/index.js';
import { anEvent, newStreamId } from './event-store.contract.js';

// The compiled CLI, run as a process. The test builds nothing: `npm run build` comes first (CI runs it before tests).
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CLI = path.join(ROOT, 'libs/event-store/dist/cli/lead-audit.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function leadAudit(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, DATABASE_URL: TEST_DATABASE_URL, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const lines = (text: string) => text.split('\n').filter(Boolean);

describe('lead-audit, the compiled CLI as a process', () => {
  let db: IsolatedSchema;
  let store: PostgresEventStore;
  let dir: string;
  let streams: string[];
  const checkpoints = () => path.join(dir, 'checkpoints');
  const keys = () => path.join(dir, 'keys');
  const privateKeyFile = () => path.join(dir, 'signing-key.pem');
  let keyId: string;

  beforeAll(() => {
    if (!existsSync(CLI))
      throw new Error(
        `${path.relative(ROOT, CLI)} is missing: run \`npm run build\` before this test (it builds nothing)`,
      );
  });

  beforeEach(async () => {
    db = await isolatedSchema('leadaudit');
    store = await PostgresEventStore.create({ pool: db.pool, schema: db.schema });
    dir = await mkdtemp(path.join(tmpdir(), 'lead-audit-cli-'));
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    keyId = keyIdOf(publicKey);
    await writeFile(privateKeyFile(), privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { mode: 0o600 });
    await mkdir(keys());
    // The documented naming: <anything>.pem; the ring holds it under its computed key id (and the file name).
    await writeFile(path.join(keys(), 'auditor.pem'), publicKey.export({ type: 'spki', format: 'pem' }).toString());
    streams = [newStreamId('alpha'), newStreamId('beta'), newStreamId('gamma')];
    for (let i = 0; i < 4; i++)
      for (const s of streams) await store.appendToStream(s, [anEvent('Step', { i })], i === 0 ? 'no_stream' : i - 1);
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const sql = (text: string, params: unknown[] = []) => db.pool.query(text.replaceAll('$S', `"${db.schema}"`), params);
  const eventAt = async (streamId: string, revision: number): Promise<RecordedEvent> =>
    (await store.readStream(streamId, { fromRevision: revision, maxCount: 1 }))[0];
  const editData = (streamId: string, revision: number) =>
    sql(`UPDATE $S.events SET data = jsonb_set(data, '{i}', '99') WHERE stream_id = $1 AND stream_revision = $2`, [
      streamId,
      revision,
    ]);
  const recomputeChain = (streamId: string) => recomputeChainInSql(db.pool, db.schema, store, streamId);

  const takeCheckpoint = () =>
    leadAudit(['checkpoint', '--key', privateKeyFile(), '--out', checkpoints(), '--store-id', 'test-store'], {
      EVENT_STORE_SCHEMA: db.schema,
    });
  const verify = (...extra: string[]) =>
    leadAudit(['verify', '--schema', db.schema, '--checkpoints', checkpoints(), '--keys', keys(), ...extra]);

  it('a clean store: checkpoint written, verify exits 0 with no finding', async () => {
    const taken = await takeCheckpoint();
    expect(taken).toMatchObject({ code: 0 });
    const [file, id] = taken.stdout.trim().split('\t');
    expect(await readdir(checkpoints())).toEqual([path.basename(file)]);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(taken.stderr).toContain(`12 events in 3 streams`);
    expect(taken.stderr).toContain(`signed by ${keyId}`);

    const result = await verify('--store-id', 'test-store');
    expect(result).toMatchObject({ code: 0, stdout: '' });
    // Not a TTY: plain progress lines with the rate, then the summary.
    expect(result.stderr).toMatch(/lead-audit: chains: 12 events in [\d.]+ s \([\d,]+ events\/s\) done/);
    expect(result.stderr).toContain('1 checkpoint(s), 0 refused, 0 unreadable; 0 finding(s)');
  });

  it('an edit with the chain recomputed: exit 1, the finding names the stream, revision and event', async () => {
    expect((await takeCheckpoint()).code).toBe(0);
    const target = await eventAt(streams[1], 1);
    await editData(streams[1], 1);
    await recomputeChain(streams[1]);

    const result = await verify();
    expect(result.code).toBe(1);
    const found = lines(result.stdout).map((line) => line.split('\t'));
    expect(found.map((f) => f[0]).sort()).toEqual(['all-mismatch', 'event-changed']);
    expect(found.find((f) => f[0] === 'event-changed')!.slice(0, 5)).toEqual([
      'event-changed',
      streams[1],
      '1',
      target.eventId,
      formatPosition(target.position),
    ]);

    const json = await verify('--json');
    expect(json.code).toBe(1);
    expect(lines(json.stdout).map((line) => JSON.parse(line) as unknown)).toContainEqual(
      expect.objectContaining({ kind: 'event-changed', streamId: streams[1], revision: 1, eventId: target.eventId }),
    );
    // The next checkpoint is refused: the store no longer extends the signer's newest one, so the rewrite is not
    // signed as the new anchor.
    const files = await readdir(checkpoints());
    const again = await takeCheckpoint();
    expect(again.code).toBe(1);
    expect(lines(again.stdout).map((line) => line.split('\t')[0])).toContain('event-changed');
    expect(again.stderr).toContain('no longer extends the newest checkpoint');
    expect(await readdir(checkpoints())).toEqual(files);
    // Another store's id: the checkpoint is refused, not measured against.
    const other = await verify('--store-id', 'other-store');
    expect(other.code).toBe(1);
    expect(lines(other.stdout).map((line) => line.split('\t')[0])).toEqual(['checkpoint-refused']);
  });

  it('a naive edit: verify finds the hash mismatch without checkpoints, and checkpoint is refused (exit 1)', async () => {
    const target = await eventAt(streams[2], 3);
    await editData(streams[2], 3);
    const result = await leadAudit(['verify'], { EVENT_STORE_SCHEMA: db.schema });
    expect(result.code).toBe(1);
    expect(lines(result.stdout)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^hash-mismatch\\t${streams[2]}\\t3\\t${target.eventId}\\t${formatPosition(target.position)}\\t-\\t`,
        ),
      ),
    ]);
    const refused = await takeCheckpoint();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('checkpoint refused');
    expect(existsSync(checkpoints())).toBe(false);
  });

  it('verify --since: only the checkpoint with that id and the later ones are measured against', async () => {
    // The first checkpoint is signed with a key the auditor's ring does not hold: measured against, it is refused.
    const untrusted = path.join(dir, 'untrusted-key.pem');
    await writeFile(
      untrusted,
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      { mode: 0o600 },
    );
    const first = await leadAudit(['checkpoint', '--key', untrusted, '--out', checkpoints(), '--schema', db.schema]);
    expect(first.code).toBe(0);
    const firstId = first.stdout.trim().split('\t')[1];
    await store.appendToStream(streams[0], [anEvent('Step', { i: 4 })], 3);
    const second = await takeCheckpoint();
    expect(second.code).toBe(0);
    const secondId = second.stdout.trim().split('\t')[1];

    const all = await verify();
    expect(all.code).toBe(1);
    expect(
      lines(all.stdout).map((line) => {
        const f = line.split('\t');
        return [f[0], f[5]];
      }),
    ).toEqual([['checkpoint-refused', firstId]]);
    const fromFirst = await verify('--since', firstId);
    expect(fromFirst.code).toBe(1);
    expect(fromFirst.stderr).toContain(`2 checkpoint(s), 1 refused, 0 unreadable, 0 before ${firstId}`);

    const fromSecond = await verify('--since', secondId);
    expect(fromSecond).toMatchObject({ code: 0, stdout: '' });
    expect(fromSecond.stderr).toContain(`1 checkpoint(s), 0 refused, 0 unreadable, 1 before ${secondId} not measured`);

    // An edit (chain recomputed) of an event the later checkpoint covers is still found.
    await editData(streams[1], 2);
    await recomputeChain(streams[1]);
    const edited = await verify('--since', secondId, '--json');
    expect(edited.code).toBe(1);
    expect(lines(edited.stdout).map((line) => JSON.parse(line) as unknown)).toContainEqual(
      expect.objectContaining({ kind: 'event-changed', streamId: streams[1], revision: 2, checkpointId: secondId }),
    );

    expect(await verify('--since', '00000000-0000-0000-0000-000000000000')).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringContaining('--since 00000000-0000-0000-0000-000000000000: no checkpoint with that id'),
    });
    expect(await leadAudit(['verify', '--schema', db.schema, '--since', secondId])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--since needs --checkpoints DIR --keys DIR'),
    });
  });

  it('bad usage and unreachable settings exit 2', async () => {
    expect(await leadAudit(['--help'])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('lead-audit verify'),
    });
    expect(await leadAudit([])).toMatchObject({ code: 2, stderr: expect.stringContaining('a command is required') });
    expect(await leadAudit(['verify', '--checkpoints', checkpoints()])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--checkpoints and --keys go together'),
    });
    expect(await leadAudit(['checkpoint', '--schema', db.schema])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--key FILE'),
    });
    expect(await leadAudit(['verify', '--schema', 'no_such_store_schema'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no event store in schema no_such_store_schema'),
    });
    expect(await leadAudit(['verify', '--database-url', 'postgres://nobody@127.0.0.1:1/none'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('cannot query the database'),
    });
  });

  it('--esdb reads EventStoreDB through the port: an unreachable server is a setup error naming it, without credentials', async () => {
    const unreachable = await leadAudit(['verify', '--esdb', 'esdb://admin:secret@127.0.0.1:1?tls=false']);
    expect(unreachable).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('cannot read $all of EventStoreDB esdb://***@127.0.0.1:1?tls=false'),
    });
    expect(unreachable.stderr).not.toContain('secret');
    // A password with a raw @ would be cut in the wrong place by any redaction: refused before anything is printed.
    const rawAt = await leadAudit(['verify', '--esdb', 'esdb://admin:p@ss@127.0.0.1:1?tls=false']);
    expect(rawAt).toMatchObject({ code: 2, stderr: expect.stringContaining('percent-encoded') });
    expect(rawAt.stderr).not.toContain('p@ss');
    expect(await leadAudit(['verify'], { EVENT_STORE: 'esdb', ESDB_CONNECTION_STRING: 'http://x' })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('must be esdb://[user:password@]host'),
    });
  });
});

// The same commands against a real EventStoreDB, where there is one (none can be installed on this machine).
const esdb = process.env.ESDB_CONNECTION_STRING;
(esdb ? describe : describe.skip)('lead-audit against EventStoreDB (ESDB_CONNECTION_STRING)', () => {
  it('verify walks every chain, checkpoint signs the store, verify measures it against the checkpoint', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lead-audit-esdb-'));
    try {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      await writeFile(path.join(dir, 'key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
      await mkdir(path.join(dir, 'keys'));
      await writeFile(path.join(dir, 'keys', 'a.pem'), publicKey.export({ type: 'spki', format: 'pem' }).toString());
      const env = { EVENT_STORE: 'esdb', ESDB_CONNECTION_STRING: esdb, DATABASE_URL: undefined };
      expect(await leadAudit(['verify'], env)).toMatchObject({ code: 0 });
      const out = path.join(dir, 'checkpoints');
      const args = ['--store-id', 'esdb-cli-test'];
      expect(
        await leadAudit(['checkpoint', '--key', path.join(dir, 'key.pem'), '--out', out, ...args], env),
      ).toMatchObject({ code: 0 });
      expect(
        await leadAudit(['verify', '--checkpoints', out, '--keys', path.join(dir, 'keys'), ...args], env),
      ).toMatchObject({ code: 0, stderr: expect.stringContaining('1 checkpoint(s), 0 refused') });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
if (!esdb)
  console.warn(
    'lead-audit against EventStoreDB skipped: ESDB_CONNECTION_STRING is not set (no server on this machine)',
  );
