import { registerDecorator, type ValidationArguments } from 'class-validator';

/** How far ahead of the server's clock a field device's clock may run before its times are refused. */
export const CLOCK_SKEW_ALLOWANCE_MS = 5 * 60_000;

/**
 * An instant that has already happened (within the clock-skew allowance): a referral, a call or an
 * arrival recorded in the future is a typing or clock error, and it would skew every duration the
 * program measures from it. Use after `@IsInstant()`; an unparseable value is left to that check.
 */
export function IsNotInFuture(now: () => number = Date.now): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isNotInFuture',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: (args: ValidationArguments) => `${args.property} must not be in the future` },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string') return true;
          const at = Date.parse(value);
          return Number.isNaN(at) || at <= now() + CLOCK_SKEW_ALLOWANCE_MS;
        },
      },
    });
}
