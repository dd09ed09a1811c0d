import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AccessSettings, TokenSigner, type Role } from '@lead/access';
import type { EventStore } from '@lead/event-store';
import { configureServiceApp, EVENT_STORE, loadConfig, SERVICE_APP_OPTIONS } from '@lead/platform';
import { testDatabaseUrl } from '@lead/testing';
import pg from 'pg';

export interface RunningService {
  app: INestApplication;
  url: string;
  store: EventStore;
  token(role: Role, agency: string, jurisdictions: string[], subject?: string): Promise<string>;
  call(method: string, path: string, token: string, body?: unknown, headers?: Record<string, string>): Promise<Answer>;
  /** Closes the app and drops its own schema (the shared event store is the caller's to drop). */
  close(): Promise<void>;
}

export interface Answer {
  status: number;
  etag: string | null;
  body: Record<string, unknown>;
}

/**
 * One real service module on a random port, configured by `env` (its own DATABASE_SCHEMA; services of one test
 * share EVENT_STORE_SCHEMA, as the services of one deployment share the event store). Services start one after
 * the other: each reads its configuration from process.env while it starts.
 */
export async function startService(module: Type<unknown>, env: Record<string, string>): Promise<RunningService> {
  const settings: Record<string, string> = { DATABASE_URL: testDatabaseUrl(), LOG_LEVEL: 'warn', ...env };
  Object.assign(process.env, settings);
  const app = await NestFactory.create(module, { ...SERVICE_APP_OPTIONS, logger: false });
  configureServiceApp(app);
  await app.listen(0);
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const access = loadConfig(AccessSettings, settings);
  const signer = TokenSigner.development();
  return {
    app,
    url,
    store: app.get<EventStore>(EVENT_STORE),
    token: (role, agency, jurisdictions, subject = `${role}-1`) =>
      signer.sign({ subject, agency, roles: [role], jurisdictions }, TokenSigner.optionsFor(access)),
    call: async (method, path, token, body, headers = {}) => {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, etag: response.headers.get('etag'), body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    },
    close: async () => {
      await app.close();
      await dropSchemas([settings.DATABASE_SCHEMA, settings.KEY_STORE_SCHEMA].filter((s): s is string => !!s));
    },
  };
}

export async function dropSchemas(schemas: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Polls `read` until `done` holds, failing with `what` after `timeoutMs`. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
