import { parseArgs } from 'node:util';
import { CHECKPOINT_KEEPER_USAGE } from '@lead/messaging';
import { AUDIT_CLI_USAGE, storeConnectionOf, type StoreConnection } from '@lead/event-store';
import { isPurposeOfUse, PURPOSES_OF_USE, type PurposeOfUse } from '../policy/purpose-of-use.js';
import { READ_MODEL_USAGE } from './read-model-command.js';

export const PARTICIPANT_AUDIT_USAGE = `A participant's history for auditors, from the log itself (docs/audit.md, "The lead-audit CLI").

  lead-audit journey <participantId> --auditor SUBJECT --agency AGENCY [--as-of INSTANT] [--jurisdiction J ...]
                     [--purpose PURPOSE] [--json] [--database-url URL] [--schema S | --esdb URL]
                     [--key-store-schema S]
  lead-audit access <participantId> --auditor SUBJECT --agency AGENCY [--jurisdiction J ...] [--purpose PURPOSE]
                    [--json] [--database-url URL] [--schema S | --esdb URL]

  journey       every event of the participant across every service's streams, in order, with who did what (the
                access audit and the bus's topic copies left out); one line each: position, recordedAt, stream,
                revision, type, actor subject, agency, role (and the opened data with --purpose audit)
  access        the accounting of disclosures: every read of the participant's record (who, when, purpose, view,
                outcome, consent), the consents recorded and revoked, and auditors' reads of the history

  --auditor       who is reading (the auditor's subject); recorded, with --agency and the role auditor
  --agency        the agency the auditor acts for
  --as-of         journey: the history as recorded at this instant (ISO 8601 with an offset); later events left out
  --jurisdiction  a jurisdiction whose events are read, repeatable (default: every jurisdiction the store holds)
  --purpose       the auditor's purpose of use, recorded with the read: one of
                  ${PURPOSES_OF_USE.join(', ')}.
                  Personal values (each event's data, opened) are shown only for audit, which needs the key store
  --esdb          read an EventStoreDB store (default with EVENT_STORE=esdb: $ESDB_CONNECTION_STRING); the key store
                  for --purpose audit stays in PostgreSQL (--database-url)
  --key-store-schema  the data key store's schema (default: $KEY_STORE_SCHEMA, else key_store); the master key comes
                  from the services' settings (DATA_KEY_MASTER_KEY, DATA_KEY_MASTER_KEY_ID; outside production the
                  development key)
  --json          one JSON object per line (NDJSON)

Every run first records a ParticipantHistoryRead in the participant's audit stream (audit-<participantId>): the
auditor, purpose, whether personal values were shown, the instant read as of. Lines go to stdout (tab-separated,
"-" where unknown), progress and a summary to stderr. Exit codes: 0 printed, 1 nothing of the participant is visible
in the jurisdictions, 2 usage, connection or other errors.`;

/** The usage of the installed `lead-audit`: the participant commands and the event store's. */
export const LEAD_AUDIT_USAGE = `${PARTICIPANT_AUDIT_USAGE}\n\nA read model rebuilt from its log and compared with the live one:\n\n${READ_MODEL_USAGE}\n\nThe checkpoints the bus carries, kept by the auditor:\n\n${CHECKPOINT_KEEPER_USAGE}\n\n${AUDIT_CLI_USAGE}`;

/** Wrong arguments: the CLI prints the message and the usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const PARTICIPANT_COMMANDS = ['journey', 'access'] as const;
export type ParticipantCommandName = (typeof PARTICIPANT_COMMANDS)[number];

export interface ParticipantAuditCommand {
  command: ParticipantCommandName;
  participantId: string;
  /** The jurisdictions given; null: every jurisdiction the store holds. */
  jurisdictions: string[] | null;
  auditor: { subject: string; agency: string };
  purpose: PurposeOfUse | null;
  /** journey only; null: now. */
  asOf: Date | null;
  json: boolean;
  store: StoreConnection;
  /** PostgreSQL: the store's database, and the key store's (journey with --purpose audit) whichever the store. */
  databaseUrl?: string;
  /** Overrides KEY_STORE_SCHEMA (journey with --purpose audit). */
  keyStoreSchema?: string;
}

