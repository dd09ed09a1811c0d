import { StreamNotFound, type EventStore } from '@lead/event-store';
import {
  participantAuditStream,
  PURPOSE_OF_USE_HEADER,
  ROLES,
  type AccessPolicy,
  type PurposeOfUse,
  type Role,
  type RouteInfo,
  type RouteKey,
  type RoutePolicy,
} from '@lead/access';

/** One request of the matrix. */
export interface MatrixRequest {
  /** The concrete path, parameters filled in, e.g. `/v1/participants/<id>`. */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Status of a successful call (default 201 for POST, otherwise 200). */
  successStatus?: number;
  /** Participants a successful call answers about: each must get an access audit entry. */
  participantIds?: readonly string[];
}

/**
 * How to call one route. `own` targets a record in the caller's jurisdiction (or writes into it);
 * `other` the same kind of record in another jurisdiction (defaults to `own`, for routes without a
 * record); `missing` a record that does not exist, whose 404 must be indistinguishable from `other`'s
 * (required for routes addressing one record by a path parameter). Each is called afresh for every
 * case, so write routes get fresh records.
 */
export interface RouteFixture {
  own(role: Role | undefined): MatrixRequest | Promise<MatrixRequest>;
  other?(role: Role): MatrixRequest | Promise<MatrixRequest>;
  missing?(role: Role): MatrixRequest | Promise<MatrixRequest>;
}

export interface RouteMatrixOptions {
  baseUrl: string;
  /** The app's routes (`listRoutes(app)`): a route without a policy entry or fixture is a failure. */
  routes: readonly RouteInfo[];
  policy: AccessPolicy;
  fixtures: Partial<Record<RouteKey, RouteFixture>>;
  /** A valid token for `role`, whose only jurisdiction is `jurisdiction`. */
  token(role: Role, jurisdiction: string): Promise<string>;
  ownJurisdiction: string;
  otherJurisdiction: string;
  /** The service's event store, where the access audit is kept. */
  store: EventStore;
  /**
   * Personal values (names, birth dates, phone numbers…) of the fixtures' participants: a route that
   * is not audited must never answer one, nor may a projection other than `full`.
   */
  personalValues: { own: readonly string[]; other: readonly string[] };
  /** Sent in `X-Purpose-Of-Use` on audited routes. Default `case-management`. */
  purposeOfUse?: PurposeOfUse;
  roles?: readonly Role[];
}

export interface MatrixCase {
  route: RouteKey;
  caller: Role | 'anonymous';
  side: 'own' | 'other' | 'missing';
  expected: number;
  actual: number;
}

export interface RouteMatrixReport {
  cases: MatrixCase[];
  /** Everything that did not hold, one line each (empty when the app follows its policy). */
  mismatches: string[];
}

function methodOf(route: RouteKey): string {
  return route.split(' ')[0];
}

function expectedStatus(
  entry: RoutePolicy,
  caller: Role | 'anonymous',
  side: MatrixCase['side'],
  success: number,
): number {
  if (entry.scope === 'public') return success;
  if (caller === 'anonymous') return 401;
  if (!entry.roles.includes(caller)) return 403;
  if (side !== 'own' && (entry.scope === 'jurisdiction' || entry.scope === 'own-agency')) return 404;
  return success;
}

async function auditCount(store: EventStore, participantId: string): Promise<number> {
  try {
    return (await store.readStream(participantAuditStream(participantId))).length;
  } catch (error) {
    if (error instanceof StreamNotFound) return 0;
    throw error;
  }
}

/** Body of a problem without what differs between any two requests (path, correlation id). */
function comparable(text: string): string {
  try {
    const { instance: _instance, correlationId: _correlationId, ...rest } = JSON.parse(text) as Record<string, unknown>;
    return JSON.stringify(rest);
  } catch {
    return text;
  }
}

/**
 * The access matrix of an app, generated from its policy and its route list: every route × every
 * role × own / other jurisdiction (plus an anonymous call and, for single-record routes, a record
 * that does not exist), each answer checked against what the policy says — 401, 403, 404 or the
 * route's success status. Also checked: another jurisdiction's 404 is byte-for-byte the 404 of a
 * missing record; successful answers of audited routes leave an audit entry per participant; routes
 * that are not audited, and projections other than `full`, answer no personal value; no answer ever
 * carries another jurisdiction's personal values. Runs the cases one at a time (audit counts are
 * compared before and after each).
 */
