import type { OpenAPIObject, OperationObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, ProblemType } from '../http/problem-details.js';
import { JSON_BODY_LIMIT } from '../bootstrap/json-body-limit.js';

/** Names of the problem schemas under `components.schemas`; other modules' contributions refer to them. */
export const PROBLEM_SCHEMAS = {
  problem: 'Problem',
  validation: 'ValidationProblem',
  conflict: 'ConcurrencyConflictProblem',
  rule: 'RuleViolationProblem',
} as const;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** The shapes `ProblemDetailsFilter` answers (problem-details.ts), as JSON Schema. */
export function problemSchemas(): Record<string, SchemaObject> {
  const problem: SchemaObject = {
    type: 'object',
    description: 'RFC 9457 problem details: the body of every error answer.',
    required: ['type', 'title', 'status', 'detail', 'instance'],
    properties: {
      type: { type: 'string', description: `A \`urn:lead:problem:*\` type, or \`${ProblemType.Generic}\`` },
      title: { type: 'string' },
      status: { type: 'integer', minimum: 400, maximum: 599 },
      detail: { type: 'string' },
      instance: { type: 'string', description: 'The request path the problem occurred on' },
      correlationId: { type: 'string', description: 'Echoes `x-correlation-id`: quote it when reporting a problem' },
    },
    example: {
      type: ProblemType.Generic,
      title: 'Not Found',
      status: 404,
      detail: 'The requested resource does not exist.',
      instance: '/v1/referrals/3f0c2a8e-6b1d-4c5e-9a7f-2d4b6e8c1a90',
      correlationId: '0d4c7e36-5a3b-4f0e-8a52-1c9b2f6d7e81',
    },
  };
  const extend = (required: string[], properties: Record<string, SchemaObject>, example: object): SchemaObject => ({
    allOf: [ref(PROBLEM_SCHEMAS.problem), { type: 'object', required, properties }],
    example: { instance: '/v1/referrals', correlationId: '0d4c7e36-5a3b-4f0e-8a52-1c9b2f6d7e81', ...example },
  });
  return {
    [PROBLEM_SCHEMAS.problem]: problem,
    [PROBLEM_SCHEMAS.validation]: extend(
      ['errors'],
      {
        type: { type: 'string', enum: [ProblemType.ValidationFailed] },
        errors: {
          type: 'array',
          description: 'One entry per invalid field',
          items: {
            type: 'object',
            required: ['field', 'messages'],
            properties: {
              field: { type: 'string', description: 'Dotted path into the request, e.g. `person.dateOfBirth`' },
              messages: { type: 'array', items: { type: 'string' } },
            },
          },
        },
      },
      {
        type: ProblemType.ValidationFailed,
        title: 'The request is invalid',
        status: 400,
        detail: 'person.dateOfBirth must be a date, YYYY-MM-DD',
        errors: [{ field: 'person.dateOfBirth', messages: ['person.dateOfBirth must be a date, YYYY-MM-DD'] }],
      },
    ),
    [PROBLEM_SCHEMAS.conflict]: extend(
      ['currentRevision'],
      {
        type: { type: 'string', enum: [ProblemType.ConcurrencyConflict] },
        currentRevision: {
          type: 'integer',
          nullable: true,
          description: 'The revision to build on (reload, then retry with `If-Match` of it); null: not there yet',
        },
      },
      {
        type: ProblemType.ConcurrencyConflict,
        title: 'The resource was changed by someone else',
        status: 409,
        detail: 'The resource is at revision 3; reload it and retry with that revision.',
        currentRevision: 3,
      },
    ),
    [PROBLEM_SCHEMAS.rule]: extend(
      ['code'],
      {
        type: { type: 'string', enum: [ProblemType.RuleViolated] },
        code: { type: 'string', description: 'The broken rule, a stable snake_case code (docs of each service)' },
        details: {
          type: 'object',
          additionalProperties: true,
          description: 'What the rule attached; no personal data',
        },
      },
      {
        type: ProblemType.RuleViolated,
        title: 'The request breaks a rule of the program',
        status: 422,
        detail: 'The hand-off was already recorded',
        code: 'lead_line_already_called',
      },
    ),
  };
}

/** A response of `schema` in problem+json. */
export function problemResponse(description: string, schema: string = PROBLEM_SCHEMAS.problem): ResponseObject {
  return { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: ref(schema) } } };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** `GET /ready` (health.controller.ts): a dependency down is a 503 problem. */
const READINESS_OPERATION = 'HealthController.ready';

/**
 * The errors every route may answer, by what it takes: 400 for a body or parameters (a field list), 413 for a body
 * over the limit, 404 for a path naming a record (another jurisdiction's answers the same), 409 and 422 for a
 * command (a stale `If-Match` / a broken rule), 500 for a crash. Access errors (401, 403, 429) are libs/access's.
 */
export function addProblemResponses(document: OpenAPIObject): void {
  document.components = document.components ?? {};
  document.components.schemas = { ...(document.components.schemas ?? {}), ...problemSchemas() };
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation: OperationObject | undefined = item[method];
      if (!operation) continue;
      const parameters = (operation.parameters ?? []) as { in?: string }[];
      const responses = operation.responses;
      const hasPathParameter = parameters.some((parameter) => parameter.in === 'path');
      if (operation.requestBody || parameters.length > 0)
        responses['400'] ??= problemResponse('The request is invalid: each field and why', PROBLEM_SCHEMAS.validation);
      if (operation.requestBody) responses['413'] ??= problemResponse(`The body is larger than ${JSON_BODY_LIMIT}`);
      if (hasPathParameter) responses['404'] ??= problemResponse("No such record, or not one of the caller's");
      if (method !== 'get') {
        responses['409'] ??= problemResponse(
          'The record changed since the revision in `If-Match`, or was written concurrently',
          PROBLEM_SCHEMAS.conflict,
        );
        responses['422'] ??= problemResponse('The request breaks a rule of the program', PROBLEM_SCHEMAS.rule);
      }
      if (operation.operationId === READINESS_OPERATION)
        responses['503'] ??= problemResponse('Not ready: `checks` names each dependency and whether it is up');
      responses['500'] ??= problemResponse('An unexpected error; quote the correlation id when reporting it');
    }
  }
}
