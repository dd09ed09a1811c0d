import type { Role } from '@lead/access';
import {
  callService,
  exampleOf,
  operationsOf,
  resolveSchema,
  startServiceApp,
  type OpenApiNode,
  type ServiceApp,
} from '@lead/testing';
import { Validator } from '@seriousme/openapi-schema-validator';
import fs from 'node:fs';
import { CaseManagementModule } from '../apps/case-management/src/case-management.module.js';
import { ProsecutionModule } from '../apps/prosecution/src/prosecution.module.js';
import { ReferralsModule } from '../apps/referrals/src/referrals.module.js';

const committed = (service: string): OpenApiNode =>
  JSON.parse(fs.readFileSync(new URL(`../docs/openapi-${service}.json`, import.meta.url), 'utf8')) as OpenApiNode;

async function servedDocument(app: ServiceApp): Promise<OpenApiNode> {
  const response = await fetch(`${app.url}/docs-json`);
  expect(response.status).toBe(200);
  return (await response.json()) as OpenApiNode;
}

/** The operation's request body, built from the document's examples only. */
function exampleBody(document: OpenApiNode, path: string, method: string): Record<string, unknown> {
  const found = operationsOf(document).find((entry) => entry.path === path && entry.method === method);
  if (!found?.body) throw new Error(`${method} ${path} takes no body in the document`);
  return exampleOf(document, found.body) as Record<string, unknown>;
}

/** A token of the first role the document lists for the operation (`x-lead-roles`). */
function roleFor(document: OpenApiNode, path: string, method: string): Role {
  const operation = (document.paths as Record<string, Record<string, OpenApiNode>>)[path]![method]!;
  return (operation['x-lead-roles'] as Role[])[0]!;
}

/** Query parameters from the examples the document gives them. */
function exampleQuery(document: OpenApiNode, path: string): string {
  const operation = (document.paths as Record<string, Record<string, OpenApiNode>>)[path]!.get!;
  const query = new URLSearchParams();
  for (const parameter of (operation.parameters ?? []) as OpenApiNode[]) {
    const schema = parameter.schema ? resolveSchema(document, parameter.schema as OpenApiNode) : {};
    if (parameter.in === 'query' && schema.example !== undefined)
      query.set(String(parameter.name), String(schema.example));
  }
  return query.size > 0 ? `?${query}` : '';
}