export async function runRouteMatrix(options: RouteMatrixOptions): Promise<RouteMatrixReport> {
  const roles = options.roles ?? ROLES;
  const mismatches: string[] = [];
  const cases: MatrixCase[] = [];
  const tokens = new Map<string, string>();
  const tokenFor = async (role: Role, jurisdiction: string) => {
    const key = `${role}@${jurisdiction}`;
    if (!tokens.has(key)) tokens.set(key, await options.token(role, jurisdiction));
    return tokens.get(key)!;
  };

  const served = new Set(options.routes.map((route) => route.key));
  for (const key of Object.keys(options.policy)) {
    if (!served.has(key as RouteKey)) mismatches.push(`${key}: in the policy, but the app serves no such route`);
  }

  for (const route of options.routes) {
    const entry = options.policy[route.key];
    const fixture = options.fixtures[route.key];
    if (!entry) {
      mismatches.push(`${route.key} (${route.handler}): no policy entry`);
      continue;
    }
    if (!fixture) {
      mismatches.push(`${route.key} (${route.handler}): no fixture, so the matrix cannot exercise it`);
      continue;
    }
    // A route addressing one record by a path parameter must show that another jurisdiction's record
    // answers exactly like a missing one, so its fixture must say how to ask for a missing record.
    const addressesOneRecord =
      (entry.scope === 'jurisdiction' || entry.scope === 'own-agency') && route.key.includes('/:');
    if (addressesOneRecord && !fixture.missing) {
      mismatches.push(
        `${route.key}: the fixture has no \`missing\` request, so "not visible" cannot be compared with "absent"`,
      );
    }
    const callers: (Role | 'anonymous')[] = ['anonymous', ...roles];
    for (const caller of callers) {
      const sides: MatrixCase['side'][] =
        caller === 'anonymous'
          ? ['own']
          : entry.roles.includes(caller) && addressesOneRecord && fixture.missing
            ? ['own', 'other', 'missing']
            : ['own', 'other'];
      const answers: Partial<Record<MatrixCase['side'], { status: number; text: string; contentType: string }>> = {};
      for (const side of sides) {
        const role = caller === 'anonymous' ? undefined : caller;
        const request = await (side === 'own' || !role
          ? fixture.own(role)
          : side === 'other'
            ? (fixture.other ?? fixture.own)(role)
            : fixture.missing!(role));
        const success = request.successStatus ?? (methodOf(route.key) === 'POST' ? 201 : 200);
        const expected = expectedStatus(entry, caller, side, success);
        const audited = entry.audited ? (request.participantIds ?? []) : [];
        const before = await Promise.all(audited.map((id) => auditCount(options.store, id)));

        const headers: Record<string, string> = { 'content-type': 'application/json', ...request.headers };
        if (role) headers.authorization = `Bearer ${await tokenFor(role, options.ownJurisdiction)}`;
        if (entry.audited) headers[PURPOSE_OF_USE_HEADER] ??= options.purposeOfUse ?? 'case-management';
        const response = await fetch(`${options.baseUrl}${request.path}`, {
          method: methodOf(route.key),
          headers,
          ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        });
        const text = await response.text();
        const contentType = response.headers.get('content-type') ?? '';
        answers[side] = { status: response.status, text, contentType };
        cases.push({ route: route.key, caller, side, expected, actual: response.status });
        const label = `${route.key} × ${caller} × ${side}`;

        if (response.status !== expected) mismatches.push(`${label}: expected ${expected}, got ${response.status}`);
        if (response.status >= 400 && !contentType.startsWith('application/problem+json')) {
          mismatches.push(`${label}: a ${response.status} without application/problem+json`);
        }
        if (options.personalValues.other.some((value) => text.includes(value))) {
          mismatches.push(`${label}: answered another jurisdiction's personal values`);
        }
        const fullView = entry.audited && role !== undefined && entry.views?.[role] === 'full';
        if (!fullView && options.personalValues.own.some((value) => text.includes(value))) {
          const where = entry.audited
            ? `in the ${entry.views?.[role!] ?? 'anonymous'} view`
            : 'on a route that is not audited';
          mismatches.push(`${label}: answered personal values ${where}`);
        }
        if (entry.audited && response.status === expected && expected < 300) {
          const after = await Promise.all(audited.map((id) => auditCount(options.store, id)));
          audited.forEach((id, index) => {
            if (after[index] <= before[index]) mismatches.push(`${label}: no access audit entry for participant ${id}`);
          });
          if (audited.length === 0)
            mismatches.push(`${label}: audited route, but the fixture names no participant to check`);
        }
      }
      const other = answers.other;
      const missing = answers.missing;
      if (other && missing && other.status === 404) {
        if (
          missing.status !== 404 ||
          comparable(other.text) !== comparable(missing.text) ||
          other.contentType !== missing.contentType
        ) {
          mismatches.push(
            `${route.key} × ${caller}: another jurisdiction's 404 differs from a missing record's answer`,
          );
        }
      }
    }
  }
  return { cases, mismatches };
}
