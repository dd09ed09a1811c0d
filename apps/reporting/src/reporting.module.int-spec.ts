import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { configureServiceApp, loadConfig, SERVICE_APP_OPTIONS } from '@lead/platform';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ReportingConfig } from './reporting.config.js';
import { ReportingModule } from './reporting.module.js';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const suffix = randomBytes(6).toString('hex');
// Its own schemas, so this file runs in parallel with every other test file (Jest gives each file
// its own copy of process.env, so setting it here does not leak into other files).
const env = {
  DATABASE_URL: databaseUrl,
  DATABASE_SCHEMA: `test_reporting_${suffix}`,
  EVENT_STORE_SCHEMA: `test_reporting_es_${suffix}`,
  LOG_LEVEL: 'warn',
};

describe('reporting service', () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    Object.assign(process.env, env);
    app = await NestFactory.create(ReportingModule, { ...SERVICE_APP_OPTIONS, logger: false });
    configureServiceApp(app);
    await app.listen(0);
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${env.DATABASE_SCHEMA}" CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS "${env.EVENT_STORE_SCHEMA}" CASCADE`);
    await client.end();
  });

  it('listens on port 3004 unless HTTP_PORT says otherwise', () => {
    expect(loadConfig(ReportingConfig, {}).HTTP_PORT).toBe(3004);
    expect(loadConfig(ReportingConfig, { HTTP_PORT: '8080' }).HTTP_PORT).toBe(8080);
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