describe('the OpenAPI document the referrals service serves', () => {
  let app: ServiceApp;
  let document: OpenApiNode;
  const call = async (path: string, method: string, route: string, body?: unknown, etag?: string | null) =>
    callService(
      app.url,
      method.toUpperCase(),
      path,
      await app.token(roleFor(document, route, method), ['denver']),
      body,
      etag ? { 'if-match': etag } : {},
    );

  beforeAll(async () => {
    app = await startServiceApp(ReferralsModule, { label: 'openapi_referrals' });
    document = await servedDocument(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('is the committed docs/openapi-referrals.json, and valid OpenAPI 3.0', async () => {
    expect(document).toEqual(committed('referrals'));
    expect(await new Validator().validate(structuredClone(document))).toEqual({ valid: true });
  });

  it("accepts requests built from the document's own examples, route by route", async () => {
    const referral = exampleBody(document, '/v1/referrals', 'post');
    const recorded = await call('/v1/referrals', 'post', '/v1/referrals', referral);
    expect({ status: recorded.status, body: recorded.body }).toMatchObject({ status: 201, body: { status: 'open' } });
    const referralId = recorded.body.referralId as string;
    let etag = recorded.etag;
    // The steps of an arrest diversion in the order the program takes them, each with its example body.
    for (const step of ['offer-answer', 'lead-line-call', 'case-manager-arrival', 'custody-relinquished']) {
      const route = `/v1/referrals/{referralId}/${step}`;
      const answer = await call(
        `/v1/referrals/${referralId}/${step}`,
        'post',
        route,
        exampleBody(document, route, 'post'),
        etag,
      );
      expect({ step, status: answer.status, body: answer.body }).toMatchObject({
        step,
        status: 200,
        body: { referralId },
      });
      etag = answer.etag;
    }
    // Denver's protocol does not ask for the aggrieved party's agreement: a rule (422), never a malformed body (400).
    const agreementRoute = '/v1/referrals/{referralId}/aggrieved-party-agreement';
    const agreement = await call(
      `/v1/referrals/${referralId}/aggrieved-party-agreement`,
      'post',
      agreementRoute,
      exampleBody(document, agreementRoute, 'post'),
    );
    expect([200, 422]).toContain(agreement.status);

    const read = await call(`/v1/referrals/${referralId}`, 'get', '/v1/referrals/{referralId}');
    expect(read).toMatchObject({ status: 200, body: { referralId } });
    for (const route of ['/v1/referrals', '/v1/referrals/counts']) {
      const answer = await call(`${route}${exampleQuery(document, route)}`, 'get', route);
      expect({ route, status: answer.status }).toEqual({ route, status: 200 });
    }

    // The merge's example names the surviving record; here it is another participant recorded from the same example.
    const other = await call('/v1/referrals', 'post', '/v1/referrals', {
      ...referral,
      person: { ...(referral.person as object), givenName: 'Marisa' },
    });
    expect(other.status).toBe(201);
    const mergeRoute = '/v1/participants/{participantId}/merge';
    const merge = await call(`/v1/participants/${other.body.participantId as string}/merge`, 'post', mergeRoute, {
      ...exampleBody(document, mergeRoute, 'post'),
      into: recorded.body.participantId,
    });
    expect({ status: merge.status, body: merge.body }).toMatchObject({ status: 200 });
  });
});

describe('the OpenAPI document the prosecution service serves', () => {
  let app: ServiceApp;
  let document: OpenApiNode;
  beforeAll(async () => {
    app = await startServiceApp(ProsecutionModule, { label: 'openapi_prosecution' });
    document = await servedDocument(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('is the committed docs/openapi-prosecution.json, and valid OpenAPI 3.0', async () => {
    expect(document).toEqual(committed('prosecution'));
    expect(await new Validator().validate(structuredClone(document))).toEqual({ valid: true });
  });

  it("takes the decision built from the document's examples past validation (404: no such matter here)", async () => {
    const route = '/v1/matters/{matterId}/eligibility-decision';
    const answer = await callService(
      app.url,
      'POST',
      `/v1/matters/${crypto.randomUUID()}/eligibility-decision`,
      await app.token(roleFor(document, route, 'post'), ['denver']),
      exampleBody(document, route, 'post'),
    );
    expect({ status: answer.status, body: answer.body }).toMatchObject({ status: 404 });
    // The control: a body the document does not describe is refused before the matter is looked for.
    const malformed = await callService(
      app.url,
      'POST',
      `/v1/matters/${crypto.randomUUID()}/eligibility-decision`,
      await app.token(roleFor(document, route, 'post'), ['denver']),
      { ...exampleBody(document, route, 'post'), eligible: 'yes' },
    );
    expect(malformed.status).toBe(400);
  });
});

describe('the OpenAPI document the case-management service serves', () => {
  let app: ServiceApp;
  let document: OpenApiNode;
  beforeAll(async () => {
    app = await startServiceApp(CaseManagementModule, { label: 'openapi_case_management' });
    document = await servedDocument(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('is the committed docs/openapi-case-management.json, and valid OpenAPI 3.0', async () => {
    expect(document).toEqual(committed('case-management'));
    expect(await new Validator().validate(structuredClone(document))).toEqual({ valid: true });
  });

  it("takes the contact built from the document's examples past validation (404: no such case here)", async () => {
    const route = '/v1/cases/{caseId}/contacts';
    const token = await app.token(roleFor(document, route, 'post'), ['denver']);
    const body = exampleBody(document, route, 'post');
    const answer = await callService(app.url, 'POST', `/v1/cases/${crypto.randomUUID()}/contacts`, token, body);
    expect({ status: answer.status, body: answer.body }).toMatchObject({ status: 404 });
    // The control: a body the document does not describe is refused before the case is looked for.
    const malformed = await callService(app.url, 'POST', `/v1/cases/${crypto.randomUUID()}/contacts`, token, {
      ...body,
      successful: 'yes',
    });
    expect(malformed.status).toBe(400);
  });
});
