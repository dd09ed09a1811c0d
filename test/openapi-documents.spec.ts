import type { AccessPolicy } from '@lead/access';
import { previewServiceOpenApiDocument, type OpenApiResponses } from '@lead/platform';
import { exampleOf, missingExamples, operationsOf, resolveSchema, type OpenApiNode } from '@lead/testing';
import type { Type } from '@nestjs/common';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import fs from 'node:fs';
import path from 'node:path';
import { CaseManagementModule } from '../apps/case-management/src/case-management.module.js';
import { caseManagementOpenApiResponses } from '../apps/case-management/src/case-management.openapi-responses.js';
import { caseManagementPolicy } from '../apps/case-management/src/case-management.policy.js';
import { ProsecutionModule } from '../apps/prosecution/src/prosecution.module.js';
import { prosecutionOpenApiResponses } from '../apps/prosecution/src/prosecution.openapi-responses.js';
import { prosecutionPolicy } from '../apps/prosecution/src/prosecution.policy.js';
import { ReferralsModule } from '../apps/referrals/src/referrals.module.js';
import { referralsOpenApiResponses } from '../apps/referrals/src/referrals.openapi-responses.js';
import { referralsPolicy } from '../apps/referrals/src/referrals.policy.js';
import { ReportingModule } from '../apps/reporting/src/reporting.module.js';
import { reportingOpenApiResponses } from '../apps/reporting/src/reporting.openapi-responses.js';
import { reportingPolicy } from '../apps/reporting/src/reporting.policy.js';
import {
  DOCUMENTED_SERVICES,
  generateResponses,
  operationIdsOf,
  renderDocument,
  REPOSITORY_ROOT,
} from '../libs/testing/src/openapi/service-documents.js';

const services: Record<string, { module: Type<unknown>; responses: OpenApiResponses; policy: AccessPolicy }> = {
  referrals: { module: ReferralsModule, responses: referralsOpenApiResponses, policy: referralsPolicy },
  prosecution: { module: ProsecutionModule, responses: prosecutionOpenApiResponses, policy: prosecutionPolicy },
  'case-management': {
    module: CaseManagementModule,
    responses: caseManagementOpenApiResponses,
    policy: caseManagementPolicy,
  },
  reporting: { module: ReportingModule, responses: reportingOpenApiResponses, policy: reportingPolicy },
};

const committed = (file: string): OpenApiNode =>
  JSON.parse(fs.readFileSync(path.join(REPOSITORY_ROOT, file), 'utf8')) as OpenApiNode;

