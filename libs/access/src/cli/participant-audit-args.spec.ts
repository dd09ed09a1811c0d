import { randomUUID } from 'node:crypto';
import { commandOf, LEAD_AUDIT_USAGE, parseParticipantAuditArgs, UsageError } from './participant-audit-args.js';

const env = { DATABASE_URL: 'postgres://u@h/db' };
const id = randomUUID();
const auditor = ['--auditor', 'auditor-1', '--agency', 'OIG'];

describe('lead-audit journey and access arguments', () => {
  it('journey: the participant, the auditor, the defaults (every jurisdiction, no purpose, now)', () => {
    expect(parseParticipantAuditArgs(['journey', id.toUpperCase(), ...auditor], env)).toEqual({
      command: 'journey',
      participantId: id,
      jurisdictions: null,
      auditor: { subject: 'auditor-1', agency: 'OIG' },
      purpose: null,
      asOf: null,
      json: false,
      store: { kind: 'postgres', databaseUrl: env.DATABASE_URL, schema: 'event_store' },
      databaseUrl: env.DATABASE_URL,
    });
    expect(
      parseParticipantAuditArgs(
        [
          'journey',
          id,
          ...auditor,
          '--as-of',
          '2026-12-01T09:00:00+01:00',
          '--jurisdiction',
          'denver',
          '--jurisdiction',
          'denver',
          '--purpose',
          'audit',
          '--key-store-schema',
          'keys',
          '--json',
        ],
        { ...env, EVENT_STORE_SCHEMA: 'es' },
      ),
    ).toMatchObject({
      asOf: new Date('2026-12-01T08:00:00Z'),
      jurisdictions: ['denver'],
      purpose: 'audit',
      keyStoreSchema: 'keys',
      json: true,
      store: { kind: 'postgres', schema: 'es' },
    });
  });

  it('reads EventStoreDB with --esdb; the key store of --purpose audit still needs the PostgreSQL database', () => {
    const esdb = 'esdb://es1:2113?tls=false';
    expect(parseParticipantAuditArgs(['access', id, ...auditor, '--esdb', esdb], {})).toMatchObject({
      store: { kind: 'esdb', connectionString: esdb },
    });
    expect(() =>
      parseParticipantAuditArgs(['journey', id, ...auditor, '--purpose', 'audit'], {
        EVENT_STORE: 'esdb',
        ESDB_CONNECTION_STRING: esdb,
      }),
    ).toThrow('--purpose audit opens the key store in PostgreSQL: --database-url (or DATABASE_URL) is required');
    expect(
      parseParticipantAuditArgs(['journey', id, ...auditor, '--purpose', 'audit', '--esdb', esdb], env),
    ).toMatchObject({ store: { kind: 'esdb' }, databaseUrl: env.DATABASE_URL });
  });

  it('names every problem at once', () => {
    const problems = () => parseParticipantAuditArgs(['access', 'nope', '--as-of', 'today', '--purpose', 'x'], {});
    expect(problems).toThrow(UsageError);
    expect(problems).toThrow(
      /nope is not a participant id[\s\S]*--auditor[\s\S]*--agency[\s\S]*--purpose[\s\S]*--as-of today is not an instant[\s\S]*--database-url[\s\S]*--as-of does not apply/,
    );
    expect(() => parseParticipantAuditArgs(['journey', id, ...auditor, '--as-of', '2026-12-01T09:00'], env)).toThrow(
      'is not an instant',
    );
  });

  it('the command is the first positional, after the values of options', () => {
    const strings = new Set(['schema', 'database-url']);
    expect(commandOf(['--schema', 'journey', 'verify'], strings)).toBe('verify');
    expect(commandOf(['--json', 'access', id], strings)).toBe('access');
    expect(commandOf(['--schema=x', 'journey'], strings)).toBe('journey');
    expect(commandOf(['--help'], strings)).toBeUndefined();
  });

  it('the usage lists every command', () => {
    for (const command of ['journey', 'access', 'verify', 'checkpoint'])
      expect(LEAD_AUDIT_USAGE).toContain(`lead-audit ${command}`);
  });
});
