import { PROBLEM_SCHEMAS, problemResponse, type OpenApiContributor } from '@lead/platform';
import type { OperationObject, ParameterObject } from '@nestjs/swagger';
import { PURPOSE_OF_USE_HEADER, PURPOSES_OF_USE } from './purpose-of-use.js';
import type { AccessPolicy } from './access-policy.js';
import { routeKey } from './route-key.js';

/** The name of the bearer scheme under `components.securitySchemes`. */
export const BEARER_SCHEME = 'bearer';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * Describes the access policy in the service's OpenAPI document: the bearer scheme, and on each route whether it
 * needs a token, the roles it takes (`x-lead-roles`; OpenAPI has no roles for a bearer scheme, so they are an
 * extension and a line of the description), which records the caller reaches (`x-lead-scope`), and the refusals
 * the guard answers. Read from the same policy the guard enforces, so the document cannot promise another.
 */
export function describeAccess(policy: AccessPolicy): OpenApiContributor {
  return (document) => {
    document.components = document.components ?? {};
    document.components.securitySchemes = {
      ...(document.components.securitySchemes ?? {}),
      [BEARER_SCHEME]: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'A JWT of the identity provider (ES256 or RS256) with `sub`, `agency`, `jurisdictions` and one `role` ' +
          '(docs/access.md). Each route lists the roles it takes in `x-lead-roles`.',
      },
    };
    for (const [path, item] of Object.entries(document.paths)) {
      const expressPath = path.replace(/\{([^}]+)\}/g, ':$1');
      for (const method of METHODS) {
        const operation = item[method] as (OperationObject & Record<string, unknown>) | undefined;
        const entry = operation && policy[routeKey(method, expressPath)];
        if (!operation || !entry) continue;
        operation['x-lead-scope'] = entry.scope;
        if (entry.scope === 'public') {
          operation.security = [];
          continue;
        }
        operation.security = [{ [BEARER_SCHEME]: [] }];
        operation['x-lead-roles'] = [...entry.roles];
        const roles = `Roles: ${entry.roles.join(', ')} (scope: ${entry.scope}).`;
        operation.description = operation.description ? `${operation.description}\n\n${roles}` : roles;
        if (entry.audited) {
          const purpose: ParameterObject = {
            name: PURPOSE_OF_USE_HEADER,
            in: 'header',
            required: true,
            description: 'Why the participant record is read; kept in the access audit',
            schema: { type: 'string', enum: [...PURPOSES_OF_USE] },
          };
          operation.parameters = [...(operation.parameters ?? []), purpose];
        }
        const { responses } = operation;
        responses['401'] ??= problemResponse('No bearer token, or one that is not valid');
        responses['403'] ??= problemResponse(`The token's role is not one of: ${entry.roles.join(', ')}`);
        responses['429'] ??= problemResponse('Too many refused requests from this client; see `Retry-After`');
        if (!responses['400'] && entry.audited)
          responses['400'] = problemResponse('`X-Purpose-Of-Use` is missing or unknown', PROBLEM_SCHEMAS.validation);
      }
    }
  };
}
