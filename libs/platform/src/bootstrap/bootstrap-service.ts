import { NestFactory } from '@nestjs/core';
import type { INestApplication, Type } from '@nestjs/common';
import { loadConfig } from '../config/load-config.js';
import type { ServiceConfig } from '../config/service-config.js';
import { createLogger } from '../logging/create-logger.js';
import { PinoNestLogger } from '../logging/pino-nest-logger.js';
import { configureServiceApp, SERVICE_APP_OPTIONS } from './configure-service-app.js';
import { listenServiceApp } from './listen-service-app.js';
import type { ServiceDefinition } from './service-definition.js';

/**
 * Starts a service: validates its config before anything else (a bad setting must stop it with a
 * message, not surface later as a connection error), creates the Nest app with JSON logging from
 * the first line, applies the platform's HTTP conventions and listens on `HTTP_PORT` (with the answer to what the
 * HTTP parser refuses installed: listen-service-app.ts).
 * `rootModule` must import `PlatformModule.forRoot(definition)`.
 *
 * @throws ConfigError when the environment is invalid; `main.ts` passes it to `exitOnStartupFailure`.
 */
export async function bootstrapService<Config extends ServiceConfig>(
  rootModule: Type<unknown>,
  definition: ServiceDefinition<Config>,
): Promise<INestApplication> {
  const config = loadConfig(definition.config, process.env, definition.serviceName);
  const bootLogger = new PinoNestLogger(createLogger({ serviceName: definition.serviceName, level: config.LOG_LEVEL }));
  const app = await NestFactory.create(rootModule, { ...SERVICE_APP_OPTIONS, logger: bootLogger, abortOnError: false });
  configureServiceApp(app);
  await listenServiceApp(app, config.HTTP_PORT);
  bootLogger.log(`${definition.serviceName} listening on port ${config.HTTP_PORT}`, 'Bootstrap');
  return app;
}

/**
 * For `main.ts`: say why the service could not start, then exit non-zero so the supervisor sees
 * it. Only the message: an error raised while Nest built the app is already in the JSON log with
 * its stack, and a config error's message is the whole story.
 */
export function exitOnStartupFailure(error: unknown): never {
  process.stderr.write(`Startup failed. ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
