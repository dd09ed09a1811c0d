import { loadConfig, PlatformMetrics } from '@lead/platform';
import { ManualScheduler } from '@lead/testing';
import { Inbox, MessagingConfig, MessagingRuntime, SILENT_LOGGER } from '../src/index.js';
import { testDatabase, type TestDatabase } from './support/test-database.js';

/** Rows are aged with SQL (handled_at in the past), never by waiting; the sweep's runs are fired by hand. */
describe('Inbox retention', () => {
  let db: TestDatabase;
  let inbox: Inbox;
  let table: string;

  const row = (group: string, messageId: string, age: string) =>
    db.pool.query(
      `INSERT INTO ${table} (consumer_group, message_id, topic, handled_at) VALUES ($1, $2, 't', now() - $3::interval)`,
      [group, messageId, age],
    );
  const ids = async () =>
    (
      await db.pool.query<{ id: string }>(`SELECT consumer_group || '/' || message_id AS id FROM ${table} ORDER BY 1`)
    ).rows.map((r) => r.id);

  function runtime(env: Record<string, string> = {}) {
    const scheduler = new ManualScheduler();
    const metrics = new PlatformMetrics('inbox-retention-test');
    const messaging = new MessagingRuntime({
      serviceName: 'inbox-retention-test',
      config: loadConfig(MessagingConfig, { BUS: 'embedded', ...env }),
      pool: db.pool,
      schema: db.serviceSchema,
      store: db.store,
      consumers: [],
      logger: SILENT_LOGGER,
      metrics,
      inboxRetention: { scheduler: scheduler.schedule },
    });
    return { messaging, scheduler, metrics };
  }

  beforeAll(async () => {
    db = await testDatabase('inbox_retention');
    inbox = new Inbox(db.pool, db.serviceSchema);
    table = `"${db.serviceSchema}".inbox`;
  });
  afterAll(() => db.close());
  beforeEach(() => db.pool.query(`TRUNCATE ${table}`));

  it('has an index on handled_at (migration 1002)', async () => {
    const { rows } = await db.pool.query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = 'inbox_handled_at'`,
      [db.serviceSchema],
    );
    expect(rows.map((r) => r.indexdef)).toEqual([expect.stringMatching(/\(handled_at\)$/)]);
  });

  it('the runtime sweeps rows handled more than INBOX_RETENTION_DAYS (30) ago, of every group, keeping the rest', async () => {
    await row('lead.case-management', 'm-old', '31 days');
    await row('lead.reporting', 'm-old', '40 days');
    await row('lead.reporting', 'm-29d', '29 days');
    await row('lead.case-management', 'm-new', '1 minute');
    const { messaging, scheduler, metrics } = runtime();
    await messaging.start();
    try {
      expect(scheduler.pending).toBeDefined();
      await scheduler.fire();
      expect(await ids()).toEqual(['lead.case-management/m-new', 'lead.reporting/m-29d']);
      expect(await metrics.registry.metrics()).toMatch(/lead_retention_deleted_rows_total\{sweep="inbox"[^}]*\} 2/);
      expect(scheduler.pending).toBeDefined(); // the next run
    } finally {
      await messaging.stop();
    }
  });

  it('follows INBOX_RETENTION_DAYS', async () => {
    await row('g', 'm-8d', '8 days');
    await row('g', 'm-6d', '6 days');
    const { messaging } = runtime({ INBOX_RETENTION_DAYS: '7' });
    await messaging.start();
    try {
      expect(await messaging.inboxRetention!.runOnce()).toEqual({ outcome: 'swept', removed: 1, batches: 1 });
      expect(await ids()).toEqual(['g/m-6d']);
    } finally {
      await messaging.stop();
    }
  });

  it('deletes in batches of 1000 until the old rows are gone', async () => {
    await db.pool.query(
      `INSERT INTO ${table} (consumer_group, message_id, topic, handled_at)
       SELECT 'g', 'old-' || n, 't', now() - interval '60 days' FROM generate_series(1, 2500) n`,
    );
    await row('g', 'recent', '1 day');
    const { messaging } = runtime();
    await messaging.start();
    try {
      expect(await messaging.inboxRetention!.runOnce()).toEqual({ outcome: 'swept', removed: 2500, batches: 3 });
      expect(await ids()).toEqual(['g/recent']);
    } finally {
      await messaging.stop();
    }
  });

  it('concurrent batches delete each row once', async () => {
    await db.pool.query(
      `INSERT INTO ${table} (consumer_group, message_id, topic, handled_at)
       SELECT 'g', 'old-' || n, 't', now() - interval '60 days' FROM generate_series(1, 1000) n`,
    );
    let removed = 0;
    for (;;) {
      const batches = await Promise.all([1, 2, 3, 4].map(() => inbox.deleteExpired(30, 50)));
      removed += batches.reduce((sum, n) => sum + n, 0);
      if (batches.every((n) => n === 0)) break;
    }
    expect(removed).toBe(1000);
    expect(await ids()).toEqual([]);
  });

  it('stops with the runtime', async () => {
    const { messaging, scheduler } = runtime();
    await messaging.start();
    await messaging.stop();
    expect(scheduler.pending).toBeUndefined();
    expect(await messaging.inboxRetention!.runOnce()).toEqual({ outcome: 'stopped' });
  });

  it('forgets a swept message: a redelivery after the retention is handled again (why it must exceed replays)', async () => {
    expect(await inbox.run('g', 'm-1', 't', async () => 'first')).toEqual({ duplicate: false, result: 'first' });
    await db.pool.query(`UPDATE ${table} SET handled_at = now() - interval '31 days'`);
    expect(await inbox.deleteExpired(30, 1000)).toBe(1);
    expect(await inbox.run('g', 'm-1', 't', async () => 'again')).toEqual({ duplicate: false, result: 'again' });
  });
});
