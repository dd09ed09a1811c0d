import { Body, Controller, HttpCode, Inject, Post, Res, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { ServerResponse } from 'node:http';
import { setRevisionETag } from '../stream-revision-etag.js';
import { IsInt, IsString } from 'class-validator';
import { canonicalJson, DomainRuleViolation } from '@lead/event-store';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { startTestService, type TestService } from '@lead/testing';

class CountDto {
  @IsString() label!: string;
  @IsInt() amount!: number;
}

/** Counts what really ran, so a replay is visible as "did not run again". */
class Executions {
  count = 0;
  gate: Promise<void> = Promise.resolve();
}

@Controller({ path: 'counts', version: '1' })
class CountController {
  constructor(@Inject(Executions) private readonly executions: Executions) {}

  @Post()
  async count(@Body() body: CountDto, @Res({ passthrough: true }) response: ServerResponse) {
    await this.executions.gate;
    if (body.amount < 0) throw new DomainRuleViolation('negative', 'Counts are never negative.');
    this.executions.count++;
    setRevisionETag(response, this.executions.count);
    return { label: body.label, total: this.executions.count };
  }

  @Post('reset')
  @HttpCode(200)
  reset() {
    this.executions.count = 0;
    return { reset: true };
  }
}

/** Stands in for the access layer: `request.user` is the principal a test names in `x-test-principal`. */
class TestPrincipalGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string>; user?: unknown }>();
    const principal = request.headers['x-test-principal'];
    if (principal !== undefined) request.user = JSON.parse(principal);
    return true;
  }
}

