import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { ConfigError, type InvalidSetting } from './config-error.js';

export type Environment = Record<string, string | undefined>;

/**
 * Builds a config object of `schema` from environment variables and validates it.
 * Only properties that carry a class-validator decorator are read, so the rest of the
 * environment (PATH, HOME, …) never leaks into the config. An empty variable counts as unset
 * because `FOO=` in an env file usually means "no value", not "the empty string".
 *
 * @throws ConfigError naming every invalid setting.
 */
export function loadConfig<T extends object>(
  schema: new () => T,
  env: Environment = process.env,
  serviceName?: string,
): T {
  const config = new schema();
  for (const setting of declaredSettings(schema)) {
    const raw = env[setting]?.trim();
    if (raw === undefined || raw === '') continue;
    const values = config as Record<string, unknown>;
    values[setting] = convert(raw, settingType(schema, setting, values[setting]));
  }
  // One problem per setting is enough to fix it; values stay out of errors as they may be secrets.
  const errors = validateSync(config, {
    forbidUnknownValues: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) throw new ConfigError(errors.map(toInvalidSetting), serviceName);
  return config;
}

function declaredSettings(schema: Function): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(schema, '', true, false);
  return [...new Set(metadata.map((entry) => entry.propertyName))];
}

/**
 * The declared type when the compiler recorded it, otherwise the type of the default value:
 * transpile-only builds record `design:type` as Object for a property like `BATCH_SIZE = 100`.
 */
function settingType(schema: Function, setting: string, defaultValue: unknown): unknown {
  const declared: unknown = Reflect.getMetadata('design:type', schema.prototype, setting);
  if (declared === Number || declared === Boolean) return declared;
  if (typeof defaultValue === 'number') return Number;
  if (typeof defaultValue === 'boolean') return Boolean;
  return declared;
}

/**
 * Environment values are strings; numbers and booleans are converted only when they look like
 * one, so a typo stays a string and fails validation with a message instead of silently
 * becoming NaN or `true` (what `Boolean('false')` would give).
 */
function convert(raw: string, declaredType: unknown): unknown {
  if (declaredType === Number) return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  if (declaredType === Boolean) {
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
  }
  return raw;
}

function toInvalidSetting(error: ValidationError): InvalidSetting {
  return { setting: error.property, problems: Object.values(error.constraints ?? {}) };
}
