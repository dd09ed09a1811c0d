import { newEventId, type EventStore } from '@lead/event-store';
import { EVENT_STORE } from '../event-store/event-store.provider.js';
import { startTestService, TcpProxy, TEST_DATABASE_URL, type TestService } from '@lead/testing';
import { ReadinessChecks } from './readiness-checks.js';

describe('health, readiness and metrics', () => {
  let proxy: TcpProxy;
  let service: TestService;
  let busUp = true;

  beforeAll(async () => {
    const database = new URL(TEST_DATABASE_URL);
    proxy = await TcpProxy.start(database.hostname, Number(database.port || 5432));
    const proxied = new URL(TEST_DATABASE_URL);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    service = await startTestService({ env: { DATABASE_URL: proxied.toString() } });
    service.app.get(ReadinessChecks).register('bus', async () => {
      if (!busUp) throw new Error('broker 10.0.0.9:9092 unreachable');
    });
  });
  afterAll(async () => {
    await proxy?.restore();
    await service?.close();
    await proxy?.cut();
  });

  it('GET /health answers 200 (liveness, no dependency checked)', async () => {
    const response = await fetch(`${service.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });

  it('GET /ready answers 200 when the database and registered checks are up', async () => {
    const response = await fetch(`${service.url}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      details: { database: { status: 'up' }, bus: { status: 'up' } },
    });
  });

  it('GET /ready answers 503 problem+json when the database cannot be reached, and recovers', async () => {
    await proxy.cut();
    const down = await fetch(`${service.url}/ready`);
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = await down.json();
    expect(body).toMatchObject({
      type: 'urn:lead:problem:not-ready',
      status: 503,
      checks: { database: 'down', bus: 'up' },
    });
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    expect(service.logs.lines.some((line) => line.level === 'warn' && /Not ready: database/.test(line.msg ?? ''))).toBe(
      true,
    );

    // Liveness must not follow the database down, or the orchestrator would restart healthy pods.
    expect((await fetch(`${service.url}/health`)).status).toBe(200);

    await proxy.restore();
    expect((await fetch(`${service.url}/ready`)).status).toBe(200);
  });

  it('GET /ready reports a registered check that fails', async () => {
    busUp = false;
    try {
      const response = await fetch(`${service.url}/ready`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({
        detail: 'Unavailable: bus',
        checks: { database: 'up', bus: 'down' },
      });
    } finally {
      busUp = true;
    }
  });

  it('GET /metrics exposes the HTTP, event-store and subscription metrics', async () => {
    await fetch(`${service.url}/v1/nowhere/123`);
    await service.app.get<EventStore>(EVENT_STORE).appendToStream(
      `referral-${crypto.randomUUID()}`,
      [
        {
          eventId: newEventId(),
          type: 'Probe',
          schemaVersion: 1,
          data: {},
          metadata: { correlationId: 'platform-test' },
        },
      ],
      'no_stream',
    );

    const response = await fetch(`${service.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toContain('# TYPE lead_http_request_duration_seconds histogram');
    expect(text).toMatch(
      /lead_http_request_duration_seconds_bucket\{le="[^"]+",service="test-service",method="GET",route="\/health",status="200"\}/,
    );
    // Unknown paths share one series instead of one per URL.
    expect(text).toMatch(
      /lead_http_request_duration_seconds_count\{service="test-service",method="GET",route="unmatched",status="404"\} \d+/,
    );
    expect(text).toContain('# TYPE lead_event_store_append_duration_seconds histogram');
    expect(text).toMatch(
      /lead_event_store_append_duration_seconds_count\{service="test-service",stream_category="referral"\} 1/,
    );
    expect(text).toContain('# TYPE lead_subscription_lag_events gauge');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('serves the OpenAPI document at /docs', async () => {
    const ui = await fetch(`${service.url}/docs`);
    expect(ui.status).toBe(200);
    const document = (await (await fetch(`${service.url}/docs-json`)).json()) as { paths: Record<string, unknown> };
    expect(document).toMatchObject({ openapi: expect.stringMatching(/^3\./), info: { title: 'LEAD test-service' } });
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health', '/ready']));
  });
});
