import { Inject, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { auditedMethod, type RefusalReason } from '../audit/refusal.js';
import { RefusalLedger } from '../audit/refusal-ledger.js';
import {
  AuthenticationFailed,
  KeySetUnavailable,
  type AuthenticationFailureReason,
} from '../authentication/authentication-failed.js';
import { bearerToken } from '../authentication/bearer-token.js';
import { TokenVerifier } from '../authentication/token-verifier.js';
import { VIEWS_BY_RESTRICTION, type DisclosureView } from '../disclosure/disclosure-view.js';
import type { AccessPolicy, RoutePolicy } from '../policy/access-policy.js';
import { isPurposeOfUse, PURPOSE_OF_USE_HEADER, PURPOSES_OF_USE } from '../policy/purpose-of-use.js';
import { routeKey, type RouteKey } from '../policy/route-key.js';
import type { Principal } from '../principal.js';
import { ROLES, type Role } from '../roles.js';
import { AddressThrottle } from '../throttle/address-throttle.js';
import { AccessSettings, pseudonymKey } from '../settings/access-settings.js';
import { AccessContext } from './access-context.js';
import { authenticationUnavailable, forbidden, invalidHeader, throttled, unauthenticated } from './access-problems.js';
import { ClientAddress } from './client-address.js';
import { ACCESS_POLICY } from './access-policy.token.js';
import { attachAccessContext } from './caller.decorator.js';
import { PARTICIPANT_READ } from './participant-read.decorator.js';
import { assertRequestHygiene } from './request-hygiene.js';

/** The parts of Express's request the guard reads, without depending on Express's type package. */
type Request = IncomingMessage & {
  originalUrl?: string;
  route?: { path?: unknown };
  ip?: string;
  user?: Principal;
  body?: unknown;
  query?: unknown;
};

interface GuardRefusal {
  status: number;
  reason: RefusalReason;
  principal?: Principal;
  verifiedSubject?: string;
}

/**
 * Runs on every route, before anything else of Nest's (interceptors, pipes, handler):
 * policy entry → bearer token → role → request hygiene → purpose of use. Every refusal is counted
 * in the access audit (per address and window). A request refused before anyone is authenticated
 * (no or a bad token) spends a token of its address's throttle, and once the bucket is empty it is
 * answered 429 instead of 401; a valid token is never throttled, and nothing counts against a
 * subject (docs/access.md, "Throttle"). On success the request carries an `AccessContext`
 * (`@Caller()`), and `request.user` is the principal (the platform's idempotency keys are scoped by it).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('AccessGuard');
  private readonly pseudonymKey: Buffer;

  constructor(
    @Inject(ACCESS_POLICY) private readonly policy: AccessPolicy,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
    @Inject(AddressThrottle) private readonly throttle: AddressThrottle,
    @Inject(RefusalLedger) private readonly ledger: RefusalLedger,
    @Inject(ClientAddress) private readonly clientAddress: ClientAddress,
    @Inject(AccessSettings) settings: AccessSettings,
  ) {
    this.pseudonymKey = pseudonymKey(settings);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<ServerResponse>();
    const path = typeof request.route?.path === 'string' ? request.route.path : undefined;
    const route = path === undefined ? undefined : routeKey(request.method ?? 'GET', path);
    const entry = route === undefined ? undefined : this.policy[route];
    const address = this.clientAddress.of(request);
    if (!entry) {
      // Start-up refuses such an app; this is the second line, for routes added after start.
      this.refuse(request, address, route ?? null, { status: 403, reason: 'no-policy' });
      throw forbidden();
    }
    const handlerAudited = Reflect.getMetadata(PARTICIPANT_READ, context.getHandler()) === true;
    if (handlerAudited !== entry.audited)
      throw new Error(`${route}: @ParticipantRead() and the policy's audited flag disagree`);
    if (entry.scope === 'public') {
      assertRequestHygiene(request.body, request.query);
      return true;
    }

    const bearer = bearerToken(request.headers.authorization);
    let principal: Principal;
    try {
      if (bearer.kind === 'absent') throw new AuthenticationFailed('missing');
      if (bearer.kind === 'malformed') throw new AuthenticationFailed('malformed');
      principal = await this.verifier.verify(bearer.token);
    } catch (error) {
      if (error instanceof KeySetUnavailable) {
        this.logger.error({ msg: 'Cannot verify bearer tokens', err: error });
        throw authenticationUnavailable();
      }
      if (!(error instanceof AuthenticationFailed)) throw error;
      return this.refuseUnauthenticated(request, response, address, route!, error);
    }
    request.user = principal;

    const acting = actingRole(entry, principal);
    if (!acting) {
      this.refuse(request, address, route!, { status: 403, reason: 'role-not-allowed', principal });
      throw forbidden();
    }
    // Here rather than in an interceptor: it must run before anything else reads the body (the
    // platform's idempotency interceptor hashes it; class-transformer recurses into it).
    assertRequestHygiene(request.body, request.query);
    let purpose: (typeof PURPOSES_OF_USE)[number] | undefined;
    if (entry.audited) {
      const offered = request.headers[PURPOSE_OF_USE_HEADER];
      if (!isPurposeOfUse(offered)) {
        throw invalidHeader('X-Purpose-Of-Use', `is required on this route: one of ${PURPOSES_OF_USE.join(', ')}`);
      }
      purpose = offered;
    }
    attachAccessContext(
      request,
      new AccessContext(
        principal,
        route!,
        entry,
        acting.role,
        acting.view,
        purpose,
        this.pseudonymKey,
        () => new Date(),
      ),
    );
    return true;
  }

  /**
   * No credential, or one that proves nothing: 401, or 429 once the address's bucket is empty. The
   * throttle fails open: a database that cannot count must not turn every bad token into a 500.
   */
  private async refuseUnauthenticated(
    request: Request,
    response: ServerResponse,
    address: string,
    route: RouteKey,
    failure: AuthenticationFailed,
  ): Promise<never> {
    const reason: AuthenticationFailureReason = failure.reason;
    const verifiedSubject = failure.verifiedSubject;
    const verdict = await this.throttle.spend(address).catch((error: unknown) => {
      this.logger.error({ msg: 'Cannot consult the address throttle; refusing without it', err: error });
      return { allowed: true as const };
    });
    if (!verdict.allowed) {
      this.refuse(request, address, route, { status: 429, reason, verifiedSubject });
      response.setHeader('Retry-After', String(verdict.retryAfterSeconds));
      throw throttled(verdict.retryAfterSeconds);
    }
    this.refuse(request, address, route, { status: 401, reason, verifiedSubject });
    response.setHeader(
      'WWW-Authenticate',
      reason === 'missing' ? 'Bearer realm="lead"' : 'Bearer realm="lead", error="invalid_token"',
    );
    throw unauthenticated();
  }

  /** Counts a refusal in the access audit (in memory; written per address and window). */
  private refuse(request: Request, address: string, route: RouteKey | null, refusal: GuardRefusal): void {
    this.ledger.record({
      status: refusal.status,
      reason: refusal.reason,
      method: auditedMethod(request.method),
      route,
      address,
      subject: refusal.principal?.subject ?? refusal.verifiedSubject ?? null,
      agency: refusal.principal?.agency ?? null,
    });
  }
}

/**
 * The role the request acts in. On audited routes the caller gets the most restrictive view among
 * its allowed roles (minimum necessary); elsewhere the first allowed role in `ROLES` order.
 */
function actingRole(entry: RoutePolicy, principal: Principal): { role: Role; view?: DisclosureView } | undefined {
  const allowed = ROLES.filter((role) => entry.roles.includes(role) && principal.roles.includes(role));
  if (allowed.length === 0) return undefined;
  if (!entry.audited) return { role: allowed[0] };
  const byView = (role: Role) => VIEWS_BY_RESTRICTION.indexOf(entry.views![role]!);
  const role = [...allowed].sort((a, b) => byView(a) - byView(b))[0];
  return { role, view: entry.views![role]! };
}
