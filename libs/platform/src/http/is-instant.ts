import { Transform } from 'class-transformer';
import { isISO8601, registerDecorator, type ValidationArguments } from 'class-validator';

/** A time of day with seconds optional and an explicit offset: `Z` or `±hh:mm`. */
const WITH_OFFSET = /T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Whether `value` is an ISO 8601 date-time with its offset that `new Date()` reads as the same instant. `isISO8601`
 * alone accepts forms `new Date()` cannot read (week dates `2025-W10-3`, basic `20250305T100000Z`, decimal commas:
 * a handler made a 500 of them) and local times without an offset, which name no instant.
 */
export function isInstant(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    isISO8601(value, { strict: true }) &&
    WITH_OFFSET.test(value) &&
    !Number.isNaN(Date.parse(value))
  );
}

/**
 * The one spelling of an instant that is stored and published: UTC with seconds and milliseconds,
 * `2026-12-02T00:01:00.000Z` (`Date#toISOString`, an RFC 3339 `date-time`). Anything that is not an instant is
 * returned as it came, for the validator to refuse.
 */
export function canonicalInstant(value: unknown): unknown {
  return isInstant(value) ? new Date(value).toISOString() : value;
}

/**
 * An ISO 8601 date-time with its offset (seconds optional): one instant, whatever the server's time zone, which
 * leaves validation in its canonical form, UTC with seconds (`2026-12-02T00:01+01:00` becomes
 * `2026-12-01T23:01:00.000Z`). The published contracts' `date-time` needs the seconds and the offset, and the relay
 * stops at an event it cannot publish, so the form sent never reaches the store. A value that names no instant
 * (no offset, no such calendar day, a week date) is refused with 400 naming the field.
 *
 * The canonical form is applied by class-transformer when the request is turned into its DTO (the validation pipe
 * runs with `transform: true`); the check itself accepts the sent and the canonical form alike. For a calendar date
 * (a birth date) use `@IsISO8601({ strict: true })`.
 */
export function IsInstant(): PropertyDecorator {
  const canonical = Transform(({ value }) => canonicalInstant(value), { toClassOnly: true });
  return (target, propertyName) => {
    canonical(target, propertyName);
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: (args: ValidationArguments) =>
          `${args.property} must be an ISO 8601 date-time such as 2025-03-04T21:15:00Z`,
      },
      validator: { validate: (value: unknown) => isInstant(value) },
    });
  };
}
