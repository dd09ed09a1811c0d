import { VersioningType, type INestApplication, type NestApplicationOptions } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { correlationIdMiddleware, restoreCorrelationIdMiddleware } from '../http/correlation-id.middleware.js';
import { requestLoggingMiddleware } from '../http/request-logging.middleware.js';
import { LOGGER } from '../logging/logger.tokens.js';
import { PinoNestLogger } from '../logging/pino-nest-logger.js';
import { PlatformMetrics } from '../metrics/platform-metrics.js';
import { SERVICE_DEFINITION, type ServiceDefinition } from './service-definition.js';

/** Largest JSON body accepted; commands are small, and a cap keeps a client from exhausting memory. */
export const JSON_BODY_LIMIT = '100kb';

/** Pass these when creating the Nest application; `configureServiceApp` installs the body parser itself. */
export const SERVICE_APP_OPTIONS: NestApplicationOptions = { bodyParser: false, bufferLogs: true };

/**
 * The HTTP conventions of every service, applied in the order requests meet them: correlation id,
 * request log, JSON body parsing (size-limited), then routing: API routes under `/v1` (URI
 * versioning, so a `/v2` controller can live beside them; operations endpoints are version-neutral
 * and stay at the root). Shared by `bootstrapService` and by tests, so tests exercise exactly what
 * production runs. Call it on a created, not yet initialised, application whose module imports
 * `PlatformModule`.
 */
export function configureServiceApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.useLogger(app.get(PinoNestLogger));
  express.flushLogs();
  express.disable('x-powered-by');

  express.use(correlationIdMiddleware);
  express.use(requestLoggingMiddleware(app.get<Logger>(LOGGER), app.get(PlatformMetrics)));
  express.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  express.use(restoreCorrelationIdMiddleware);

  // Versioning rather than a global prefix: Nest scopes its not-found and error handlers to a
  // global prefix, which would leave paths outside it to Express's HTML error pages.
  express.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
  express.enableShutdownHooks();

  const { serviceName } = app.get<ServiceDefinition>(SERVICE_DEFINITION);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`LEAD ${serviceName}`)
      .setDescription(`The ${serviceName} service of the LEAD backend`)
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
}