/** Validation errors of the document against the OpenAPI 3.0 schema, with every `$ref` that names nothing. */
async function problemsOf(document: OpenApiNode): Promise<string[]> {
  const result = await new Validator().validate(structuredClone(document));
  const problems = result.valid ? [] : [JSON.stringify(result.errors)];
  const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
  for (const ref of new Set(refs)) {
    try {
      resolveSchema(document, { $ref: ref.slice(8, -1) });
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return problems;
}

describe.each(DOCUMENTED_SERVICES.map((service) => [service.name, service] as const))(
  'docs/openapi-%s.json',
  (name, service) => {
    const { module, responses, policy } = services[name]!;
    const document = committed(service.document);

    it(`${service.responsesModule} is what \`npm run docs:openapi\` generates from the controllers' return types`, () => {
      expect(responses).toEqual(generateResponses(service, operationIdsOf(document as never)));
    }, 120_000);

    it('is what `npm run docs:openapi` generates from the service (run it after changing a route or a DTO)', async () => {
      const generated = JSON.parse(renderDocument(await previewServiceOpenApiDocument(module))) as OpenApiNode;
      expect(document).toEqual(generated);
    });

    it('is a valid OpenAPI 3.0 document according to @seriousme/openapi-schema-validator', async () => {
      expect(document.openapi).toMatch(/^3\.0\./);
      expect(await problemsOf(document)).toEqual([]);
    });

    it('would be refused by that validator if it were broken (the validation is real)', async () => {
      const broken = structuredClone(document) as { paths: Record<string, Record<string, { responses: unknown }>> };
      const [first] = Object.values(broken.paths);
      Object.values(first!)[0]!.responses = 'none';
      expect((await problemsOf(broken as OpenApiNode)).length).toBeGreaterThan(0);
      expect(await problemsOf({ ...document, components: {} })).toEqual(
        expect.arrayContaining([expect.stringMatching(/names nothing/)]),
      );
    });

    it('describes the request body of every route that takes one, with its fields, and of every POST', () => {
      const posts = operationsOf(document).filter(({ method }) => method === 'post');
      expect(posts.length).toBeGreaterThan(0);
      for (const { path: route, body, operation } of posts) {
        // A JSON body with its schema; or a streamed file (the justice import's CSV / NDJSON), each type with its schema.
        const content = (operation.requestBody as OpenApiNode | undefined)?.content as
          Record<string, OpenApiNode> | undefined;
        const file = Object.entries(content ?? {}).some(([type, media]) => type !== 'application/json' && media.schema);
        expect({ route, body: body !== undefined || file }).toEqual({ route, body: true });
      }
      for (const { path: route, body } of operationsOf(document)) {
        if (!body) continue;
        const schema = resolveSchema(document, body);
        expect({ route, fields: Object.keys((schema.properties ?? {}) as object).length > 0 }).toEqual({
          route,
          fields: true,
        });
      }
    });

    it("builds every request body from the document's own examples, and each is valid by the document's schema", () => {
      const ajv = new Ajv({ strict: false, allErrors: true });
      addFormats.default(ajv);
      for (const { path: route, body } of operationsOf(document)) {
        if (!body) continue;
        const example = exampleOf(document, body);
        expect({ route, missing: missingExamples(document, body, example) }).toEqual({ route, missing: [] });
        const validate = ajv.compile({ ...resolveSchema(document, body), components: document.components });
        expect({ route, errors: validate(example) ? [] : validate.errors }).toEqual({ route, errors: [] });
      }
    });

    it('describes success bodies, problem+json errors and the bearer scheme with the roles of the access policy', () => {
      const schemes = (document.components as { securitySchemes: Record<string, OpenApiNode> }).securitySchemes;
      expect(schemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
      for (const { path: route, method, operation } of operationsOf(document)) {
        const key = `${method.toUpperCase()} ${route.replace(/\{([^}]+)\}/g, ':$1')}` as keyof AccessPolicy;
        const entry = policy[key];
        expect({ key, inPolicy: entry !== undefined }).toEqual({ key, inPolicy: true });
        const responses = operation.responses as Record<string, { content?: Record<string, OpenApiNode> }>;
        const success = Object.keys(responses).filter((status) => /^2/.test(status));
        expect({ key, success: success.map((status) => responses[status]!.content?.['application/json']) }).toEqual({
          key,
          success: [{ schema: expect.objectContaining({ $ref: expect.any(String) }) }],
        });
        for (const [status, response] of Object.entries(responses)) {
          if (Number(status) >= 400) expect(Object.keys(response.content ?? {})).toEqual(['application/problem+json']);
        }
        if (entry!.scope === 'public') {
          expect(operation.security).toEqual([]);
          continue;
        }
        expect(operation).toMatchObject({ security: [{ bearer: [] }], 'x-lead-roles': [...entry!.roles] });
        expect(Object.keys(responses)).toEqual(expect.arrayContaining(['401', '403', '500']));
        if (method === 'post') {
          const schemaOf = (status: string) => responses[status]!.content!['application/problem+json']!.schema;
          expect(schemaOf('400')).toEqual({ $ref: '#/components/schemas/ValidationProblem' });
          expect(schemaOf('409')).toEqual({ $ref: '#/components/schemas/ConcurrencyConflictProblem' });
          expect(schemaOf('422')).toEqual({ $ref: '#/components/schemas/RuleViolationProblem' });
        }
      }
      const schemas = (document.components as { schemas: Record<string, OpenApiNode> }).schemas;
      expect(JSON.stringify(schemas.ValidationProblem)).toContain('"errors"');
      expect(JSON.stringify(schemas.ConcurrencyConflictProblem)).toContain('"currentRevision"');
      expect(JSON.stringify(schemas.RuleViolationProblem)).toContain('"code"');
    });
  },
);
