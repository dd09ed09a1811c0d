import { eventually, LogCapture } from '@lead/testing';
import type { FactoryProvider } from '@nestjs/common';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/load-config.js';
import { ServiceConfig } from '../src/config/service-config.js';
import { createDatabasePool } from '../src/database/database-pool.js';
import { readModelDataSourceProvider } from '../src/database/read-model-data-source.js';
import { ShutdownRegistry } from '../src/lifecycle/shutdown-registry.js';
import { PostgresLease } from '../src/lifecycle/postgres-lease.js';
import { createLogger } from '../src/logging/create-logger.js';
import { ownCluster, type OwnCluster } from './support/own-cluster.js';

class BoundedConfig extends ServiceConfig {
  override HTTP_PORT = 3999;
}

/**
 * The project's own sessions are bounded by the server: a transaction a service leaves open is ended after
 * DATABASE_IDLE_IN_TX_TIMEOUT_MS instead of holding the event store's xid fence (every `$all` reader of the cluster)
 * for as long as the process lives. On a cluster of this file's own: the transactions left open here hold the
 * fence for a moment (see support/own-cluster.ts).
 */
describe("the service pool's connection bounds", () => {
  let cluster: OwnCluster;
  let admin: pg.Client;
  const logs = new LogCapture();
  const logger = createLogger({ serviceName: 'bounds-test', level: 'debug', destination: logs });

  beforeAll(async () => {
    cluster = await ownCluster();
    admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await cluster?.stop();
  });

  const poolWith = (env: Record<string, string>) =>
    createDatabasePool(loadConfig(BoundedConfig, { DATABASE_URL: cluster.url, ...env }), 'bounds-test', logger);

  interface Queryable {
    query<Row extends pg.QueryResultRow>(text: string): Promise<pg.QueryResult<Row>>;
  }
  const settingsOf = async (db: Queryable) =>
    (
      await db.query<{ idle: string; statement: string; lock: string }>(
        `SELECT current_setting('idle_in_transaction_session_timeout') AS idle,
                current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock`,
      )
    ).rows[0];

  it('defaults: 10 s idle in a transaction, 30 s per statement, no lock timeout of its own', async () => {
    const pool = poolWith({});
    try {
      expect(await settingsOf(pool)).toEqual({ idle: '10s', statement: '30s', lock: '0' });
    } finally {
      await pool.end();
    }
  });

  it('the server terminates a pooled session left idle in a transaction; the process lives and logs it', async () => {
    const pool = poolWith({ DATABASE_IDLE_IN_TX_TIMEOUT_MS: '300' });
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ pid: number }>('SELECT pg_current_xact_id(), pg_backend_pid() AS pid');
      const pid = rows[0].pid;
      // Forgotten: nothing more is sent. The server ends the session, and with it the transaction and the fence.
      await eventually(
        async () => (await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount,
        (count) => count === 0,
        'the idle transaction terminated by the server',
        5000,
        50,
      );
      await expect(client.query('SELECT 1')).rejects.toThrow(/not queryable|terminat/);
      expect(
        logs.lines.some(
          (line) =>
            line.level === 'warn' && /idle in a transaction past DATABASE_IDLE_IN_TX_TIMEOUT_MS/.test(line.msg ?? ''),
        ),
      ).toBe(true);
    } finally {
      client.release(true);
    }
    // The pool goes on with fresh sessions.
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows[0].one).toBe(1);
    await pool.end();
  });

  it('cancels a statement that runs longer than DATABASE_STATEMENT_TIMEOUT_MS', async () => {
    const pool = poolWith({ DATABASE_STATEMENT_TIMEOUT_MS: '300' });
    try {
      const started = Date.now();
      await expect(pool.query('SELECT pg_sleep(5)')).rejects.toMatchObject({ code: '57014' });
      expect(Date.now() - started).toBeLessThan(4000);
    } finally {
      await pool.end();
    }
  });

  it('a lease session and a LISTEN connection carry the bounds and outlive them: neither is a transaction', async () => {
    const pool = poolWith({ DATABASE_IDLE_IN_TX_TIMEOUT_MS: '300', DATABASE_STATEMENT_TIMEOUT_MS: '300' });
    const lease = await PostgresLease.acquire(pool.options, 'bounds-test');
    const listener = new pg.Client(pool.options);
    try {
      expect(await settingsOf(lease)).toMatchObject({ idle: '300ms', statement: '300ms' });
      await listener.connect();
      expect(await settingsOf(listener)).toMatchObject({ idle: '300ms', statement: '300ms' });
      const heard: string[] = [];
      listener.on('notification', (message) => heard.push(message.payload ?? ''));
      await listener.query('LISTEN bounds_test');

      await new Promise((resolve) => setTimeout(resolve, 1000));

      expect(lease.held).toBe(true);
      expect((await lease.query<{ one: number }>('SELECT 1 AS one')).rows[0].one).toBe(1);
      await pool.query("NOTIFY bounds_test, 'still listening'");
      await eventually(
        () => heard,
        (payloads) => payloads.includes('still listening'),
        'the notification',
        5000,
      );
    } finally {
      await listener.end();
      await lease.release();
      await pool.end();
    }
  });

  it("the read models' data source (its own TypeORM pool) carries the service's bounds", async () => {
    const config = loadConfig(BoundedConfig, {
      DATABASE_URL: cluster.url,
      DATABASE_IDLE_IN_TX_TIMEOUT_MS: '1234',
      DATABASE_STATEMENT_TIMEOUT_MS: '4321',
    });
    const pool = createDatabasePool(config, 'bounds-test', logger);
    await pool.query('CREATE SCHEMA IF NOT EXISTS bounds_read_models');
    const shutdown = new ShutdownRegistry();
    const provider = readModelDataSourceProvider({ component: 'bounds-test', migrations: [], entities: [] });
    const dataSource: DataSource = await (provider as FactoryProvider<Promise<DataSource>>).useFactory(
      config,
      pool,
      'bounds_read_models',
      { serviceName: 'bounds-test', schema: 'bounds_read_models', config: BoundedConfig },
      shutdown,
      logger,
    );
    try {
      const [row] = await dataSource.query(
        `SELECT current_setting('idle_in_transaction_session_timeout') AS idle,
                current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock`,
      );
      expect(row).toEqual({ idle: '1234ms', statement: '4321ms', lock: '0' });
    } finally {
      await shutdown.closeResources();
      await pool.end();
    }
  });
});