describe('Idempotency-Key', () => {
  let service: TestService;
  const executions = new Executions();
  const post = (key: string | undefined, body: unknown, path = '/v1/counts', headers: Record<string, string> = {}) =>
    fetch(`${service.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(key === undefined ? {} : { 'idempotency-key': key }),
        ...headers,
      },
      body: JSON.stringify(body),
    });
  const as = (principal: { subject: string; agency: string; jurisdictions: string[] }) => ({
    'x-test-principal': JSON.stringify(principal),
  });

  beforeAll(async () => {
    service = await startTestService({
      controllers: [CountController],
      providers: [
        { provide: Executions, useValue: executions },
        { provide: APP_GUARD, useClass: TestPrincipalGuard },
      ],
    });
  });
  afterAll(async () => {
    await service?.close();
  });

  it('runs a keyed write once and replays its response to a retry', async () => {
    const first = await post('k-1', { label: 'a', amount: 1 });
    expect(first.status).toBe(201);
    const firstBody = (await first.json()) as { total: number };
    const again = await post('k-1', { amount: 1, label: 'a' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(again.headers.get('etag')).toBe(`"${firstBody.total}"`);
    expect(await again.json()).toEqual(firstBody);
    expect(executions.count).toBe(firstBody.total);
  });

  it('keeps the declared status of the route on replay', async () => {
    expect((await post('k-reset', {}, '/v1/counts/reset')).status).toBe(200);
    expect((await post('k-reset', {}, '/v1/counts/reset')).status).toBe(200);
  });

  it('refuses the same key with a different body (422) and runs unkeyed writes every time', async () => {
    await post('k-2', { label: 'b', amount: 1 });
    const reused = await post('k-2', { label: 'b', amount: 2 });
    expect(reused.status).toBe(422);
    expect(reused.headers.get('content-type')).toContain('application/problem+json');
    expect(await reused.json()).toMatchObject({ code: 'idempotency_key_reused' });
    const before = executions.count;
    await post(undefined, { label: 'c', amount: 1 });
    await post(undefined, { label: 'c', amount: 1 });
    expect(executions.count).toBe(before + 2);
  });

  it('answers 409 to a retry while the first attempt is still running, and the result after', async () => {
    let open!: () => void;
    executions.gate = new Promise((resolve) => (open = resolve));
    const slow = post('k-3', { label: 'd', amount: 1 });
    await new Promise((r) => setTimeout(r, 100));
    const meanwhile = await post('k-3', { label: 'd', amount: 1 });
    expect(meanwhile.status).toBe(409);
    expect(meanwhile.headers.get('retry-after')).toBe('1');
    open();
    const done = await (await slow).json();
    expect(await (await post('k-3', { label: 'd', amount: 1 })).json()).toEqual(done);
  });

  it('releases the key of a failed write so a corrected retry can run', async () => {
    expect((await post('k-4', { label: 'e', amount: -1 })).status).toBe(422);
    expect((await post('k-4', { label: 'e', amount: 'one' })).status).toBe(400);
    const corrected = await post('k-4', { label: 'e', amount: 1 });
    expect(corrected.status).toBe(201);
    expect(corrected.headers.get('idempotent-replayed')).toBeNull();
  });

  it('lets a retry take over a reservation abandoned by a process that died mid-request', async () => {
    const pool = new pg.Pool({
      connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
      max: 1,
    });
    try {
      const body = { label: 'g', amount: 1 };
      const hash = createHash('sha256')
        .update(`POST /v1/counts\n${canonicalJson(body)}`)
        .digest('hex');
      // What a crashed process leaves behind: a reservation that never completed.
      await pool.query(
        `INSERT INTO "${service.serviceSchema}".idempotency_keys (scope, key, request_hash, created_at) VALUES ('anonymous', 'k-5', $1, now() - interval '2 minutes')`,
        [hash],
      );
      const retry = await post('k-5', body);
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBeNull();
      expect((await post('k-5', body)).headers.get('idempotent-replayed')).toBe('true');
    } finally {
      await pool.end();
    }
  });

  it('keeps the keys of one subject apart by agency and jurisdictions', async () => {
    const body = { label: 'scope', amount: 1 };
    const denver = as({ subject: 'officer-1', agency: 'DPD', jurisdictions: ['denver'] });
    const first = await post('k-scope', body, '/v1/counts', denver);
    expect(first.status).toBe(201);
    const replayed = await post('k-scope', body, '/v1/counts', denver);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');

    const others = [
      { subject: 'officer-1', agency: 'SPD', jurisdictions: ['seattle-king-county'] },
      { subject: 'officer-1', agency: 'SPD', jurisdictions: ['denver'] },
      { subject: 'officer-1', agency: 'DPD', jurisdictions: ['seattle-king-county'] },
      { subject: 'officer-1', agency: 'DPD', jurisdictions: ['denver', 'seattle-king-county'] },
    ];
    for (const principal of others) {
      const before = executions.count;
      const theirs = await post('k-scope', body, '/v1/counts', as(principal));
      expect({ principal, status: theirs.status, replayed: theirs.headers.get('idempotent-replayed') }).toEqual({
        principal,
        status: 201,
        replayed: null,
      });
      expect(executions.count).toBe(before + 1);
    }
    // A set, not a list: the same jurisdictions in another order are the same caller.
    const reordered = await post(
      'k-scope',
      body,
      '/v1/counts',
      as({ subject: 'officer-1', agency: 'DPD', jurisdictions: ['seattle-king-county', 'denver'] }),
    );
    expect(reordered.headers.get('idempotent-replayed')).toBe('true');
  });

  it('replays a write only to a retry with the same If-Match', async () => {
    const body = { label: 'if-match', amount: 1 };
    const first = await post('k-if-match', body, '/v1/counts', { 'if-match': '"4"' });
    expect(first.status).toBe(201);
    const other = await post('k-if-match', body, '/v1/counts', { 'if-match': '"5"' });
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ code: 'idempotency_key_reused' });
    expect((await post('k-if-match', body)).status).toBe(422);
    const same = await post('k-if-match', body, '/v1/counts', { 'if-match': '"4"' });
    expect(same.headers.get('idempotent-replayed')).toBe('true');
    expect(await same.json()).toEqual(await first.json());
  });

  it('rejects a malformed key with a 400 naming the header', async () => {
    const bad = await post('has space', { label: 'f', amount: 1 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ field: 'header:Idempotency-Key' }] });
  });
});
