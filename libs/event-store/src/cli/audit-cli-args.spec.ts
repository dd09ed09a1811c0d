import { parseAuditArgs, UsageError } from './audit-cli-args.js';

const env = { DATABASE_URL: 'postgres://u@h/db' };

describe('lead-audit arguments', () => {
  it('verify --since: a checkpoint id, only with --checkpoints and --keys', () => {
    expect(parseAuditArgs(['verify', '--checkpoints', 'cp', '--keys', 'k', '--since', 'abc'], env)).toMatchObject({
      command: 'verify',
      checkpoints: { directory: 'cp', keys: 'k' },
      since: 'abc',
    });
    expect(() => parseAuditArgs(['verify', '--since', 'abc'], env)).toThrow(
      '--since needs --checkpoints DIR --keys DIR',
    );
    expect(() => parseAuditArgs(['verify', '--checkpoints', 'cp', '--keys', 'k', '--since', ''], env)).toThrow(
      '--since must name a checkpoint id',
    );
    expect(() => parseAuditArgs(['checkpoint', '--key', 'f', '--out', 'o', '--since', 'abc'], env)).toThrow(
      '--since does not apply to lead-audit checkpoint',
    );
  });

  it('--help wins over everything', () => {
    expect(parseAuditArgs(['verify', '--help'], {})).toEqual({ command: 'help' });
    expect(parseAuditArgs(['-h'], {})).toEqual({ command: 'help' });
  });

  it('verify defaults to DATABASE_URL, EVENT_STORE_SCHEMA (else event_store) and EVENT_STORE_ID', () => {
    expect(parseAuditArgs(['verify'], env)).toEqual({
      command: 'verify',
      store: { kind: 'postgres', databaseUrl: env.DATABASE_URL, schema: 'event_store' },
      schema: 'event_store',
      json: false,
    });
    expect(
      parseAuditArgs(['verify', '--json', '--checkpoints', 'cp', '--keys', 'k'], {
        ...env,
        EVENT_STORE_SCHEMA: 'es',
        EVENT_STORE_ID: 'denver',
      }),
    ).toEqual({
      command: 'verify',
      store: { kind: 'postgres', databaseUrl: env.DATABASE_URL, schema: 'es' },
      schema: 'es',
      json: true,
      checkpoints: { directory: 'cp', keys: 'k' },
      storeId: 'denver',
    });
    expect(parseAuditArgs(['verify', '--database-url', 'postgres://x', '--schema', 's2'], env)).toMatchObject({
      store: { kind: 'postgres', databaseUrl: 'postgres://x', schema: 's2' },
    });
  });

  it('--esdb (or EVENT_STORE=esdb with ESDB_CONNECTION_STRING) audits EventStoreDB: no database URL needed', () => {
    const esdb = 'esdb://admin:changeit@es1:2113?tls=false';
    expect(parseAuditArgs(['verify', '--esdb', esdb], {})).toMatchObject({
      store: { kind: 'esdb', connectionString: esdb },
    });
    expect(
      parseAuditArgs(['checkpoint', '--key', 'k.pem', '--out', 'cp'], {
        EVENT_STORE: 'esdb',
        ESDB_CONNECTION_STRING: esdb,
        EVENT_STORE_ID: 'prod',
      }),
    ).toMatchObject({ store: { kind: 'esdb', connectionString: esdb }, storeId: 'prod' });
    // EVENT_STORE=esdb without the server's address is an error, not an audit of PostgreSQL instead.
    expect(() => parseAuditArgs(['verify'], { ...env, EVENT_STORE: 'esdb' })).toThrow(
      'EVENT_STORE=esdb needs ESDB_CONNECTION_STRING (or --esdb URL)',
    );
    // ESDB_CONNECTION_STRING alone does not switch the store: EVENT_STORE says which, as for the services.
    expect(parseAuditArgs(['verify'], { ...env, ESDB_CONNECTION_STRING: esdb })).toMatchObject({
      store: { kind: 'postgres' },
    });
    expect(() => parseAuditArgs(['verify', '--esdb', 'http://es1:2113', '--schema', 's'], {})).toThrow(
      new UsageError(
        [
          '--schema names a PostgreSQL store; it does not go with --esdb',
          '--esdb (or ESDB_CONNECTION_STRING) must be esdb://[user:password@]host[:port][,host…][?option=value&…] or ' +
            'esdb+discover://…, with @ : / percent-encoded in the user name and password',
        ].join('\n'),
      ),
    );
  });

  it('checkpoint leaves out the prefixes given, else AUDIT_CHECKPOINT_EXCLUDED_PREFIXES, else the blind index', () => {
    const args = ['checkpoint', '--key', 'k.pem', '--out', 'cp'];
    expect(parseAuditArgs([...args, '--exclude-prefix', 'a-', '--exclude-prefix', 'b-'], env)).toMatchObject({
      excludedPrefixes: ['a-', 'b-'],
    });
    const fromEnv = { ...env, AUDIT_CHECKPOINT_EXCLUDED_PREFIXES: 'x-, y-' };
    expect(parseAuditArgs(args, fromEnv)).toMatchObject({ excludedPrefixes: ['x-', 'y-'] });
    expect(parseAuditArgs(args, { ...env, AUDIT_CHECKPOINT_EXCLUDED_PREFIXES: '' })).toMatchObject({
      excludedPrefixes: [],
    });
    expect(() => parseAuditArgs(['verify', '--exclude-prefix', 'a-'], env)).toThrow(
      '--exclude-prefix does not apply to lead-audit verify',
    );
  });

  it('checkpoint signs the store id given, else EVENT_STORE_ID, else the schema name', () => {
    const args = ['checkpoint', '--key', 'k.pem', '--out', 'cp'];
    expect(parseAuditArgs(args, { ...env, EVENT_STORE_SCHEMA: 'es' })).toEqual({
      command: 'checkpoint',
      store: { kind: 'postgres', databaseUrl: env.DATABASE_URL, schema: 'es' },
      schema: 'es',
      json: false,
      keyFile: 'k.pem',
      out: 'cp',
      storeId: 'es',
      excludedPrefixes: ['participantmatch-'],
    });
    expect(parseAuditArgs(args, { ...env, EVENT_STORE_ID: 'denver' })).toMatchObject({ storeId: 'denver' });
    expect(parseAuditArgs([...args, '--store-id', 'x', '--key-id', 'k1'], env)).toMatchObject({
      storeId: 'x',
      keyId: 'k1',
    });
  });

  it('names every problem at once', () => {
    expect(() => parseAuditArgs(['checkpoint', '--schema', 'Bad-Name', '--keys', 'k'], {})).toThrow(
      new UsageError(
        [
          '--database-url (or DATABASE_URL) is required',
          '--schema Bad-Name is not a schema name (lower-case letters, digits and _)',
          '--key FILE (the ed25519 private key) is required',
          '--out DIR is required',
          '--keys does not apply to lead-audit checkpoint',
        ].join('\n'),
      ),
    );
    expect(() => parseAuditArgs(['verify', '--keys', 'k', '--out', 'o'], env)).toThrow(
      /--checkpoints and --keys go together\n--out does not apply to lead-audit verify/,
    );
  });

  it('refuses unknown commands, options and extra arguments', () => {
    expect(() => parseAuditArgs([], env)).toThrow(/a command is required/);
    expect(() => parseAuditArgs(['repair'], env)).toThrow(/unknown command repair/);
    expect(() => parseAuditArgs(['verify', '--force'], env)).toThrow(UsageError);
    expect(() => parseAuditArgs(['verify', 'now'], env)).toThrow(/unexpected argument now/);
  });
});
