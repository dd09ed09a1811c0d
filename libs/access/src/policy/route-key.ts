/** HTTP methods a route of this backend may use (HEAD is answered by the GET route). */
export const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];

/**
 * A route as the access policy names it: method and the path pattern as Express registered it,
 * e.g. `GET /v1/participants/:participantId`. The same string the guard computes for a request,
 * and the route inventory lists, so the three cannot drift apart.
 */
export type RouteKey = `${RouteMethod} /${string}`;

const ROUTE_KEY = new RegExp(`^(${ROUTE_METHODS.join('|')}) /[^\\s]*$`);

export function isRouteKey(value: string): value is RouteKey {
  return ROUTE_KEY.test(value);
}

export function routeKey(method: string, path: string): RouteKey {
  const upper = method.toUpperCase();
  return `${upper === 'HEAD' ? 'GET' : upper} ${path}` as RouteKey;
}
