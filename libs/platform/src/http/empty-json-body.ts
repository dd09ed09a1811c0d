import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A request that says it carries JSON and carries nothing is malformed, like any body that is not JSON: answered 400
 * ("The request body is not valid JSON.") rather than read as `{}`, which a route whose fields are all optional
 * would take as a valid command. A request without a body and without a JSON content type is left as it is.
 */
export function emptyJsonBodyMiddleware(
  request: IncomingMessage,
  _response: ServerResponse,
  next: (error?: unknown) => void,
): void {
  const type = request.headers['content-type'] ?? '';
  if (request.headers['content-length'] === '0' && /^application\/(.+\+)?json\b/i.test(type)) {
    next(Object.assign(new SyntaxError('Unexpected end of JSON input'), { type: 'entity.parse.failed', status: 400 }));
    return;
  }
  next();
}
