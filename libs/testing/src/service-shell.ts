import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  configureServiceApp,
  listenServiceApp,
  loadConfig,
  SERVICE_APP_OPTIONS,
  type ServiceConfig,
} from '@lead/platform';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { testDatabaseUrl } from './isolated-schema.js';

export interface ServiceShell {
  name: string;
  module: Type<unknown>;
  config: new () => ServiceConfig;
  defaultPort: number;
}

/**
 * What every service must do before it has a domain: start on the platform with its own port,
 * answer liveness, and be ready when its database is reachable. Each call boots the real module
 * against PostgreSQL in schemas of its own, so service suites run in parallel.
 */
export function describeServiceShell({ name, module, config, defaultPort }: ServiceShell): void {
  const suffix = randomBytes(6).toString('hex');
  const slug = name.replace(/-/g, '_');
  // Jest gives each file its own process.env, so setting it here does not leak into other files.
  const env = {
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_SCHEMA: `test_${slug}_${suffix}`,
    EVENT_STORE_SCHEMA: `test_${slug}_es_${suffix}`,
    LOG_LEVEL: 'warn',
  };

  describe(`${name} service`, () => {
    let app: INestApplication;
    let url: string;

    beforeAll(async () => {
      Object.assign(process.env, env);
      app = await NestFactory.create(module, { ...SERVICE_APP_OPTIONS, logger: false });
      configureServiceApp(app);
      await listenServiceApp(app, 0);
      url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    });

    afterAll(async () => {
      await app?.close();
      const client = new pg.Client({ connectionString: env.DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${env.DATABASE_SCHEMA}" CASCADE`);
      await client.query(`DROP SCHEMA IF EXISTS "${env.EVENT_STORE_SCHEMA}" CASCADE`);
      await client.end();
    });

    it(`listens on port ${defaultPort} unless HTTP_PORT says otherwise`, () => {
      expect(loadConfig(config, {}).HTTP_PORT).toBe(defaultPort);
      expect(loadConfig(config, { HTTP_PORT: '8080' }).HTTP_PORT).toBe(8080);
    });

    it('answers GET /health with 200', async () => {
      const response = await fetch(`${url}/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok' });
    });

    it('is ready: its database is reachable', async () => {
      const response = await fetch(`${url}/ready`);
      expect(response.status).toBe(200);
    });
  });
}
