import { Module, type INestApplication } from '@nestjs/common';
import { ConfigError } from '../config/config-error.js';
import { ServiceConfig } from '../config/service-config.js';
import { PlatformModule } from '../platform.module.js';
import { dropSchemas, freePort, TEST_DATABASE_URL } from '@lead/testing';
import { bootstrapService } from './bootstrap-service.js';
import type { ServiceDefinition } from './service-definition.js';

class DemoConfig extends ServiceConfig {
  override HTTP_PORT = 3998;
}

const suffix = Math.random().toString(16).slice(2, 10);
const demo: ServiceDefinition<DemoConfig> = { serviceName: 'demo', schema: `test_demo_${suffix}`, config: DemoConfig };

@Module({ imports: [PlatformModule.forRoot(demo)] })
class DemoModule {}

async function withEnv<T>(env: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const previous = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    return await run();
  } finally {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

describe('bootstrapService', () => {
  it('refuses to start on a bad setting, naming it, before connecting to anything', async () => {
    const started = withEnv(
      { HTTP_PORT: '99999', LOG_LEVEL: 'chatty', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
      () => bootstrapService(DemoModule, demo),
    );
    await expect(started).rejects.toBeInstanceOf(ConfigError);
    await expect(started).rejects.toThrow(
      /Invalid configuration for demo:\n {2}- HTTP_PORT must be an integer between 1 and 65535\n {2}- LOG_LEVEL must be one of/,
    );
  });

  it('starts on HTTP_PORT and answers /health', async () => {
    const port = await freePort();
    const env = {
      HTTP_PORT: String(port),
      DATABASE_URL: TEST_DATABASE_URL,
      EVENT_STORE_SCHEMA: `test_demo_es_${suffix}`,
      LOG_LEVEL: 'warn',
    };
    let app: INestApplication | undefined;
    try {
      app = await withEnv(env, () => bootstrapService(DemoModule, demo));
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      expect(response.status).toBe(200);
      // The service injects its own settings class; it is the same validated object.
      expect(app.get(DemoConfig)).toBeInstanceOf(DemoConfig);
      expect(app.get(DemoConfig)).toBe(app.get(ServiceConfig));
      expect(app.get(DemoConfig).HTTP_PORT).toBe(port);
    } finally {
      await app?.close();
      await dropSchemas(TEST_DATABASE_URL, [demo.schema, env.EVENT_STORE_SCHEMA]);
    }
  });
});
