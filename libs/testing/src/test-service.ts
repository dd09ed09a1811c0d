import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  configureServiceApp,
  listenServiceApp,
  LOG_DESTINATION,
  PlatformModule,
  SERVICE_APP_OPTIONS,
  ServiceConfig,
} from '@lead/platform';
import { LogCapture } from './log-capture.js';

export const TEST_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

class TestServiceConfig extends ServiceConfig {
  override HTTP_PORT = 3999;
}

export interface TestService {
  app: INestApplication;
  /** `http://127.0.0.1:<port>` */
  url: string;
  logs: LogCapture;
  serviceSchema: string;
  eventStoreSchema: string;
  /** Closes the app and drops the schemas it created. */
  close(): Promise<void>;
}

export interface TestServiceOptions extends Pick<ModuleMetadata, 'controllers' | 'providers' | 'imports'> {
  /** Extra environment for the service (e.g. another DATABASE_URL). */
  env?: Record<string, string>;
}

/**
 * A service built exactly like production (`PlatformModule` + `configureServiceApp`), on a random
 * port, with its own service and event-store schemas so test files can run in parallel.
 */
export async function startTestService(options: TestServiceOptions = {}): Promise<TestService> {
  const suffix = randomBytes(6).toString('hex');
  const serviceSchema = `test_svc_${suffix}`;
  const eventStoreSchema = `test_es_${suffix}`;
  const env: Record<string, string> = {
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_SCHEMA: serviceSchema,
    EVENT_STORE_SCHEMA: eventStoreSchema,
    LOG_LEVEL: 'debug',
    ...options.env,
  };
  const previous = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);

  const logs = new LogCapture();
  try {
    const moduleRef = await Test.createTestingModule({
      imports: [
        PlatformModule.forRoot({ serviceName: 'test-service', schema: 'test_service', config: TestServiceConfig }),
        ...(options.imports ?? []),
      ],
      controllers: options.controllers ?? [],
      providers: options.providers ?? [],
    })
      .overrideProvider(LOG_DESTINATION)
      .useValue(logs)
      .compile();
    const app = moduleRef.createNestApplication(SERVICE_APP_OPTIONS);
    configureServiceApp(app);
    await listenServiceApp(app, 0);
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    return {
      app,
      url,
      logs,
      serviceSchema,
      eventStoreSchema,
      close: async () => {
        await app.close();
        await dropSchemas(TEST_DATABASE_URL, [serviceSchema, eventStoreSchema]);
      },
    };
  } finally {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

export async function dropSchemas(databaseUrl: string, schemas: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
