// `npm run contracts:publish`: writes libs/contracts/published/<type>.v<N>.json for every catalogue
// version not yet published. Never rewrites a published file (what integrators were promised);
// exits 1 when a published version has changed incompatibly since. Runs on the built library (dist/).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { publishedContracts } from '../dist/index.js';
import { publishSchemas } from '../dist/publication/publish-schemas.js';

const directory = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'published');
const report = publishSchemas(directory, publishedContracts);

for (const file of report.added) console.log(`published   ${file}`);
console.log(`unchanged   ${report.unchanged.length} version(s) already published`);
for (const { file, breaking } of report.kept) {
  if (breaking.length === 0) {
    console.log(
      `kept        ${file}: the version changed compatibly since it was published; the file stays as published`,
    );
  } else {
    console.error(
      `REFUSED     ${file}: published files are never overwritten, and this change breaks the published version:`,
    );
    for (const problem of breaking) console.error(`              ${problem}`);
    console.error('            Add a new version beside it instead (docs/contracts.md, "Adding a version").');
  }
}
if (report.kept.some(({ breaking }) => breaking.length > 0)) process.exitCode = 1;
