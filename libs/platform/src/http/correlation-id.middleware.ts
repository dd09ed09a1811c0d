import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { runWithCorrelationId } from '../logging/request-context.js';

export const CORRELATION_ID_HEADER = 'x-correlation-id';

/**
 * What we accept from a caller as its correlation id. Anything else is replaced, because the
 * value is copied into every log line and event: it must not be able to forge log structure
 * or carry a payload.
 */
const ACCEPTABLE_CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const correlationIds = new WeakMap<IncomingMessage, string>();

type Next = (error?: unknown) => void;

/**
 * Runs first: adopts the caller's `x-correlation-id` or mints a UUID, echoes it on the response
 * (so even a body-parsing error carries it) and makes it the current id for the request.
 */
export function correlationIdMiddleware(request: IncomingMessage, response: ServerResponse, next: Next): void {
  const offered = request.headers[CORRELATION_ID_HEADER];
  const correlationId = typeof offered === 'string' && ACCEPTABLE_CORRELATION_ID.test(offered) ? offered : randomUUID();
  correlationIds.set(request, correlationId);
  response.setHeader(CORRELATION_ID_HEADER, correlationId);
  runWithCorrelationId(correlationId, next);
}

/**
 * Runs after the body parser. The parser resumes the middleware chain from stream events; whether
 * the async context opened by `correlationIdMiddleware` survives that depends on the parser and
 * the Node version, so the id is re-entered here instead of being relied on.
 */
export function restoreCorrelationIdMiddleware(request: IncomingMessage, _response: ServerResponse, next: Next): void {
  const correlationId = correlationIds.get(request);
  if (correlationId === undefined) next();
  else runWithCorrelationId(correlationId, next);
}

export function correlationIdOf(request: IncomingMessage): string | undefined {
  return correlationIds.get(request);
}
