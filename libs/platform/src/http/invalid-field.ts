import { ProblemException, ProblemType } from './problem-details.js';

/** A 400 naming the field, for what one decorator cannot say (two fields together, an answer that stands alone). */
export function invalidField(field: string, message: string): ProblemException {
  return new ProblemException({
    type: ProblemType.ValidationFailed,
    title: 'The request is not valid',
    status: 400,
    detail: `${field}: ${message}`,
    errors: [{ field, messages: [message] }],
  });
}
