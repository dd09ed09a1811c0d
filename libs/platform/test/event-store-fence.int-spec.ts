import { newEventId, type EventStore } from '@lead/event-store';
import { eventually, startTestService, type TestService } from '@lead/testing';
import pg from 'pg';
import { EVENT_STORE } from '../src/event-store/event-store.provider.js';
import { FENCE_HELD_GAUGE } from '../src/event-store/fence-monitor.js';
import { ownCluster, type OwnCluster } from './support/own-cluster.js';

interface ReadyBody {
  status: string;
  degraded?: Record<string, { worker: string; seconds: number; reason: string; detail?: Record<string, unknown> }[]>;
}

/**
 * Issue 11, defect 4: one forgotten transaction anywhere in the cluster stalls every `$all` reader without limit.
 * The stall is now measured (`lead_event_store_fence_held_seconds`) and `/ready` names who holds it.
 *
 * On a cluster of this file's own: the transaction held open here would stall every other test file's `$all`
 * readers on a shared one (see support/own-cluster.ts). The held window is a second or two.
 */
describe('the xid fence held by a transaction in another database', () => {
  let cluster: OwnCluster;
  let service: TestService;
  let otherDatabaseUrl: string;
  let otherDatabase: string;

  beforeAll(async () => {
    cluster = await ownCluster();
    otherDatabaseUrl = cluster.url;
    if (cluster.own) {
      // Not the event store's database: the fence is the cluster's, every database's transactions count.
      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      await admin.query('CREATE DATABASE unrelated_app');
      await admin.end();
      const url = new URL(cluster.url);
      url.pathname = '/unrelated_app';
      otherDatabaseUrl = url.toString();
    }
    otherDatabase = new URL(otherDatabaseUrl).pathname.slice(1);
    service = await startTestService({
      env: {
        DATABASE_URL: cluster.url,
        EVENT_STORE_FENCE_WATCH_MS: '100',
        EVENT_STORE_FENCE_DEGRADED_MS: '1000',
      },
    });
  });
  afterAll(async () => {
    await service?.close();
    await cluster?.stop();
  });

  const ready = async () => {
    const response = await fetch(`${service.url}/ready`);
    return { status: response.status, body: (await response.json()) as ReadyBody };
  };
  const gauge = async (): Promise<number | undefined> => {
    const text = await (await fetch(`${service.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${FENCE_HELD_GAUGE}{`));
    return line === undefined ? undefined : Number(line.split(' ').pop());
  };
  const appendProbe = async (store: EventStore) => {
    const streamId = `probe-${crypto.randomUUID()}`;
    await store.appendToStream(
      streamId,
      [{ eventId: newEventId(), type: 'Probe', schemaVersion: 1, data: {}, metadata: { correlationId: 'fence' } }],
      'no_stream',
    );
    return streamId;
  };
  const readAllHas = async (store: EventStore, streamId: string) =>
    (await store.readAll({ maxCount: 10_000 })).some((event) => event.streamId === streamId);

  it('raises the gauge, turns /ready degraded with the holder (pid, database, state, age, no query), then clears', async () => {
    const store = service.app.get<EventStore>(EVENT_STORE);
    await eventually(gauge, (value) => value === 0, 'the fence gauge at 0 with nothing open');
    expect(await ready()).toMatchObject({ status: 200, body: { status: 'ok' } });

    const holder = new pg.Client({ connectionString: otherDatabaseUrl, application_name: 'forgotten-report' });
    await holder.connect();
    let open = true;
    try {
      await holder.query('BEGIN');
      const { rows } = await holder.query<{ pid: number }>(
        'SELECT pg_current_xact_id() AS "confidential_query_text_4711", pg_backend_pid() AS pid',
      );
      const pid = rows[0].pid;

      // Nothing is skipped, everything waits: an event appended now is stored but not readable through $all.
      const streamId = await appendProbe(store);
      expect(await store.readStream(streamId)).toHaveLength(1);
      expect(await readAllHas(store, streamId)).toBe(false);

      const degraded = await eventually(
        ready,
        (r) => r.body.status === 'degraded',
        '/ready degraded by the open transaction',
        10_000,
        100,
      );
      expect(degraded.status).toBe(200);
      const [fence] = degraded.body.degraded!['event-store'];
      expect(fence).toMatchObject({
        worker: 'event-store:fence',
        seconds: expect.any(Number),
        detail: { pid, database: otherDatabase, state: 'idle in transaction', seconds: expect.any(Number) },
      });
      expect(fence.seconds).toBeGreaterThanOrEqual(1);
      expect(fence.reason).toContain(`pid ${pid}`);
      expect(fence.reason).toContain(`"${otherDatabase}"`);
      expect(JSON.stringify(degraded.body)).not.toMatch(/confidential_query_text_4711|pg_current_xact_id/);
      expect(await gauge()).toBeGreaterThanOrEqual(1);
      const warned = service.logs.lines.find((line) => line.component === 'event-store-fence' && line.level === 'warn');
      expect(warned).toMatchObject({ fence: { pid, database: otherDatabase } });
      expect(JSON.stringify(service.logs.lines)).not.toMatch(/confidential_query_text_4711/);

      // A transaction that rolls back held the fence all the same; once it ends, $all moves on and passes the event.
      await holder.query('ROLLBACK');
      open = false;
      await eventually(ready, (r) => r.body.status === 'ok', '/ready ok again', 10_000, 100);
      expect((await ready()).body.degraded).toBeUndefined();
      expect(await eventually(gauge, (value) => value === 0, 'the fence gauge back at 0')).toBe(0);
      expect(await readAllHas(store, streamId)).toBe(true);
    } finally {
      if (open) await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    }
  });
});
