import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ConfiguredMasterKey,
  DataKeyStore,
  DEVELOPMENT_MASTER_KEY_FILE,
  DEVELOPMENT_MASTER_KEY_ID,
  PersonalDataCipher,
  readDevelopmentKey,
} from '@lead/crypto';
import {
  newEventId,
  PostgresEventStore,
  StreamNotFound,
  type EventMetadata,
  type RecordedEvent,
} from '@lead/event-store';
import { eventually, isolatedSchema, TEST_DATABASE_URL, type IsolatedSchema } from '@lead/testing';
import {
  PARTICIPANT_HISTORY_READ,
  participantAuditStream,
  type ParticipantHistoryRead,
} from '../src/audit/access-audit-events.js';
import { AccessAuditLog } from '../src/audit/access-audit-log.js';

// The compiled CLI (the root package's `lead-audit` bin), run as a process. The test builds nothing: `npm run build`
// comes first (CI runs it before tests).
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CLI = path.join(ROOT, 'libs/access/dist/cli/lead-audit.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function leadAudit(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      // No DATA_KEY_MASTER_KEY: outside production the CLI, like the services, uses the development master key.
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
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('lead-audit journey and access, the compiled CLI as a process', () => {
  let db: IsolatedSchema;
  let keyDb: IsolatedSchema;
  let store: PostgresEventStore;
  let cipher: PersonalDataCipher;
  const participantId = randomUUID();
  const otherParticipant = randomUUID();
  const participantStream = `participant-${participantId}`;
  const caseStream = `case-${randomUUID()}`;
  const consentId = randomUUID();
  let between: Date;
  let appended = 0;

  const officer = { subject: 'officer-7', agency: 'DPD', role: 'officer' };
  const caseManager = { subject: 'cm-3', agency: 'OBHS', role: 'case_manager' };
  const auditorArgs = ['--auditor', 'auditor-1', '--agency', 'OIG'];

  const metadata = (actor: typeof officer, jurisdiction = 'denver', participant = participantId): EventMetadata =>
    ({ correlationId: randomUUID(), participantId: participant, jurisdiction, actor }) as EventMetadata;
  async function append(streamId: string, type: string, data: unknown, meta: EventMetadata): Promise<void> {
    await store.appendToStream(
      streamId,
      [{ eventId: newEventId(), type, schemaVersion: 1, data, metadata: meta }],
      'any',
    );
    appended++;
  }
  /** `$all` holds back a just-committed event while an older transaction anywhere in the cluster is open. */
  const allVisible = () =>
    eventually(
      () => store.readAll({ after: 'start', maxCount: 10_000 }),
      (events) => events.length >= appended,
      `${appended} events in $all`,
    );
  const historyReads = async (): Promise<ParticipantHistoryRead[]> =>
    (await store.readStream(participantAuditStream(participantId)).catch(() => [] as RecordedEvent[]))
      .filter((e) => e.type === PARTICIPANT_HISTORY_READ)
      .map((e) => e.data as ParticipantHistoryRead);
  const lastHistoryRead = async () => (await historyReads()).at(-1);
  const run = (...args: string[]) => leadAudit([...args, '--schema', db.schema]);

  beforeAll(async () => {
    if (!existsSync(CLI))
      throw new Error(
        `${path.relative(ROOT, CLI)} is missing: run \`npm run build\` before this test (it builds nothing)`,
      );
    db = await isolatedSchema('leadauditp');
    keyDb = await isolatedSchema('leadauditkeys');
    store = await PostgresEventStore.create({ pool: db.pool, schema: db.schema });
    const keys = await DataKeyStore.create({
      pool: keyDb.pool,
      schema: keyDb.schema,
      masterKey: ConfiguredMasterKey.fromBase64(
        readDevelopmentKey(DEVELOPMENT_MASTER_KEY_FILE),
        DEVELOPMENT_MASTER_KEY_ID,
      ),
    });
    cipher = new PersonalDataCipher(keys);

    const name = await cipher.seal(participantId, 'Rae Kim');
    await append(participantStream, 'ParticipantReferred', { participantId, name, district: 'D3' }, metadata(officer));
    await append(
      caseStream,
      'ConsentRecorded',
      { consentId, participantId, recipients: ['DPD'], scope: ['participation-status'], purpose: 'care-coordination' },
      metadata(caseManager),
    );
    // Someone else, in another jurisdiction and in this one: never in this participant's history.
    await append(
      `participant-${otherParticipant}`,
      'ParticipantReferred',
      {},
      metadata(officer, 'boulder', otherParticipant),
    );
    await append(`participant-${randomUUID()}`, 'ParticipantReferred', {}, metadata(officer, 'denver', randomUUID()));
    await new AccessAuditLog(store).recordRead(
      {
        participantId,
        jurisdiction: 'denver',
        actor: { subject: 'officer-9', agency: 'DPD', role: 'officer' },
        purpose: 'care-coordination',
        route: 'GET /v1/participants/:participantId/status',
        view: 'participation-status',
        outcome: 'disclosed',
        consentId,
        redisclosureNotice: true,
      },
      randomUUID(),
    );
    appended++;
    await sleep(20);
    between = new Date();
    await sleep(20);
    // The later events: a correction and the consent's revocation.
    await append(participantStream, 'ParticipantCorrected', { participantId, district: 'D4' }, metadata(officer));
    await append(
      caseStream,
      'ConsentRevoked',
      { consentId, participantId, revokedAt: new Date().toISOString() },
      metadata(caseManager),
    );
    await allVisible();
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
    await keyDb?.drop();
  });

  it('journey: every event of the participant in order, with who did what; the read recorded first', async () => {
    const result = await run('journey', participantId, ...auditorArgs);
    expect(result.code).toBe(0);
    const fields = lines(result.stdout).map((line) => line.split('\t'));
    expect(fields.map((f) => [f[2], f[3], f[4], f[5], f[6], f[7]])).toEqual([
      [participantStream, '0', 'ParticipantReferred', 'officer-7', 'DPD', 'officer'],
      [caseStream, '0', 'ConsentRecorded', 'cm-3', 'OBHS', 'case_manager'],
      [participantStream, '1', 'ParticipantCorrected', 'officer-7', 'DPD', 'officer'],
      [caseStream, '1', 'ConsentRevoked', 'cm-3', 'OBHS', 'case_manager'],
    ]);
    // No data column without the audit purpose, nor anything sealed or personal.
    expect(fields.every((f) => f.length === 8)).toBe(true);
    expect(result.stdout).not.toContain('Rae Kim');
    expect(result.stderr).toMatch(/lead-audit: journey: [\d,]+ events in [\d.]+ s \([\d,]+ events\/s\) done/);
    expect(result.stderr).toContain('4 event(s) as of now in jurisdiction(s) denver, boulder');

    expect(await lastHistoryRead()).toEqual({
      participantId,
      jurisdictions: ['denver', 'boulder'],
      actor: { subject: 'auditor-1', agency: 'OIG', role: 'auditor' },
      history: 'journey',
      purpose: null,
      personalValues: false,
      asOf: null,
      events: 4,
      readAt: expect.any(String),
    });
  });

  it('journey --as-of: the history as recorded then, before and after the later events (--json)', async () => {
    const before = await run('journey', participantId, ...auditorArgs, '--as-of', between.toISOString(), '--json');
    expect(before.code).toBe(0);
    const events = lines(before.stdout).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.map((e) => e.type)).toEqual(['ParticipantReferred', 'ConsentRecorded']);
    expect(events[0]).toMatchObject({
      streamId: participantStream,
      revision: 0,
      jurisdiction: 'denver',
      actor: officer,
    });
    expect(events[0]).not.toHaveProperty('data');
    expect(await lastHistoryRead()).toMatchObject({ asOf: between.toISOString(), events: 2, personalValues: false });

    const after = await run('journey', participantId, ...auditorArgs, '--as-of', new Date().toISOString(), '--json');
    expect(lines(after.stdout).map((line) => (JSON.parse(line) as { type: string }).type)).toEqual([
      'ParticipantReferred',
      'ConsentRecorded',
      'ParticipantCorrected',
      'ConsentRevoked',
    ]);
  });

  it('personal values: opened only with --purpose audit, and the read records that they were shown', async () => {
    const keyStore = ['--key-store-schema', keyDb.schema];
    const audit = await run('journey', participantId, ...auditorArgs, '--purpose', 'audit', ...keyStore);
    expect(audit.code).toBe(0);
    const first = lines(audit.stdout)[0].split('\t');
    expect(JSON.parse(first[8])).toEqual({ participantId, name: 'Rae Kim', district: 'D3' });
    expect(audit.stderr).toContain('personal values shown');
    expect(await lastHistoryRead()).toMatchObject({ purpose: 'audit', personalValues: true });

    const json = await run('journey', participantId, ...auditorArgs, '--purpose', 'audit', ...keyStore, '--json');
    expect((JSON.parse(lines(json.stdout)[0]) as { data: unknown }).data).toEqual({
      participantId,
      name: 'Rae Kim',
      district: 'D3',
    });

    const evaluation = await run('journey', participantId, ...auditorArgs, '--purpose', 'evaluation', ...keyStore);
    expect(evaluation.code).toBe(0);
    expect(evaluation.stdout).not.toContain('Rae Kim');
    expect(lines(evaluation.stdout).every((line) => line.split('\t').length === 8)).toBe(true);
    expect(await lastHistoryRead()).toMatchObject({ purpose: 'evaluation', personalValues: false });

    // The audit purpose without a key store: a setup error, nothing printed or recorded.
    const reads = (await historyReads()).length;
    const noKeys = await run(
      'journey',
      participantId,
      ...auditorArgs,
      '--purpose',
      'audit',
      '--key-store-schema',
      'no_such_keys',
    );
    expect(noKeys).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringContaining('no key store in schema no_such_keys'),
    });
    expect(await historyReads()).toHaveLength(reads);
  });

  it('access: the reads with who, purpose, view, outcome and consent, the consents, the history reads', async () => {
    const historyReadsBefore = (await historyReads()).length;
    await allVisible();
    await eventually(
      () => store.readAll({ after: 'start', maxCount: 10_000 }),
      (events) => events.filter((e) => e.type === PARTICIPANT_HISTORY_READ).length >= historyReadsBefore,
      'the history reads in $all',
    );
    const result = await run('access', participantId, ...auditorArgs, '--jurisdiction', 'denver');
    expect(result.code).toBe(0);
    const fields = lines(result.stdout).map((line) => line.split('\t'));
    const read = fields.find((f) => f[0] === 'read')!;
    expect(read.slice(2)).toEqual([
      'officer-9',
      'DPD',
      'officer',
      'care-coordination',
      'participation-status',
      'disclosed',
      consentId,
      'GET /v1/participants/:participantId/status',
      'denver',
    ]);
    expect(fields.filter((f) => f[0] === 'consent').map((f) => [f[2], f[5], f[6]])).toEqual([
      ['cm-3', 'ConsentRecorded', consentId],
      ['cm-3', 'ConsentRevoked', consentId],
    ]);
    expect(fields.filter((f) => f[0] === 'history-read')).toHaveLength(historyReadsBefore);
    expect(fields.find((f) => f[0] === 'history-read')!.slice(2, 6)).toEqual([
      'auditor-1',
      'OIG',
      'auditor',
      'journey',
    ]);
    // In the order recorded.
    const times = fields.map((f) => f[1]);
    expect([...times].sort()).toEqual(times);
    expect(await lastHistoryRead()).toMatchObject({
      history: 'disclosures',
      jurisdictions: ['denver'],
      actor: { subject: 'auditor-1', agency: 'OIG', role: 'auditor' },
      personalValues: false,
      asOf: null,
      events: fields.length,
    });

    const json = await run('access', participantId, ...auditorArgs, '--json');
    expect(json.code).toBe(0);
    const entries = lines(json.stdout).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toContainEqual(
      expect.objectContaining({ kind: 'read', consentId, purpose: 'care-coordination', outcome: 'disclosed' }),
    );
    expect(entries).toContainEqual(expect.objectContaining({ kind: 'consent', type: 'ConsentRevoked', consentId }));
    expect(entries).toContainEqual(expect.objectContaining({ kind: 'history-read', history: 'disclosures' }));
  });

  it('an unknown participant, or one of another jurisdiction: exit 1, nothing printed or recorded', async () => {
    const unknown = randomUUID();
    const result = await run('journey', unknown, ...auditorArgs);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toContain(`nothing of participant ${unknown} is recorded`);
    await expect(store.readStream(participantAuditStream(unknown))).rejects.toThrow(StreamNotFound);
    expect(await run('access', unknown, ...auditorArgs)).toMatchObject({ code: 1, stdout: '' });

    const reads = (await historyReads()).length;
    const elsewhere = await run('journey', participantId, ...auditorArgs, '--jurisdiction', 'boulder');
    expect(elsewhere).toMatchObject({ code: 1, stdout: '' });
    expect(await historyReads()).toHaveLength(reads);
  });

  it('bad usage exits 2 and prints the usage of every command; other commands go to the event store CLI', async () => {
    const help = await leadAudit(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['journey', 'access', 'verify', 'checkpoint'])
      expect(help.stdout).toContain(`lead-audit ${command}`);
    const usage = async (args: string[], message: string) =>
      expect(await leadAudit(args)).toMatchObject({ code: 2, stderr: expect.stringContaining(message) });
    await usage(['journey', participantId, '--agency', 'OIG'], '--auditor SUBJECT');
    await usage(['journey', ...auditorArgs], 'the participant id is required');
    await usage(['journey', 'not-a-uuid', ...auditorArgs], 'not-a-uuid is not a participant id');
    await usage(['journey', participantId, ...auditorArgs, '--as-of', '2026-12-01 09:00'], 'is not an instant');
    await usage(['journey', participantId, ...auditorArgs, '--purpose', 'curiosity'], '--purpose must be one of');
    await usage(['access', participantId, ...auditorArgs, '--as-of', '2026-12-01T09:00:00Z'], '--as-of does not apply');
    await usage(['journey', participantId, ...auditorArgs, '--since', 'x'], "Unknown option '--since'");
    await usage(['frobnicate'], 'unknown command frobnicate');
    await usage(
      ['journey', participantId, ...auditorArgs, '--schema', 'no_such_store_schema'],
      'no event store in schema',
    );

    // verify is the event store's, found after an option's value too.
    const verify = await leadAudit(['--schema', db.schema, 'verify']);
    expect(verify.code).toBe(0);
    expect(verify.stderr).toContain('0 finding(s)');
  });
});
