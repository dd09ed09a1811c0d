import { Body, Controller, Post } from '@nestjs/common';
import { IsString } from 'class-validator';
import pg from 'pg';
import { DATABASE_POOL } from '../../database/database-pool.js';
import { startTestService, type TestService } from '@lead/testing';
import { IdempotencyKeyRetention } from './idempotency-retention.js';
import { IdempotencyStore } from './idempotency-store.js';

class NoteDto {
  @IsString() text!: string;
}

@Controller({ path: 'notes', version: '1' })
class NoteController {
  runs = 0;

  @Post()
  write(@Body() body: NoteDto) {
    return { text: body.text, run: ++this.runs };
  }
}

/** Keys are aged with SQL (created_at in the past), never by waiting; the sweep is run by hand. */
describe('Idempotency key retention', () => {
  let service: TestService;
  let pool: pg.Pool;
  let table: string;

  const keyRow = (scope: string, key: string, age: string, completed: boolean) =>
    pool.query(
      `INSERT INTO ${table} (scope, key, request_hash, status, response, created_at, completed_at)
       VALUES ($1, $2, 'h', $3, $4, now() - $5::interval, $6)`,
      [scope, key, completed ? 201 : null, completed ? '{}' : null, age, completed ? new Date() : null],
    );
  const keys = async () =>
    (await pool.query<{ key: string }>(`SELECT key FROM ${table} ORDER BY key`)).rows.map((row) => row.key);
  const post = (key: string, text: string) =>
    fetch(`${service.url}/v1/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ text }),
    });
  const retention = () => service.app.get(IdempotencyKeyRetention).sweep;

  beforeAll(async () => {
    service = await startTestService({ controllers: [NoteController] });
    pool = service.app.get<pg.Pool>(DATABASE_POOL);
    table = `"${service.serviceSchema}".idempotency_keys`;
  });
  afterAll(() => service?.close());
  beforeEach(() => pool.query(`TRUNCATE ${table}`));

  it('removes completed keys and abandoned reservations older than the retention (24 h), keeps the rest', async () => {
    await keyRow('anonymous', 'completed-25h', '25 hours', true);
    await keyRow('someone', 'abandoned-25h', '25 hours', false);
    await keyRow('anonymous', 'completed-23h', '23 hours', true);
    await keyRow('anonymous', 'in-flight-now', '0 seconds', false);
    await keyRow('anonymous', 'abandoned-2min', '2 minutes', false);

    expect(await retention().runOnce()).toEqual({ outcome: 'swept', removed: 2, batches: 1 });
    expect(await keys()).toEqual(['abandoned-2min', 'completed-23h', 'in-flight-now']);

    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/lead_retention_deleted_rows_total\{sweep="idempotency_keys"[^}]*\} 2/);
    expect(service.logs.lines).toContainEqual(
      expect.objectContaining({ level: 'info', sweep: 'idempotency_keys', removed: 2, component: 'retention' }),
    );
  });

  it('forgets a swept key: a retry after the retention runs as a new request', async () => {
    const first = await post('note-1', 'hello');
    expect(await first.json()).toMatchObject({ run: expect.any(Number) });
    const replay = await post('note-1', 'hello');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');

    await pool.query(`UPDATE ${table} SET created_at = created_at - interval '25 hours' WHERE key = 'note-1'`);
    await retention().runOnce();
    const after = await post('note-1', 'something else');
    expect(after.status).toBe(201);
    expect(after.headers.get('idempotent-replayed')).toBeNull();
    expect(await after.json()).toMatchObject({ text: 'something else' });
  });

  it('loops over batches of 1000 until the old keys are gone', async () => {
    await pool.query(
      `INSERT INTO ${table} (scope, key, request_hash, status, response, created_at)
       SELECT 'anonymous', 'old-' || n, 'h', 201, '{}', now() - interval '2 days' FROM generate_series(1, 2345) n`,
    );
    await keyRow('anonymous', 'recent', '1 hour', true);
    expect(await retention().runOnce()).toEqual({ outcome: 'swept', removed: 2345, batches: 3 });
    expect(await keys()).toEqual(['recent']);
  });

  it('never deletes a reservation still inside the abandonment window, even one older than the retention', async () => {
    // A store whose abandonment window (2 h) is longer than the retention (1 h).
    const store = await IdempotencyStore.create(pool, service.serviceSchema, 7200);
    await keyRow('anonymous', 'completed-90min', '90 minutes', true);
    await keyRow('anonymous', 'in-flight-90min', '90 minutes', false);
    await keyRow('anonymous', 'abandoned-3h', '3 hours', false);
    expect(await store.deleteExpired(1, 1000)).toBe(2);
    expect(await keys()).toEqual(['in-flight-90min']);
  });

  it('skips a key whose take-over is in progress instead of waiting for it', async () => {
    await keyRow('anonymous', 'taken-over', '25 hours', false);
    await keyRow('anonymous', 'plain-old', '25 hours', true);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`UPDATE ${table} SET created_at = now() WHERE key = 'taken-over'`);
      const store = service.app.get(IdempotencyStore);
      expect(await store.deleteExpired(24, 1000)).toBe(1);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect(await keys()).toEqual(['taken-over']);
  });

  it('is stopped with the other workers when the service shuts down', async () => {
    const other = await startTestService();
    const sweep = other.app.get(IdempotencyKeyRetention).sweep;
    await other.close();
    expect(await sweep.runOnce()).toEqual({ outcome: 'stopped' });
  });
});

describe('IDEMPOTENCY_KEY_RETENTION_HOURS', () => {
  it('sets how long keys are kept', async () => {
    const service = await startTestService({ env: { IDEMPOTENCY_KEY_RETENTION_HOURS: '48' } });
    try {
      const pool = service.app.get<pg.Pool>(DATABASE_POOL);
      const table = `"${service.serviceSchema}".idempotency_keys`;
      await pool.query(
        `INSERT INTO ${table} (scope, key, request_hash, status, created_at)
         VALUES ('a', 'k-30h', 'h', 200, now() - interval '30 hours'), ('a', 'k-49h', 'h', 200, now() - interval '49 hours')`,
      );
      expect(await service.app.get(IdempotencyKeyRetention).sweep.runOnce()).toMatchObject({ removed: 1 });
      const { rows } = await pool.query<{ key: string }>(`SELECT key FROM ${table}`);
      expect(rows.map((row) => row.key)).toEqual(['k-30h']);
    } finally {
      await service.close();
    }
  });
});
