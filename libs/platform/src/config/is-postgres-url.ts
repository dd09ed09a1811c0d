import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * A connection string `pg` accepts. Parsed with WHATWG URL rather than `@IsUrl` because valid
 * PostgreSQL URLs (unix-socket hosts, no TLD, user without password) fail generic URL checks.
 */
export function IsPostgresUrl(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPostgresUrl',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          try {
            const url = new URL(value);
            return url.protocol === 'postgres:' || url.protocol === 'postgresql:';
          } catch {
            return false;
          }
        },
        defaultMessage: () => '$property must be a postgres:// or postgresql:// URL',
      },
    },
    options,
  );
}
