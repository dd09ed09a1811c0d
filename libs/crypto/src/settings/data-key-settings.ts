import { IsOptional, IsString, Matches } from 'class-validator';
import { AES_256_KEY_BYTES } from '../aes-gcm.js';
import { DEVELOPMENT_MASTER_KEY_FILE, readDevelopmentKey } from '../development-keys.js';
import { isProduction, KeySetting } from './production-guard.js';

// TypeScript's mixin pattern requires exactly this constructor signature.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Constructor<T = object> = new (...args: any[]) => T;

/** Key id recorded beside data keys wrapped with the committed development master key. */
export const DEVELOPMENT_MASTER_KEY_ID = 'development-only';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function checkMasterKey(value: unknown, settings: object): string | undefined {
  if (value === undefined) {
    return isProduction(settings) ? 'is required when NODE_ENV=production (32 bytes, base64)' : undefined;
  }
  if (typeof value !== 'string' || !BASE64.test(value) || Buffer.from(value, 'base64').length !== AES_256_KEY_BYTES) {
    return `must be ${AES_256_KEY_BYTES} bytes, base64-encoded (openssl rand -base64 32)`;
  }
  if (isProduction(settings) && value === developmentMasterKeyOrUndefined()) {
    return 'must not be the development key from config/dev-keys when NODE_ENV=production';
  }
  return undefined;
}

function developmentMasterKeyOrUndefined(): string | undefined {
  try {
    return readDevelopmentKey(DEVELOPMENT_MASTER_KEY_FILE);
  } catch {
    return undefined;
  }
}

/**
 * Adds the envelope-encryption settings to a service's config class:
 * `class ReferralsConfig extends withDataKeySettings(ServiceConfig) { … }`.
 */
export function withDataKeySettings<TBase extends Constructor>(Base: TBase) {
  class DataKeySettingsMixin extends Base {
    /** `production` refuses the development keys. */
    @IsOptional()
    @IsString()
    NODE_ENV?: string;

    /** Wraps every participant's data key. Unset outside production: the committed development key. */
    @KeySetting(checkMasterKey)
    DATA_KEY_MASTER_KEY?: string;

    /** Recorded with each wrapped data key, so a rotation can tell which master key wrapped it. */
    @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: '$property must be 1-64 letters, digits, ".", "_" or "-"' })
    DATA_KEY_MASTER_KEY_ID: string = 'primary';

    /** Schema of the data key table; shared by every service of a deployment, like the event store. */
    @Matches(/^[a-z_][a-z0-9_]{0,62}$/, {
      message: '$property must be a lower-case PostgreSQL identifier (a-z, 0-9, _; at most 63 characters)',
    })
    KEY_STORE_SCHEMA: string = 'key_store';
  }
  return DataKeySettingsMixin;
}

/** The data key settings on their own, for code that loads them apart from a service's config. */
export class DataKeySettings extends withDataKeySettings(class {}) {}

/** The master key in force: the configured one, else (outside production only) the development key. */
export function masterKeyMaterial(settings: DataKeySettings): { base64Key: string; keyId: string } {
  if (settings.DATA_KEY_MASTER_KEY !== undefined) {
    return { base64Key: settings.DATA_KEY_MASTER_KEY, keyId: settings.DATA_KEY_MASTER_KEY_ID };
  }
  if (isProduction(settings)) throw new Error('DATA_KEY_MASTER_KEY is required when NODE_ENV=production');
  return { base64Key: readDevelopmentKey(DEVELOPMENT_MASTER_KEY_FILE), keyId: DEVELOPMENT_MASTER_KEY_ID };
}
