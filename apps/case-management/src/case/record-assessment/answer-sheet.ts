import { CONFIGURED_CODE } from '@lead/contracts';
import { registerDecorator, type ValidationOptions } from 'class-validator';

const MAX_ANSWERS = 300;

/**
 * Item ids and option codes are codes (no free text, nothing nested), at most 300 of them: what the instrument
 * then checks item by item. Anything else is a 400 naming the field.
 */
export function IsAnswerSheet(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isAnswerSheet',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must map item ids to option codes (at most 300)', ...options },
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const entries = Object.entries(value as Record<string, unknown>);
          return (
            entries.length <= MAX_ANSWERS &&
            entries.every(
              ([item, code]) => CONFIGURED_CODE.test(item) && typeof code === 'string' && CONFIGURED_CODE.test(code),
            )
          );
        },
      },
    });
}
