import type { Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AccessSettings, TokenSigner } from '@lead/access';
import type { EventStore } from '@lead/event-store';
import {
  configureServiceApp,
  EVENT_STORE,
  listenServiceApp,
  loadConfig,
  LOG_DESTINATION,
  SERVICE_APP_OPTIONS,
} from '@lead/platform';
import { callService, DENVER_TEST_AGENCIES, LogCapture, testDatabaseUrl } from '@lead/testing';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { RunningService } from './running-service.js';

const SCHEMA_SETTINGS = ['DATABASE_SCHEMA', 'EVENT_STORE_SCHEMA', 'KEY_STORE_SCHEMA'] as const;

/**
 * A service of a cross-service test, as startService (running-service.ts) starts it, whose log lines are kept in
 * `logs` instead of going to stdout: a test can scan what the service logged. LOG_LEVEL defaults to debug here, so
 * the scan sees all but trace.
 */
export async function startLoggedService(
  module: Type<unknown>,
  label: string,
  overrides: Record<string, string>,
  logs: LogCapture = new LogCapture(),
): Promise<RunningService & { logs: LogCapture }> {
  const suffix = randomBytes(6).toString('hex');
  const slug = label.replace(/-/g, '_');
  const env: Record<string, string> = {
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_SCHEMA: `test_${slug}_${suffix}`,
    EVENT_STORE_SCHEMA: `test_${slug}_es_${suffix}`,
    KEY_STORE_SCHEMA: `test_${slug}_keys_${suffix}`,
    LOG_LEVEL: 'debug',
    ...overrides,
  };
  Object.assign(process.env, env);
  const moduleRef = await Test.createTestingModule({ imports: [module] })
    .overrideProvider(LOG_DESTINATION)
    .useValue(logs)
    .compile();
  const app = moduleRef.createNestApplication({ ...SERVICE_APP_OPTIONS, logger: false });
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
    logs,
    token: (role, jurisdictions, over = {}) =>
      signer.sign(
        {
          subject: over.subject ?? `${role}-1`,
          agency: over.agency ?? DENVER_TEST_AGENCIES[role],
          roles: [role],
          jurisdictions,
        },
        TokenSigner.optionsFor(settings),
      ),
    call: (method, path, token, body, headers = {}) => callService(url, method, path, token, body, headers),
    close: async () => {
      await app.close();
      for (const setting of SCHEMA_SETTINGS) await db.query(`DROP SCHEMA IF EXISTS "${env[setting]}" CASCADE`);
      await db.end();
    },
  };
}
