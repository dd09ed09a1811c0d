import { isISO8601, registerDecorator, type ValidationArguments } from 'class-validator';

/** A time of day with seconds optional and an explicit offset: `Z` or `±hh:mm`. */
const WITH_OFFSET = /T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO 8601 date-time with its offset: one instant, whatever the server's time zone. `@IsISO8601` alone accepts
 * forms `new Date()` cannot read (week dates `2025-W10-3`, basic `20250305T100000Z`, decimal commas: a handler made
 * a 500 of them) and local times without an offset, which the published contracts refuse (`date-time`), so the
 * relay would stop at such an event. For a calendar date (a birth date) use `@IsISO8601({ strict: true })`.
 */
export function IsInstant(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: (args: ValidationArguments) =>
          `${args.property} must be an ISO 8601 date-time such as 2025-03-04T21:15:00Z`,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          isISO8601(value, { strict: true }) &&
          WITH_OFFSET.test(value) &&
          !Number.isNaN(Date.parse(value)),
      },
    });
}
