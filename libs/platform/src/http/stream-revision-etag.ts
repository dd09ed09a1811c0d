import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { ProblemException, ProblemType } from './problem-details.js';

const ENTITY_TAG = /^(?:W\/)?"(\d{1,15})"$/;

/**
 * The stream revision a client last saw, from `If-Match: "<revision>"` (DESIGN.md §8), or
 * undefined when the header is absent or `*`. The handler passes it to the repository as the
 * expected revision, so a stale edit is a 409 with the current revision instead of a lost update.
 */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined || header === '*') return undefined;
  const value = Array.isArray(header) ? header.join(',') : header;
  const match = ENTITY_TAG.exec(value.trim());
  if (!match) {
    throw new ProblemException({
      type: ProblemType.ValidationFailed,
      title: 'The request is not valid',
      status: 400,
      detail: 'If-Match must be one entity tag holding the revision the change is based on, e.g. "3".',
      errors: [{ field: 'header:If-Match', messages: ['must be one entity tag such as "3"'] }],
    });
  }
  return Number(match[1]);
}

/** `@IfMatchRevision() revision: number | undefined` in a controller method. */
export const IfMatchRevision = createParamDecorator((_: unknown, context: ExecutionContext) =>
  parseIfMatch(
    context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers['if-match'],
  ),
);

/** Tells the client which revision it now holds, for its next `If-Match`. */
export function setRevisionETag(response: Pick<ServerResponse, 'setHeader'>, revision: number): void {
  response.setHeader('ETag', `"${revision}"`);
}
