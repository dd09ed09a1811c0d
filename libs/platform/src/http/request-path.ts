import type { IncomingMessage } from 'node:http';

/** The parts of Express's request we read, without depending on Express's type package. */
export type ExpressRequest = IncomingMessage & { originalUrl?: string; baseUrl?: string; route?: { path?: unknown } };

/** The path a request was made to, without the query string: it can carry search terms such as names. */
export function requestPath(request: ExpressRequest): string {
  return (request.originalUrl ?? request.url ?? '/').split('?')[0] ?? '/';
}
