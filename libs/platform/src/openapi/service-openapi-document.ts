import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject, type OperationObject } from '@nestjs/swagger';
import { SERVICE_DEFINITION, type ServiceDefinition } from '../bootstrap/service-definition.js';
import { contributionsOf } from './openapi-contribution.js';
import { addProblemResponses } from './problem-responses.js';
import type { OpenApiResponses } from './response-schemas.js';
import { requestModelsOf } from './route-models.js';
import { describeValidatedModel } from './validated-model.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * The service's OpenAPI document: routes from Nest's metadata, request bodies and query parameters from the DTOs'
 * validation rules, success bodies from the schemas generated from the controllers' return types
 * (`ServiceDefinition.openApi`), every error answer, and what other modules contribute (libs/access: the bearer
 * scheme and each route's roles). Works on a previewed app too (`NestFactory.create(module, { preview: true })`:
 * nothing started), which is how `npm run docs:openapi` writes docs/openapi-<service>.json without a database.
 * Call it after URI versioning is enabled, as `configureServiceApp` does.
 */
export function buildServiceOpenApiDocument(app: INestApplication): OpenAPIObject {
  const definition = app.get<ServiceDefinition>(SERVICE_DEFINITION);
  const modules = app.get(ModulesContainer);
  const described = new Set<Function>();
  for (const model of requestModelsOf(modules)) describeValidatedModel(model, described);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`LEAD ${definition.serviceName}`)
      .setDescription(
        `The ${definition.serviceName} service of the LEAD backend. Errors are RFC 9457 problem+json; ` +
          'routes under /v1 need a bearer token of a role the route lists (`x-lead-roles`).',
      )
      .setVersion('1')
      .build(),
    { operationIdFactory: (controller, method) => `${controller}.${method}` },
  );
  addSuccessResponses(document, definition.openApi?.responses);
  addProblemResponses(document);
  for (const contribution of contributionsOf(modules)) contribution.contribute(document);
  return document;
}

function addSuccessResponses(document: OpenAPIObject, responses: OpenApiResponses | undefined): void {
  if (!responses) return;
  document.components = document.components ?? {};
  document.components.schemas = { ...(document.components.schemas ?? {}), ...responses.schemas };
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation: OperationObject | undefined = item[method];
      const answer = operation?.operationId === undefined ? undefined : responses.operations[operation.operationId];
      if (!operation || !answer) continue;
      // Only what the code states: Swagger's default success entry (status from @HttpCode) is replaced, and what
      // third-party decorators add is dropped (terminus's @HealthCheck() adds its own 200/503 only when it can load
      // @nestjs/swagger, so the document would depend on how the app was loaded). Errors: addProblemResponses.
      operation.responses = {
        [String(answer.status)]: {
          description: answer.status === 201 ? 'Created' : 'Success',
          content: { 'application/json': { schema: answer.schema } },
        },
      };
    }
  }
}
