import { ValidateBy, type ValidationArguments } from 'class-validator';

/** Settings objects that know whether they run in production. */
export interface EnvironmentAware {
  NODE_ENV?: string;
}

export function isProduction(settings: object): boolean {
  return (settings as EnvironmentAware).NODE_ENV === 'production';
}

/** What a key-like setting may answer when validated: nothing wrong, or why it is refused. */
export type KeySettingCheck = (value: unknown, settings: object) => string | undefined;

/**
 * A setting holding key material. The check sees the whole settings object, because whether a
 * value is acceptable depends on `NODE_ENV`: outside production an unset key means "use the
 * committed development key"; in production it must be set, and must not be that key.
 * The message names the setting and never echoes the value.
 */
export function KeySetting(check: KeySettingCheck): PropertyDecorator {
  return ValidateBy({
    name: 'keySetting',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => check(value, args!.object) === undefined,
      defaultMessage: (args?: ValidationArguments) => `$property ${check(args!.value, args!.object) ?? 'is invalid'}`,
    },
  });
}
