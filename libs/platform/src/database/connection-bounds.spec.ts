import { loadConfig } from '../config/load-config.js';
import { ServiceConfig } from '../config/service-config.js';
import { connectionBoundOptions, connectionBoundsFromEnv, DEFAULT_CONNECTION_BOUNDS } from './connection-bounds.js';
import { connectionBoundsOf } from './database-pool.js';

class ExampleConfig extends ServiceConfig {
  override HTTP_PORT = 3001;
}

describe('connection bounds', () => {
  it('default to 10 s idle in a transaction, 30 s per statement and no lock timeout', () => {
    expect(DEFAULT_CONNECTION_BOUNDS).toEqual({ idleInTransactionMs: 10_000, statementMs: 30_000, lockMs: 0 });
    expect(connectionBoundsOf(loadConfig(ExampleConfig, {}))).toEqual(DEFAULT_CONNECTION_BOUNDS);
    expect(connectionBoundsFromEnv({})).toEqual(DEFAULT_CONNECTION_BOUNDS);
  });

  it('are read from DATABASE_IDLE_IN_TX_TIMEOUT_MS, DATABASE_STATEMENT_TIMEOUT_MS and DATABASE_LOCK_TIMEOUT_MS', () => {
    const env = {
      DATABASE_IDLE_IN_TX_TIMEOUT_MS: '5000',
      DATABASE_STATEMENT_TIMEOUT_MS: '0',
      DATABASE_LOCK_TIMEOUT_MS: '2000',
    };
    const expected = { idleInTransactionMs: 5000, statementMs: 0, lockMs: 2000 };
    expect(connectionBoundsOf(loadConfig(ExampleConfig, env))).toEqual(expected);
    expect(connectionBoundsFromEnv(env)).toEqual(expected);
  });

  it('refuse what is not a whole number of milliseconds up to a day, naming the setting', () => {
    for (const bad of ['-1', '1.5', 'ten', '86400001']) {
      expect(() => loadConfig(ExampleConfig, { DATABASE_STATEMENT_TIMEOUT_MS: bad })).toThrow(
        /- DATABASE_STATEMENT_TIMEOUT_MS must be an integer between 0 and 86400000/,
      );
      expect(() => connectionBoundsFromEnv({ DATABASE_IDLE_IN_TX_TIMEOUT_MS: bad })).toThrow(
        /DATABASE_IDLE_IN_TX_TIMEOUT_MS must be an integer between 0 and 86400000/,
      );
    }
  });

  it("become pg's connection options (0 is sent as nothing: the server's setting)", () => {
    expect(connectionBoundOptions({ idleInTransactionMs: 10_000, statementMs: 30_000, lockMs: 0 })).toEqual({
      idle_in_transaction_session_timeout: 10_000,
      statement_timeout: 30_000,
      lock_timeout: 0,
    });
  });

  it('the fence watch samples every 5 s and degrades /ready after 10 s by default; 0 turns it off', () => {
    expect(loadConfig(ExampleConfig, {})).toMatchObject({
      EVENT_STORE_FENCE_WATCH_MS: 5000,
      EVENT_STORE_FENCE_DEGRADED_MS: 10_000,
    });
    expect(loadConfig(ExampleConfig, { EVENT_STORE_FENCE_WATCH_MS: '0' }).EVENT_STORE_FENCE_WATCH_MS).toBe(0);
    for (const bad of ['50', 'often', '3600001'])
      expect(() => loadConfig(ExampleConfig, { EVENT_STORE_FENCE_WATCH_MS: bad })).toThrow(
        /- EVENT_STORE_FENCE_WATCH_MS must be 0 \(no watch\) or an integer between 100 and 3600000/,
      );
    expect(() => loadConfig(ExampleConfig, { EVENT_STORE_FENCE_DEGRADED_MS: '10' })).toThrow(
      /- EVENT_STORE_FENCE_DEGRADED_MS must be an integer between 100 and 86400000/,
    );
  });
});
