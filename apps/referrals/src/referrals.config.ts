import { withAccessSettings } from '@lead/access';
import { isProduction, KeySetting, readDevelopmentKey, withDataKeySettings } from '@lead/crypto';
import { ServiceConfig } from '@lead/platform';
import { IsNotEmpty, IsString } from 'class-validator';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: this file sits at the same depth in `src/` and `dist/`. */
const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Committed, public, well-known: see config/dev-keys/README.md. Never accepted in production. */
export const DEVELOPMENT_MATCHING_KEY_FILE = 'DEVELOPMENT-ONLY-participant-matching-key.txt';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function developmentMatchingKeyOrUndefined(): string | undefined {
  try {
    return readDevelopmentKey(DEVELOPMENT_MATCHING_KEY_FILE);
  } catch {
    return undefined;
  }
}

function checkMatchingKey(value: unknown, settings: object): string | undefined {
  if (value === undefined)
    return isProduction(settings) ? 'is required when NODE_ENV=production (base64, at least 32 bytes)' : undefined;
  if (typeof value !== 'string' || !BASE64.test(value) || Buffer.from(value, 'base64').length < 32) {
    return 'must be at least 32 bytes, base64-encoded (openssl rand -base64 32)';
  }
  if (isProduction(settings) && value === developmentMatchingKeyOrUndefined()) {
    return 'must not be the development key from config/dev-keys when NODE_ENV=production';
  }
  return undefined;
}

/** Settings of the referrals service: the platform's, access and data keys, with its own default port. */
export class ReferralsConfig extends withDataKeySettings(withAccessSettings(ServiceConfig)) {
  override HTTP_PORT = 3001;

  /** Folder of jurisdiction protocols (`offenses/`, `jurisdictions/<id>/<version>.json`); relative to the repository root. */
  @IsString()
  @IsNotEmpty({ message: '$property must not be empty' })
  JURISDICTIONS_CONFIG_DIR: string = 'config';

  /**
   * Secret from which each jurisdiction's participant matching key is derived (base64, ≥ 32 bytes).
   * Unset outside production: the committed development key.
   */
  @KeySetting(checkMatchingKey)
  PARTICIPANT_MATCHING_KEY?: string;
}

export function jurisdictionsConfigDir(config: ReferralsConfig): string {
  const dir = config.JURISDICTIONS_CONFIG_DIR;
  return isAbsolute(dir) ? dir : resolve(REPOSITORY_ROOT, dir);
}

/** The configured matching key, else (outside production only) the development key. */
export function participantMatchingKey(config: ReferralsConfig): Buffer {
  if (config.PARTICIPANT_MATCHING_KEY !== undefined) return Buffer.from(config.PARTICIPANT_MATCHING_KEY, 'base64');
  if (isProduction(config)) throw new Error('PARTICIPANT_MATCHING_KEY is required when NODE_ENV=production');
  return Buffer.from(readDevelopmentKey(DEVELOPMENT_MATCHING_KEY_FILE), 'base64');
}
