import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { API_VERSIONING } from '../bootstrap/api-versioning.js';
import { buildServiceOpenApiDocument } from './service-openapi-document.js';

/**
 * The OpenAPI document of a service module, built from its graph alone: Nest's preview mode resolves the modules
 * without running a factory, so no configuration is read and no database is reached. The document is the one the
 * running service serves at `/docs-json`; `npm run docs:openapi` commits it under docs/.
 */
export async function previewServiceOpenApiDocument(rootModule: Type<unknown>): Promise<OpenAPIObject> {
  const app = await NestFactory.create(rootModule, { preview: true, logger: false, abortOnError: false });
  try {
    app.enableVersioning(API_VERSIONING);
    return buildServiceOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
