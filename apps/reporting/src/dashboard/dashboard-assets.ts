import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the browser gets for one file of the dashboard. */
export interface DashboardAsset {
  contentType: string;
  /** Text (UTF-8): every file served is text, and Nest would answer a Buffer as JSON. */
  body: string;
}

/**
 * The page's own files. This module sits at the same depth in `src/` and `dist/`, so `../../src/dashboard/assets`
 * is the source folder from both (the image ships `apps/`, sources included): the files are served as written.
 */
const OWN_ASSETS = fileURLToPath(new URL('../../src/dashboard/assets/', import.meta.url));

/** Chart.js's own standalone build (UMD, @kurkle/color bundled in), read from the installed package, never a CDN. */
function chartJsFile(): string {
  // `chart.js` resolves to dist/chart.cjs; the package's exports do not list the UMD file, so it is found beside it.
  return join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');
}

const JAVASCRIPT = 'text/javascript; charset=utf-8';

/** Every file `/dashboard/assets/:asset` serves, by name; anything else is 404. */
const ASSET_FILES: Record<string, { file: () => string; contentType: string }> = {
  'dashboard.mjs': { file: () => join(OWN_ASSETS, 'dashboard.mjs'), contentType: JAVASCRIPT },
  'figures.mjs': { file: () => join(OWN_ASSETS, 'figures.mjs'), contentType: JAVASCRIPT },
  'dashboard.css': { file: () => join(OWN_ASSETS, 'dashboard.css'), contentType: 'text/css; charset=utf-8' },
  'favicon.svg': { file: () => join(OWN_ASSETS, 'favicon.svg'), contentType: 'image/svg+xml; charset=utf-8' },
  'chart.umd.min.js': { file: chartJsFile, contentType: JAVASCRIPT },
};

const PAGE_FILE = 'index.html';

/** The page and its assets, read once on first use (they do not change while the service runs). */
export class DashboardAssets {
  private readonly cache = new Map<string, DashboardAsset>();

  page(): DashboardAsset {
    return this.load(PAGE_FILE, () => join(OWN_ASSETS, PAGE_FILE), 'text/html; charset=utf-8');
  }

  /** The asset of that name, or `undefined` for a name the dashboard does not serve. */
  asset(name: string): DashboardAsset | undefined {
    if (!Object.hasOwn(ASSET_FILES, name)) return undefined;
    const { file, contentType } = ASSET_FILES[name];
    return this.load(name, file, contentType);
  }

  private load(name: string, file: () => string, contentType: string): DashboardAsset {
    let asset = this.cache.get(name);
    if (!asset) {
      asset = { contentType, body: readFileSync(file(), 'utf8') };
      this.cache.set(name, asset);
    }
    return asset;
  }
}
