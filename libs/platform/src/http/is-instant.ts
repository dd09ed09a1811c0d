import { isISO8601, registerDecorator, type ValidationArguments } from 'class-validator';

/**
 * An ISO 8601 date or date-time that is also an instant the services can compute with. `@IsISO8601` alone accepts
 * forms (week dates `2025-W10-3`, basic `20250305T100000Z`, decimal commas) that `new Date()` cannot read, and a
 * handler turning one into a Date would answer 500 instead of naming the field.
 */
export function IsInstant(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: (args: ValidationArguments) => `${args.property} must be an ISO 8601 date-time such as 2025-03-04T21:15:00Z`,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && isISO8601(value, { strict: true }) && !Number.isNaN(Date.parse(value)),
      },
    });
}
