import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { correlationIdMiddleware, restoreCorrelationIdMiddleware } from '../http/correlation-id.middleware.js';
import { requestLoggingMiddleware } from '../http/request-logging.middleware.js';
import { LOGGER } from '../logging/logger.tokens.js';
import { PinoNestLogger } from '../logging/pino-nest-logger.js';
import { PlatformMetrics } from '../metrics/platform-metrics.js';
import { operationsExposure } from '../config/operations-exposure.js';
import { ServiceConfig } from '../config/service-config.js';
import { buildServiceOpenApiDocument } from '../openapi/service-openapi-document.js';
import { API_VERSIONING } from './api-versioning.js';
import { emptyJsonBodyMiddleware } from '../http/empty-json-body.js';
import { JSON_BODY_LIMIT } from './json-body-limit.js';

export { JSON_BODY_LIMIT };

/** Pass these when creating the Nest application; `configureServiceApp` installs the body parser itself. */
export const SERVICE_APP_OPTIONS: NestApplicationOptions = { bodyParser: false, bufferLogs: true };

/**
 * The HTTP conventions of every service, applied in the order requests meet them: correlation id,
 * request log, JSON body parsing (size-limited), then routing: API routes under `/v1` (URI
 * versioning, so a `/v2` controller can live beside them; operations endpoints are version-neutral
 * and stay at the root). Shared by `bootstrapService` and by tests, so tests exercise exactly what
 * production runs. Call it on a created, not yet initialised, application whose module imports
 * `PlatformModule`. `/docs` serves the OpenAPI document (`API_DOCS`, operations-exposure.ts).
 */
export function configureServiceApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.useLogger(app.get(PinoNestLogger));
  express.flushLogs();
  express.disable('x-powered-by');

  express.use(correlationIdMiddleware);
  express.use(requestLoggingMiddleware(app.get<Logger>(LOGGER), app.get(PlatformMetrics)));
  express.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  express.use(emptyJsonBodyMiddleware);
  express.use(restoreCorrelationIdMiddleware);

  express.enableVersioning(API_VERSIONING);
  express.enableShutdownHooks();

  // The document names every route, field and role: whether anyone may read it is a setting (off in production).
  if (operationsExposure(app.get(ServiceConfig)).docs === 'public') {
    SwaggerModule.setup('docs', app, buildServiceOpenApiDocument(app));
  }
}
