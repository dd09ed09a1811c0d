import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  ConfiguredMasterKey,
  DataKeySettings,
  DataKeyStore,
  masterKeyMaterial,
  PersonalDataCipher,
} from '@lead/crypto';
import {
  AUDIT_CLI_OPTIONS,
  AuditSetupError,
  countingReads,
  openAuditedStore,
  Progress,
  readAllEvents,
  runAuditCli,
  type AuditCliIo,
  type AuditedStore,
  type EventStore,
} from '@lead/event-store';
import { CHECKPOINT_KEEPER_OPTIONS, runCheckpointKeeperCli } from '@lead/messaging';
import { loadConfig } from '@lead/platform';
import { participantAuditStream } from '../audit/access-audit-events.js';
import { AccessAuditLog } from '../audit/access-audit-log.js';
import { ParticipantHistory } from '../audit/participant-history.js';
import {
  commandOf,
  LEAD_AUDIT_USAGE,
  PARTICIPANT_AUDIT_OPTIONS,
  parseParticipantAuditArgs,
  UsageError,
  type ParticipantAuditCommand,
} from './participant-audit-args.js';
import { accountingEntries, formatAccountingEntry, formatJourneyEvent } from './participant-audit-output.js';
import { runReadModelCommand } from './read-model-command.js';

export type LeadAuditIo = Omit<AuditCliIo, 'usage'>;

/** Every option of either CLI that takes a value, so that the command is found after options such as `--schema S`. */
const STRING_OPTIONS: ReadonlySet<string> = new Set(
  Object.entries({ ...AUDIT_CLI_OPTIONS, ...PARTICIPANT_AUDIT_OPTIONS, ...CHECKPOINT_KEEPER_OPTIONS })
    .filter(([, option]) => option.type === 'string')
    .map(([name]) => name),
);

/**
 * The installed `lead-audit`: `journey` and `access` here (they need the access audit, which libs/event-store must
 * not depend on), replay and diff by the read model's service, keep (the bus's checkpoints) by libs/messaging, every
 * other command (verify, checkpoint, help) the event store's `runAuditCli`. Returns the exit code.
 */
export function runLeadAudit(
  argv: string[],
  env: Record<string, string | undefined>,
  io: LeadAuditIo,
): Promise<number> {
  const command = commandOf(argv, STRING_OPTIONS);
  if (command === 'journey' || command === 'access') return runParticipantAuditCli(argv, env, io);
  if (command === 'replay' || command === 'diff') return runReadModelCommand(argv, env, io);
  if (command === 'keep') return runCheckpointKeeperCli(argv, env, io);
  return runAuditCli(argv, env, { ...io, usage: LEAD_AUDIT_USAGE });
}

/** `lead-audit journey|access`; exit code 0 printed, 1 nothing of the participant visible, 2 otherwise. */
export async function runParticipantAuditCli(
  argv: string[],
  env: Record<string, string | undefined>,
  io: LeadAuditIo,
): Promise<number> {
  let command;
  try {
    command = parseParticipantAuditArgs(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`lead-audit: ${error.message}\n\n${LEAD_AUDIT_USAGE}`);
    return 2;
  }
  if (command.command === 'help') {
    io.out(LEAD_AUDIT_USAGE);
    return 0;
  }
  const progress = new Progress({ write: io.progress, tty: io.tty, intervalMs: io.progressIntervalMs });
  let opened: AuditedStore | undefined;
  let keyStorePool: pg.Pool | undefined;
  try {
    opened = await openAuditedStore(command.store);
    const { store } = opened;
    // Opened before the pass over the log: a missing key store is a setup error found before minutes of reading.
    let cipher: PersonalDataCipher | undefined;
    if (command.command === 'journey' && command.purpose === 'audit') {
      // The key store is PostgreSQL's whichever the event store: the store's own pool, or one of its own.
      keyStorePool = opened.pool ? undefined : keyStoreDatabase(command.databaseUrl!);
      cipher = await openCipher(opened.pool ?? keyStorePool!, env, command);
    }
    const history = new ParticipantHistory(
      countingReads(store, (n) => progress.add(n)),
      cipher,
    );
    const jurisdictions =
      command.jurisdictions ??
      (command.store.kind === 'postgres'
        ? await jurisdictionsOf(opened.pool!, command.store.schema, command.participantId)
        : await jurisdictionsInLog(store, command.participantId));
    const audit = new AccessAuditLog(store);
    const where =
      jurisdictions.length > 0 ? `jurisdiction(s) ${jurisdictions.join(', ')}` : 'a store with no jurisdiction';
    const recordedIn = participantAuditStream(command.participantId);
    const read = {
      participantId: command.participantId,
      jurisdictions: [...jurisdictions],
      actor: { ...command.auditor, role: 'auditor' as const },
      purpose: command.purpose,
    };

    if (command.command === 'journey') {
      progress.start('journey');
      const journey = await history.journey(command.participantId, {
        asOf: command.asOf,
        jurisdictions,
        withValues: cipher !== undefined,
      });
      progress.finish();
      if (!journey) return nothingVisible(io, command, where);
      // Recorded before anything of it is printed, as the route records before it answers.
      await audit.recordHistoryRead(
        {
          ...read,
          history: 'journey',
          personalValues: cipher !== undefined,
          asOf: journey.asOf,
          events: journey.events.length,
        },
        randomUUID(),
      );
      for (const event of journey.events) io.out(formatJourneyEvent(event, command.json));
      io.err(
        `lead-audit: journey of ${command.participantId}: ${journey.events.length} event(s) as of ${journey.asOf ?? 'now'} in ${where}; ` +
          `personal values ${cipher ? 'shown (purpose audit)' : 'not shown (only with --purpose audit)'}; this read recorded in ${recordedIn}`,
      );
      return 0;
    }

    progress.start('access');
    const accounting = await history.disclosures(command.participantId, { jurisdictions });
    progress.finish();
    if (!accounting) return nothingVisible(io, command, where);
    const entries = accountingEntries(accounting);
    await audit.recordHistoryRead(
      { ...read, history: 'disclosures', personalValues: false, asOf: null, events: entries.length },
      randomUUID(),
    );
    for (const entry of entries) io.out(formatAccountingEntry(entry, command.json));
    io.err(
      `lead-audit: access to ${command.participantId} in ${where}: ${accounting.reads.length} read(s), ` +
        `${accounting.consents.length} consent event(s), ${accounting.historyReads.length} history read(s); this read recorded in ${recordedIn}`,
    );
    return 0;
  } catch (error) {
    progress.finish();
    io.err(`lead-audit: ${(error as Error).message}`);
    return 2;
  } finally {
    await opened?.close();
    await keyStorePool?.end().catch(() => undefined);
  }
}

