import type { IncomingMessage } from 'node:http';

/** The parts of Express's request we read, without depending on Express's type package. */
export type ExpressRequest = IncomingMessage & {
  originalUrl?: string;
  baseUrl?: string;
  route?: { path?: unknown };
  params?: Record<string, unknown>;
};

/**
 * What a problem's `instance` and the request log say when no route matched (an unknown path, a body refused before
 * routing, a request the HTTP parser refused): the path the client sent is not repeated, since nothing vouches for
 * what it holds (a name typed into a URL, a token, bytes meant for a log).
 */
export const UNROUTED_INSTANCE = 'urn:lead:request:unrouted';

/** Route parameters of this backend are ids; only a value of that shape is repeated. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A parameter in an Express route template: `:name`, or a wildcard `*name`. */
const TEMPLATE_PARAMETER = /[:*]([A-Za-z_$][\w$]*)/g;

/**
 * The path a request is named by in problems and logs: the template of the route it matched, with each parameter
 * whose value is a UUID filled in (`/v1/referrals/3f2a…/offer-answer`) and any other left as the template says
 * (`/v1/referrals/:referralId/offer-answer`), never the query string. Every route parameter here is a UUID checked by
 * its pipe, so a value of another shape is one the route refuses, and could be anything the client put there.
 * Without a matched route, `UNROUTED_INSTANCE`.
 */
export function routedPath(request: ExpressRequest): string {
  const template = request.route?.path;
  if (typeof template !== 'string') return UNROUTED_INSTANCE;
  const params = request.params ?? {};
  const filled = template.replace(TEMPLATE_PARAMETER, (parameter, name: string) => {
    const value = params[name];
    return typeof value === 'string' && UUID.test(value) ? value : parameter;
  });
  return `${request.baseUrl ?? ''}${filled}`;
}

/** The template of the route a request matched, for metric labels (one time series per route, not per id). */
export function routeTemplateOf(request: ExpressRequest): string | undefined {
  const template = request.route?.path;
  return typeof template === 'string' ? `${request.baseUrl ?? ''}${template}` : undefined;
}
