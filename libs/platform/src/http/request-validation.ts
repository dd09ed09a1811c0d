import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ProblemException, ProblemType, type FieldError } from './problem-details.js';

/**
 * Whitelisting strips nothing silently: an unknown field is an error, because a misspelt
 * optional field would otherwise be dropped and the caller would never learn it.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // Submitted values stay out of error objects: they may be personal data.
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => requestValidationFailed(errors),
  });
}

export function requestValidationFailed(errors: ValidationError[]): ProblemException {
  const fieldErrors = fieldErrorsOf(errors);
  const fields = fieldErrors.map((error) => error.field).join(', ');
  return new ProblemException({
    type: ProblemType.ValidationFailed,
    title: 'The request is not valid',
    status: 400,
    detail: fieldErrors.length === 1 ? `Invalid field: ${fields}` : `Invalid fields: ${fields}`,
    errors: fieldErrors,
  });
}

/** class-validator nests errors of nested objects and arrays; clients want one flat list of paths. */
export function fieldErrorsOf(errors: ValidationError[], parentPath = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = [parentPath, error.property].filter((part) => part !== undefined && part !== '').join('.');
    const own: FieldError[] = error.constraints
      ? [{ field: field === '' ? '(body)' : field, messages: Object.values(error.constraints) }]
      : [];
    return [...own, ...fieldErrorsOf(error.children ?? [], field)];
  });
}
