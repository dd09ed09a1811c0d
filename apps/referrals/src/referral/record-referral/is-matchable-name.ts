import { registerDecorator, type ValidationArguments } from 'class-validator';
import { isMatchableName } from '../../participant/participant-match-key.js';

/**
 * A name participant matching can use: a letter is left once it is normalised (`isMatchableName`). The check is the
 * matcher's own, so the request is refused (400 naming the field) wherever the matcher would fail later (a 500), and
 * nowhere else. A value that is not a string is left to `@IsString()`.
 */
export function IsMatchableName(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isMatchableName',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: (args: ValidationArguments) =>
          `${args.property} must contain a letter, not only marks, punctuation or spaces`,
      },
      validator: { validate: (value: unknown) => typeof value !== 'string' || isMatchableName(value) },
    });
}