export const PARTICIPANT_AUDIT_OPTIONS = {
  'as-of': { type: 'string' },
  jurisdiction: { type: 'string', multiple: true },
  auditor: { type: 'string' },
  agency: { type: 'string' },
  purpose: { type: 'string' },
  json: { type: 'boolean', default: false },
  'database-url': { type: 'string' },
  schema: { type: 'string' },
  esdb: { type: 'string' },
  'key-store-schema': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;
const NAME = /^[A-Za-z0-9._@:-]{1,128}$/;
/** ISO 8601 date-time with seconds optional and an explicit offset (`Z` or `±hh:mm`): an instant, not a local time. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** `lead-audit journey|access` arguments and environment to a command; throws `UsageError` naming every problem. */
export function parseParticipantAuditArgs(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): ParticipantAuditCommand | { command: 'help' } {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: PARTICIPANT_AUDIT_OPTIONS });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  const command = positionals[0];
  if (command !== 'journey' && command !== 'access')
    throw new UsageError(command === undefined ? 'a command is required' : `unknown command ${command}`);
  const participantId = positionals[1];
  const databaseUrl = values['database-url'] ?? env.DATABASE_URL;
  const { connection, problems: connectionProblems } = storeConnectionOf(values, env);
  const asOf = values['as-of'];
  const jurisdictions = values.jurisdiction;
  const problems = [
    participantId === undefined && `lead-audit ${command} <participantId>: the participant id is required`,
    participantId !== undefined && !UUID.test(participantId) && `${participantId} is not a participant id (a UUID)`,
    positionals.length > 2 && `unexpected argument ${positionals[2]}`,
    (!values.auditor || !NAME.test(values.auditor)) && '--auditor SUBJECT (who is reading) is required',
    (!values.agency || !NAME.test(values.agency)) && '--agency AGENCY (the agency the auditor acts for) is required',
    values.purpose !== undefined &&
      !isPurposeOfUse(values.purpose) &&
      `--purpose must be one of ${PURPOSES_OF_USE.join(', ')}`,
    asOf !== undefined &&
      (!INSTANT.test(asOf) || Number.isNaN(Date.parse(asOf))) &&
      `--as-of ${asOf} is not an instant (ISO 8601 with an offset, e.g. 2026-12-01T09:00:00Z)`,
    ...(jurisdictions ?? [])
      .filter((j) => !NAME.test(j))
      .map((j) => `--jurisdiction ${JSON.stringify(j)} is not a jurisdiction name`),
    ...connectionProblems,
    connection?.kind === 'esdb' &&
      values.purpose === 'audit' &&
      command === 'journey' &&
      !databaseUrl &&
      '--purpose audit opens the key store in PostgreSQL: --database-url (or DATABASE_URL) is required',
    values['key-store-schema'] !== undefined &&
      !SCHEMA.test(values['key-store-schema']) &&
      `--key-store-schema ${values['key-store-schema']} is not a schema name (lower-case letters, digits and _)`,
    command === 'access' && asOf !== undefined && '--as-of does not apply to lead-audit access',
    command === 'access' &&
      values['key-store-schema'] !== undefined &&
      '--key-store-schema does not apply to lead-audit access',
  ];
  const found = problems.filter((problem): problem is string => typeof problem === 'string');
  if (found.length > 0) throw new UsageError(found.join('\n'));
  return {
    command,
    participantId: participantId!.toLowerCase(),
    jurisdictions: jurisdictions ? [...new Set(jurisdictions)] : null,
    auditor: { subject: values.auditor!, agency: values.agency! },
    purpose: (values.purpose as PurposeOfUse | undefined) ?? null,
    asOf: asOf === undefined ? null : new Date(asOf),
    json: values.json,
    store: connection!,
    ...(databaseUrl !== undefined && { databaseUrl }),
    ...(values['key-store-schema'] !== undefined && { keyStoreSchema: values['key-store-schema'] }),
  };
}

/**
 * The command of a `lead-audit` command line: its first positional argument, skipping the values of every option
 * either CLI takes (`--schema journey verify` names verify).
 */
export function commandOf(argv: readonly string[], stringOptions: ReadonlySet<string>): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') return argv[i + 1];
    if (!arg.startsWith('-') || arg === '-') return arg;
    if (arg.startsWith('--') && !arg.includes('=') && stringOptions.has(arg.slice(2))) i++;
  }
  return undefined;
}
