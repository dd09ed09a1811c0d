import { IsNotInFuture } from '@lead/platform';
import { applyDecorators } from '@nestjs/common';
import { IsISO8601, IsString, Matches } from 'class-validator';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day, `YYYY-MM-DD`, not in the future. */
export function IsPastDay(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    Matches(ISO_DATE, { message: '$property must be a date, YYYY-MM-DD' }),
    IsISO8601({ strict: true }),
    IsNotInFuture(),
  );
}

/** A real calendar day, `YYYY-MM-DD`. */
export function IsDay(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    Matches(ISO_DATE, { message: '$property must be a date, YYYY-MM-DD' }),
    IsISO8601({ strict: true }),
  );
}
