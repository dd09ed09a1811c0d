import { IsBoolean, IsInt } from 'class-validator';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';
import { ServiceConfig } from './service-config.js';

class ExampleConfig extends ServiceConfig {
  override HTTP_PORT = 3001;

  @IsInt()
  BATCH_SIZE = 100;

  @IsBoolean()
  AUDIT_READS = false;
}

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the declared defaults when the environment is empty', () => {
    const config = loadConfig(ExampleConfig, {});
    expect(config).toMatchObject({
      HTTP_PORT: 3001,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
      LOG_LEVEL: 'info',
      EVENT_STORE: 'postgres',
      EVENT_STORE_SCHEMA: 'event_store',
      BUS: 'embedded',
      BATCH_SIZE: 100,
      AUDIT_READS: false,
    });
    expect(config).toBeInstanceOf(ExampleConfig);
  });

  it('reads and converts values from the environment, ignoring unrelated variables', () => {
    const config = loadConfig(ExampleConfig, {
      HTTP_PORT: ' 8080 ',
      DATABASE_URL: 'postgresql://app:secret@db.internal:6543/lead',
      LOG_LEVEL: 'debug',
      BUS: 'kafka',
      BATCH_SIZE: '25',
      AUDIT_READS: 'true',
      PATH: '/usr/bin',
      DATABASE_SCHEMA: '',
    });
    expect(config).toMatchObject({
      HTTP_PORT: 8080,
      LOG_LEVEL: 'debug',
      BUS: 'kafka',
      BATCH_SIZE: 25,
      AUDIT_READS: true,
    });
    expect(config.DATABASE_SCHEMA).toBeUndefined();
    expect(config).not.toHaveProperty('PATH');
  });

  it('names every bad setting in one error', () => {
    const error = configError(() =>
      loadConfig(
        ExampleConfig,
        { HTTP_PORT: 'eighty', DATABASE_URL: 'mysql://localhost/x', LOG_LEVEL: 'loud', AUDIT_READS: 'yes' },
        'referrals',
      ),
    );
    expect(error.invalidSettings.map((s) => s.setting).sort()).toEqual([
      'AUDIT_READS',
      'DATABASE_URL',
      'HTTP_PORT',
      'LOG_LEVEL',
    ]);
    expect(error.message).toContain('Invalid configuration for referrals');
    expect(error.message).toMatch(/- HTTP_PORT must be an integer between 1 and 65535\n/);
    expect(error.message).toMatch(/- DATABASE_URL must be a postgres:\/\//);
    expect(error.message).toMatch(/- LOG_LEVEL must be one of: fatal, error, warn, info, debug, trace, silent/);
  });

  it('rejects a port out of range', () => {
    expect(() => loadConfig(ExampleConfig, { HTTP_PORT: '70000' })).toThrow(
      /HTTP_PORT must be an integer between 1 and 65535/,
    );
    expect(() => loadConfig(ExampleConfig, { HTTP_PORT: '0' })).toThrow(
      /HTTP_PORT must be an integer between 1 and 65535/,
    );
  });

  it('requires a port when the service declares no default', () => {
    expect(() => loadConfig(ServiceConfig, {})).toThrow(/HTTP_PORT/);
  });

  it('requires ESDB_CONNECTION_STRING only when EVENT_STORE=esdb', () => {
    expect(() => loadConfig(ExampleConfig, { EVENT_STORE: 'esdb' })).toThrow(
      /ESDB_CONNECTION_STRING is required when EVENT_STORE=esdb/,
    );
    expect(
      loadConfig(ExampleConfig, { EVENT_STORE: 'esdb', ESDB_CONNECTION_STRING: 'esdb://localhost:2113?tls=false' })
        .EVENT_STORE,
    ).toBe('esdb');
    expect(() => loadConfig(ExampleConfig, { EVENT_STORE: 'mongo' })).toThrow(
      /EVENT_STORE must be one of: postgres, esdb/,
    );
  });

  it('rejects schema names that would need quoting', () => {
    expect(() => loadConfig(ExampleConfig, { DATABASE_SCHEMA: 'Referrals; drop' })).toThrow(
      /DATABASE_SCHEMA must be a lower-case PostgreSQL identifier/,
    );
  });

  it('keeps idempotency keys 24 hours unless IDEMPOTENCY_KEY_RETENTION_HOURS says otherwise', () => {
    expect(loadConfig(ExampleConfig, {}).IDEMPOTENCY_KEY_RETENTION_HOURS).toBe(24);
    expect(loadConfig(ExampleConfig, { IDEMPOTENCY_KEY_RETENTION_HOURS: '72' }).IDEMPOTENCY_KEY_RETENTION_HOURS).toBe(
      72,
    );
    for (const bad of ['0', '-1', '1.5', '8761', 'a day']) {
      expect(() => loadConfig(ExampleConfig, { IDEMPOTENCY_KEY_RETENTION_HOURS: bad })).toThrow(
        /- IDEMPOTENCY_KEY_RETENTION_HOURS must be an integer between 1 and 8760 \(hours\)/,
      );
    }
  });

  it('accepts only checkpoint exclusions the checkpoint contract can publish', () => {
    for (const good of ['participantmatch-', 'a-, b_.x', ''])
      expect(loadConfig(ExampleConfig, { AUDIT_CHECKPOINT_EXCLUDED_PREFIXES: good })).toBeDefined();
    for (const bad of ['erased:', 'a b', 'a-,,b-'])
      expect(() => loadConfig(ExampleConfig, { AUDIT_CHECKPOINT_EXCLUDED_PREFIXES: bad })).toThrow(
        /AUDIT_CHECKPOINT_EXCLUDED_PREFIXES must be comma-separated prefixes/,
      );
  });

  it('never echoes the rejected value, which may be a secret', () => {
    const error = configError(() => loadConfig(ExampleConfig, { DATABASE_URL: 'https://user:hunter2@example.org' }));
    expect(error.message).not.toContain('hunter2');
  });
});
