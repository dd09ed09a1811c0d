#!/usr/bin/env node
// `npm run docs:openapi`: writes each documented service's OpenAPI document to docs/openapi-<service>.json, the
// same document the service serves at /docs-json. Never edited by hand; test/openapi-documents.spec.ts rebuilds
// both generated files and fails when a committed one differs. Two steps, each on the built code (dist/):
//   responses  the success bodies, from the return types of the controllers the service mounts, to
//              apps/<service>/src/<service>.openapi-responses.ts
//   documents  the documents, from the service modules (previewed: no database, nothing started)
// `npm run docs:openapi` builds, runs `responses`, builds again (the apps import what it wrote), then `documents`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { DOCUMENTED_SERVICES, generateResponses, operationIdsOf, renderResponsesModule, renderDocument } =
  await import('../libs/testing/dist/openapi/service-documents.js');

async function write(relative, text) {
  const file = path.join(ROOT, relative);
  const options = (await prettier.resolveConfig(file)) ?? {};
  fs.writeFileSync(file, await prettier.format(text, { ...options, filepath: file }));
  console.log(`wrote ${relative}`);
}

/** Each documented service with its previewed document (the built module: no database, nothing started). */
async function previewed() {
  await import('reflect-metadata');
  const { previewServiceOpenApiDocument } = await import('../libs/platform/dist/index.js');
  const found = [];
  for (const service of DOCUMENTED_SERVICES) {
    const exports = await import(`../apps/${service.name}/dist/${service.name}.module.js`);
    const rootModule = Object.entries(exports).find(([name]) => name.endsWith('Module'))?.[1];
    if (!rootModule) throw new Error(`apps/${service.name}/dist/${service.name}.module.js exports no module`);
    found.push({ service, document: await previewServiceOpenApiDocument(rootModule) });
  }
  return found;
}

const step = process.argv[2];
if (step === 'responses') {
  for (const { service, document } of await previewed()) {
    const responses = generateResponses(service, operationIdsOf(document));
    await write(service.responsesModule, renderResponsesModule(service, responses));
  }
} else if (step === 'documents') {
  for (const { service, document } of await previewed()) await write(service.document, renderDocument(document));
} else {
  console.error('usage: node infra/openapi-documents.mjs responses|documents');
  process.exit(2);
}
