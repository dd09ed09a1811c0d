// Why: the npm registry this project installs from only serves the platform builds of optional
// native packages for the platforms it mirrors, so `npm install` records the parent but not the
// children and `npm ci` then refuses the lock. Run `node infra/lockfile-platform-stubs.mjs` after
// changing dependencies; the entries it adds are skipped on other platforms, never downloaded.
// Adds lock entries for optional platform packages that the lock's parents list but the lock lacks.
import fs from 'node:fs';
const file = process.argv[2] || 'package-lock.json';
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const pk = lock.packages;
const platform = (name) => {
  const m = name.match(
    /-(android|darwin|freebsd|linux|openharmony|win32)-(arm64|arm|x64|ia32|loong64|ppc64|riscv64|s390x)(?:-(gnu|musl|gnueabihf|musleabihf|eabi|msvc))?$/,
  );
  if (!m) return null;
  const [, os, cpu, abi] = m;
  const out = { os: [os], cpu: [cpu] };
  if (os === 'linux' && abi) out.libc = [abi.startsWith('musl') ? 'musl' : 'glibc'];
  return out;
};
let added = 0;
for (const [key, entry] of Object.entries(pk)) {
  if (!key.startsWith('node_modules/') || !entry.optionalDependencies) continue;
  for (const [dep, version] of Object.entries(entry.optionalDependencies)) {
    const at = `node_modules/${dep}`;
    if (pk[at] || pk[`${key}/node_modules/${dep}`]) continue;
    const p = platform(dep);
    if (!p) {
      console.error('skip (no platform in name):', dep);
      continue;
    }
    pk[at] = {
      version,
      ...(p.cpu && { cpu: p.cpu }),
      dev: entry.dev || undefined,
      ...(p.libc && { libc: p.libc }),
      license: entry.license,
      optional: true,
      os: p.os,
    };
    added++;
  }
}
const sorted = Object.fromEntries(
  Object.entries(pk).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en'))),
);
lock.packages = sorted;
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log('added', added);