function keyStoreDatabase(databaseUrl: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => undefined);
  return pool;
}

function nothingVisible(io: LeadAuditIo, command: ParticipantAuditCommand, where: string): number {
  io.err(
    `lead-audit: nothing of participant ${command.participantId} is recorded in ${where} ` +
      "(an unknown participant, or another jurisdiction's); nothing was printed or recorded",
  );
  return 1;
}

/**
 * `jurisdictionsOf` through the port (EventStoreDB has no SQL): one pass over `$all`, the participant's own
 * jurisdictions first, then every other one the log names, each group sorted.
 */
async function jurisdictionsInLog(store: EventStore, participantId: string): Promise<string[]> {
  const own = new Set<string>();
  const all = new Set<string>();
  for await (const event of readAllEvents(store)) {
    const { jurisdiction, participantId: subject } = event.metadata;
    if (typeof jurisdiction !== 'string') continue;
    all.add(jurisdiction);
    if (typeof subject === 'string' && subject.toLowerCase() === participantId) own.add(jurisdiction);
  }
  return [...[...own].sort(), ...[...all].filter((j) => !own.has(j)).sort()];
}

/**
 * Every jurisdiction the store's events name, the participant's own first (the history read is filed under the
 * first, so that their auditors see it in the accounting).
 */
async function jurisdictionsOf(pool: pg.Pool, schema: string, participantId: string): Promise<string[]> {
  const { rows } = await pool.query<{ jurisdiction: string }>(
    `SELECT metadata->>'jurisdiction' AS jurisdiction FROM "${schema}".events
      WHERE jsonb_typeof(metadata->'jurisdiction') = 'string'
      GROUP BY 1
      ORDER BY bool_or(lower(metadata->>'participantId') = $1) DESC, 1`,
    [participantId.toLowerCase()],
  );
  return rows.map((row) => row.jurisdiction);
}

/** The cipher the services open sealed values with: their key store and master key settings. */
async function openCipher(
  pool: pg.Pool,
  env: Record<string, string | undefined>,
  command: ParticipantAuditCommand,
): Promise<PersonalDataCipher> {
  let settings: DataKeySettings;
  let material: { base64Key: string; keyId: string };
  try {
    settings = loadConfig(
      DataKeySettings,
      { ...env, ...(command.keyStoreSchema !== undefined && { KEY_STORE_SCHEMA: command.keyStoreSchema }) },
      'lead-audit',
    );
    material = masterKeyMaterial(settings);
  } catch (error) {
    throw new AuditSetupError(`the key store settings: ${(error as Error).message}`);
  }
  const schema = settings.KEY_STORE_SCHEMA;
  const { rows } = await pool.query<{ keys: string | null }>(`SELECT to_regclass($1) AS keys`, [
    `"${schema}".participant_data_keys`,
  ]);
  // Not created here: an empty key store in a mistyped schema would show every value as erased.
  if (rows[0].keys === null)
    throw new AuditSetupError(
      `no key store in schema ${schema} (no table ${schema}.participant_data_keys): --purpose audit opens personal values with it`,
    );
  const keys = await DataKeyStore.create({
    pool,
    schema,
    masterKey: ConfiguredMasterKey.fromBase64(material.base64Key, material.keyId),
  });
  return new PersonalDataCipher(keys);
}
