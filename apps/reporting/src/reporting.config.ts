import { withAccessSettings } from '@lead/access';
import { isProduction, KeySetting, readDevelopmentKey } from '@lead/crypto';
import { ServiceConfig } from '@lead/platform';
import { IsNotEmpty, IsString, Matches } from 'class-validator';
import { hkdfSync } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: this file sits at the same depth in `src/` and `dist/`. */
const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const COARSE_DISTRICTS = /^$|^[a-z0-9-]+:[A-Za-z0-9_-]+(,[a-z0-9-]+:[A-Za-z0-9_-]+)*$/;

/** Settings of the reporting service: the platform's and access settings, with its own default port. */
export class ReportingConfig extends withAccessSettings(ServiceConfig) {
  override HTTP_PORT = 3004;

  /**
   * Folder of jurisdiction protocols, relative to the repository root: the same as the other services'. Reports count
   * in each jurisdiction's local days (its protocol's time zone) and price its legal-system costs by its unit costs.
   */
  @IsString()
  @IsNotEmpty({ message: '$property must not be empty' })
  JURISDICTIONS_CONFIG_DIR: string = 'config';

  /**
   * Keys the HMAC that names participants in evaluator exports (base64, ≥ 32 bytes), per deployment. Unset outside
   * production: derived from the committed development pseudonym key. Required in production.
   */
  @KeySetting(checkExportKey)
  EVALUATOR_EXPORT_KEY?: string;

  /**
   * Districts coarse enough for a de-identified export (HIPAA safe harbor: a geographic unit of 20,000 people or
   * more, like a 3-digit ZIP), as `jurisdiction:district` pairs, comma-separated (`denver:D1,denver:D6`). Empty: no
   * district is exported de-identified; the jurisdiction is the geography.
   */
  @Matches(COARSE_DISTRICTS, { message: '$property must list jurisdiction:district pairs, comma-separated' })
  EVALUATOR_EXPORT_COARSE_DISTRICTS: string = '';
}

export function jurisdictionsConfigDir(config: ReportingConfig): string {
  const dir = config.JURISDICTIONS_CONFIG_DIR;
  return isAbsolute(dir) ? dir : resolve(REPOSITORY_ROOT, dir);
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** The committed pseudonym key (config/dev-keys), from which the development export key is derived. */
const DEVELOPMENT_PSEUDONYM_KEY_FILE = 'DEVELOPMENT-ONLY-pseudonym-key.txt';

function checkExportKey(value: unknown, settings: object): string | undefined {
  if (value === undefined)
    return isProduction(settings) ? 'is required when NODE_ENV=production (base64, at least 32 bytes)' : undefined;
  if (typeof value !== 'string' || !BASE64.test(value) || Buffer.from(value, 'base64').length < 32)
    return 'must be at least 32 bytes, base64-encoded (openssl rand -base64 32)';
  return undefined;
}

/** The export key in force: the configured one, else (outside production only) one derived from the development key. */
export function evaluatorExportKey(config: ReportingConfig): Buffer {
  if (config.EVALUATOR_EXPORT_KEY !== undefined) return Buffer.from(config.EVALUATOR_EXPORT_KEY, 'base64');
  if (isProduction(config)) throw new Error('EVALUATOR_EXPORT_KEY is required when NODE_ENV=production');
  const development = Buffer.from(readDevelopmentKey(DEVELOPMENT_PSEUDONYM_KEY_FILE), 'base64');
  return Buffer.from(hkdfSync('sha256', development, Buffer.alloc(0), 'lead-evaluator-export/v1', 32));
}

/** The districts a de-identified export may name, by jurisdiction. */
export function coarseDistricts(config: ReportingConfig): ReadonlyMap<string, ReadonlySet<string>> {
  const byJurisdiction = new Map<string, Set<string>>();
  for (const pair of config.EVALUATOR_EXPORT_COARSE_DISTRICTS.split(',').filter(Boolean)) {
    const [jurisdiction, district] = pair.split(':');
    byJurisdiction.set(jurisdiction, (byJurisdiction.get(jurisdiction) ?? new Set()).add(district));
  }
  return byJurisdiction;
}
