import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AccessSettings, TokenSigner, type Role } from '@lead/access';
import type { EventStore } from '@lead/event-store';
import { configureServiceApp, listenServiceApp, EVENT_STORE, loadConfig, SERVICE_APP_OPTIONS } from '@lead/platform';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { testDatabaseUrl } from './isolated-schema.js';

/** The agency each role's test tokens act for by default: Denver's (config/jurisdictions/denver). */
export const DENVER_TEST_AGENCIES: Record<Role, string> = {
  officer: 'DPD',
  case_manager: 'ARTS',
  supervisor: 'ARTS',
  prosecutor: 'DDA',
  program_admin: 'OBHS',
  evaluator: 'EVAL-U',
  auditor: 'AUDIT',
  integrator: 'DATA-WH',
};

export interface TokenOverrides {
  agency?: string;
  subject?: string;
}

export interface ServiceApp {
  app: INestApplication;
  /** `http://127.0.0.1:<port>` */
  url: string;
  store: EventStore;
  /** A small pool on the test database, for queries of the service's and the event store's own tables. */
  db: pg.Pool;
  /** The environment the service started with (its schemas among it). */
  env: Readonly<Record<string, string>>;
  signer: TokenSigner;
  settings: AccessSettings;
  /** A development-signed token; the agency defaults to Denver's agency for the role. */
  token(role: Role, jurisdictions: string[], overrides?: TokenOverrides): Promise<string>;
  /** Closes the app and drops the schemas it was given (`*_SCHEMA` settings). */
  close(): Promise<void>;
}

export interface ServiceAppOptions {
  /** Names the schemas: `test_<label>_<suffix>`, `test_<label>_es_<suffix>`, `test_<label>_keys_<suffix>`. */
  label: string;
  /** Overrides and additions; e.g. a shared EVENT_STORE_SCHEMA when several services of one test share the store. */
  env?: Record<string, string>;
}

const SCHEMA_SETTINGS = ['DATABASE_SCHEMA', 'EVENT_STORE_SCHEMA', 'KEY_STORE_SCHEMA'] as const;

/**
 * A real service module on the platform, on a random port, in schemas of its own, with development tokens. The
 * service reads its configuration from process.env while it starts (jest gives each file its own process.env, so
 * nothing leaks into other files); services of one test therefore start one after the other.
 */
export async function startServiceApp(module: Type<unknown>, options: ServiceAppOptions): Promise<ServiceApp> {
  const suffix = randomBytes(6).toString('hex');
  const slug = options.label.replace(/-/g, '_');
  const env: Record<string, string> = {
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_SCHEMA: `test_${slug}_${suffix}`,
    EVENT_STORE_SCHEMA: `test_${slug}_es_${suffix}`,
    KEY_STORE_SCHEMA: `test_${slug}_keys_${suffix}`,
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  Object.assign(process.env, env);
  const app = await NestFactory.create(module, { ...SERVICE_APP_OPTIONS, logger: false });
  configureServiceApp(app);
  await listenServiceApp(app, 0);
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const settings = loadConfig(AccessSettings, env);
  const signer = TokenSigner.development();
  const db = new pg.Pool({ connectionString: env.DATABASE_URL, max: 2 });
  return {
    app,
    url,
    store: app.get<EventStore>(EVENT_STORE),
    db,
    env,
    signer,
    settings,
    token: (role, jurisdictions, overrides = {}) =>
      signer.sign(
        {
          subject: overrides.subject ?? `${role}-1`,
          agency: overrides.agency ?? DENVER_TEST_AGENCIES[role],
          roles: [role],
          jurisdictions,
        },
        TokenSigner.optionsFor(settings),
      ),
    close: async () => {
      await app.close();
      for (const setting of SCHEMA_SETTINGS) await db.query(`DROP SCHEMA IF EXISTS "${env[setting]}" CASCADE`);
      await db.end();
    },
  };
}

export interface Answer {
  status: number;
  etag: string | null;
  headers: Headers;
  body: Record<string, unknown>;
}

/** One JSON request with a bearer token; the answer's status, ETag, headers and parsed body. */
export async function callService(
  url: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
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
  return {
    status: response.status,
    etag: response.headers.get('etag'),
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}
