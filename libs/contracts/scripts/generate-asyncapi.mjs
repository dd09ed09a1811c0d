// `npm run contracts:asyncapi`: writes docs/asyncapi.yaml from the contract catalogue. The file is
// never edited by hand; a test rebuilds it and fails when the committed one differs. Runs on the
// built library (dist/).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAsyncApiDocument } from '../dist/asyncapi/asyncapi-document.js';
import { renderAsyncApiYaml } from '../dist/asyncapi/asyncapi-yaml.js';

const target = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'asyncapi.yaml');
fs.writeFileSync(target, renderAsyncApiYaml(buildAsyncApiDocument()));
console.log(`wrote ${path.relative(process.cwd(), target)}`);
