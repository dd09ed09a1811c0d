import { parseArgs } from 'node:util';
import type { StoreConnection } from './audited-store.js';
import { esdbConnectionStringProblems } from './esdb-connection-string.js';

/**
 * The blind index of referrals (`participantmatch-<HMAC of name and birth date>`, apps/referrals'
 * MATCH_KEY_STREAM_PREFIX): its stream names are personal and erasure purges them, so checkpoints leave them out.
 */
export const DEFAULT_EXCLUDED_PREFIXES: readonly string[] = ['participantmatch-'];

export const AUDIT_CLI_USAGE = `Audits the event store's hash chains and signed checkpoints (docs/audit.md, "The lead-audit CLI").

  lead-audit verify [--database-url URL] [--schema S | --esdb URL] [--checkpoints DIR --keys DIR [--since ID]]
                    [--store-id ID] [--json]
  lead-audit checkpoint --key FILE [--key-id ID] --out DIR [--store-id ID] [--exclude-prefix P ...]
                        [--database-url URL] [--schema S | --esdb URL]
  lead-audit --help

  verify        every chain break (findAllBreaks, with the PostgreSQL stream index); with --checkpoints, also the
                store measured against every checkpoint in DIR (verifyAgainstCheckpoints); with --since ID, only
                against checkpoint ID and the ones created after it
  checkpoint    takes a signed checkpoint of the store and writes it to --out (refused when a chain is broken)

  --database-url  PostgreSQL connection string (default: $DATABASE_URL)
  --schema        the event store's schema (default: $EVENT_STORE_SCHEMA, else event_store)
  --esdb          audit an EventStoreDB store instead, at this connection string (default with EVENT_STORE=esdb:
                  $ESDB_CONNECTION_STRING); the same checks through the EventStore port, without PostgreSQL's stream
                  index (verify's head-mismatch and stream-without-events are PostgreSQL's)
  --checkpoints   directory of checkpoint files (<createdAt>_<id>.json)
  --keys          directory of public keys: every *.pem in it (SPKI public key; a private key is reduced to its
                  public half) is trusted under its key id ed25519:<16 hex> and under its file name without .pem
  --since         verify: the id of a checkpoint in --checkpoints; older checkpoints are not measured against
                  (an id not in the directory is an error, exit 2)
  --store-id      verify: refuse checkpoints of another store (default: $EVENT_STORE_ID, else any);
                  checkpoint: the store id signed (default: $EVENT_STORE_ID, else the schema name)
  --key           the ed25519 private key (PKCS#8 PEM) that signs the checkpoint; never stored in the database
  --key-id        the key id written into the checkpoint (default: ed25519:<16 hex> of the public key)
  --out           directory the checkpoint file is written to (created if missing; an existing file is never replaced)
  --exclude-prefix  checkpoint: a stream-id prefix left out of the checkpoint, repeatable: streams whose names are
                  personal and which erasure purges (default: $AUDIT_CHECKPOINT_EXCLUDED_PREFIXES, comma-separated,
                  else ${DEFAULT_EXCLUDED_PREFIXES.join(',')}; "" leaves nothing out)
  --json          findings as NDJSON on stdout, one object per line

Findings go to stdout, one line each (kind, stream, revision, event id, position, checkpoint, detail; tab-separated,
"-" where unknown); progress goes to stderr. Exit codes: 0 clean (checkpoint written), 1 a finding (checkpoint
refused), 2 usage, connection or other errors.`;

/** Wrong arguments: the CLI prints the message and the usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

interface Connection {
  store: StoreConnection;
  /** The event store's schema name: the default store id (as the services' EVENT_STORE_SCHEMA), whichever store. */
  schema: string;
}

export type AuditCommand =
  | { command: 'help' }
  | (Connection & {
      command: 'verify';
      json: boolean;
      checkpoints?: { directory: string; keys: string };
      /** Only the checkpoint with this id and the ones created after it. */
      since?: string;
      storeId?: string;
    })
  | (Connection & {
      command: 'checkpoint';
      json: boolean;
      keyFile: string;
      keyId?: string;
      out: string;
      storeId: string;
      excludedPrefixes: string[];
    });

const SCHEMA = /^[a-z_][a-z0-9_]*$/;

/** The options `parseAuditArgs` takes (for a front end that dispatches to `runAuditCli` and must skip their values). */
export const AUDIT_CLI_OPTIONS = {
  'database-url': { type: 'string' },
  schema: { type: 'string' },
  esdb: { type: 'string' },
  checkpoints: { type: 'string' },
  keys: { type: 'string' },
  since: { type: 'string' },
  'store-id': { type: 'string' },
  key: { type: 'string' },
  'key-id': { type: 'string' },
  out: { type: 'string' },
  'exclude-prefix': { type: 'string', multiple: true },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** `lead-audit` arguments and environment to a command; throws `UsageError` naming every problem at once. */
export function parseAuditArgs(argv: readonly string[], env: Record<string, string | undefined>): AuditCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: AUDIT_CLI_OPTIONS,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === 'help') return { command: 'help' };
  const command = positionals[0];
  if (command !== 'verify' && command !== 'checkpoint')
    throw new UsageError(command === undefined ? 'a command is required' : `unknown command ${command}`);

  const { connection, schema, problems: connectionProblems } = storeConnectionOf(values, env);
  const storeId = values['store-id'] ?? (env.EVENT_STORE_ID || undefined);
  const given = (name: string) => values[name as keyof typeof values] !== undefined;
  const foreign = (names: string[]) =>
    names.filter(given).map((name) => `--${name} does not apply to lead-audit ${command}`);
  const problems: (string | false)[] = [
    positionals.length > 1 && `unexpected argument ${positionals[1]}`,
    ...connectionProblems,
  ];
  if (command === 'verify') {
    problems.push(
      given('checkpoints') !== given('keys') && '--checkpoints and --keys go together',
      given('since') && !given('checkpoints') && '--since needs --checkpoints DIR --keys DIR',
      values.since === '' && '--since must name a checkpoint id',
      ...foreign(['key', 'key-id', 'out', 'exclude-prefix']),
    );
  } else {
    problems.push(
      !values.key && '--key FILE (the ed25519 private key) is required',
      !values.out && '--out DIR is required',
      values['key-id'] === '' && '--key-id must not be empty',
      ...foreign(['checkpoints', 'keys', 'since']),
    );
  }
  const found = problems.filter((problem): problem is string => typeof problem === 'string');
  if (found.length > 0) throw new UsageError(found.join('\n'));

  const store = { store: connection!, schema };
  if (command === 'verify')
    return {
      command,
      ...store,
      json: values.json,
      ...(values.checkpoints !== undefined && { checkpoints: { directory: values.checkpoints, keys: values.keys! } }),
      ...(values.since !== undefined && { since: values.since }),
      ...(storeId !== undefined && { storeId }),
    };
  return {
    command,
    ...store,
    json: values.json,
    keyFile: values.key!,
    ...(values['key-id'] !== undefined && { keyId: values['key-id'] }),
    out: values.out!,
    storeId: storeId ?? schema,
    excludedPrefixes: excludedPrefixesOf(values['exclude-prefix'], env.AUDIT_CHECKPOINT_EXCLUDED_PREFIXES),
  };
}

/**
 * The store an audit command reads, from `--esdb` (or EVENT_STORE=esdb with ESDB_CONNECTION_STRING) or else
 * `--database-url` (DATABASE_URL) and `--schema` (EVENT_STORE_SCHEMA, else event_store); the problems, if any, instead.
 */
export function storeConnectionOf(
  values: { 'database-url'?: string; schema?: string; esdb?: string },
  env: Record<string, string | undefined>,
): { connection?: StoreConnection; schema: string; problems: string[] } {
  const schema = values.schema ?? env.EVENT_STORE_SCHEMA ?? 'event_store';
  const schemaProblem = SCHEMA.test(schema)
    ? []
    : [`--schema ${schema} is not a schema name (lower-case letters, digits and _)`];
  const esdb = values.esdb ?? (env.EVENT_STORE === 'esdb' ? env.ESDB_CONNECTION_STRING : undefined);
  // EVENT_STORE=esdb says the store is EventStoreDB: without its address, falling back to PostgreSQL would audit
  // another store (an old schema, say) and could report it clean.
  if (esdb === undefined && env.EVENT_STORE === 'esdb')
    return { schema, problems: ['EVENT_STORE=esdb needs ESDB_CONNECTION_STRING (or --esdb URL)'] };
  if (esdb !== undefined) {
    const problems = [
      ...schemaProblem,
      ...(values.schema !== undefined ? ['--schema names a PostgreSQL store; it does not go with --esdb'] : []),
      ...esdbConnectionStringProblems(esdb),
    ];
    return problems.length > 0
      ? { schema, problems }
      : { connection: { kind: 'esdb', connectionString: esdb }, schema, problems };
  }
  const databaseUrl = values['database-url'] ?? env.DATABASE_URL;
  const problems = [...(databaseUrl ? [] : ['--database-url (or DATABASE_URL) is required']), ...schemaProblem];
  return problems.length > 0
    ? { schema, problems }
    : { connection: { kind: 'postgres', databaseUrl: databaseUrl!, schema }, schema, problems };
}

function excludedPrefixesOf(given: string[] | undefined, fromEnv: string | undefined): string[] {
  const listed = given ?? (fromEnv !== undefined ? fromEnv.split(',') : [...DEFAULT_EXCLUDED_PREFIXES]);
  return [...new Set(listed.map((prefix) => prefix.trim()).filter((prefix) => prefix.length > 0))];
}
