import { Inject, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { currentCorrelationId } from '@lead/platform';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AccessAuditLog } from '../audit/access-audit-log.js';
import type { AuthorizationFailureReason } from '../audit/access-audit-events.js';
import { AuthenticationFailed, KeySetUnavailable } from '../authentication/authentication-failed.js';
import { bearerToken } from '../authentication/bearer-token.js';
import {
  addressKey,
  FailedAuthenticationLimiter,
  subjectKey,
} from '../authentication/failed-authentication-limiter.js';
import { TokenVerifier } from '../authentication/token-verifier.js';
import { VIEWS_BY_RESTRICTION, type DisclosureView } from '../disclosure/disclosure-view.js';
import type { AccessPolicy, RoutePolicy } from '../policy/access-policy.js';
import { isPurposeOfUse, PURPOSE_OF_USE_HEADER, PURPOSES_OF_USE } from '../policy/purpose-of-use.js';
import { routeKey, type RouteKey } from '../policy/route-key.js';
import type { Principal } from '../principal.js';
import { ROLES, type Role } from '../roles.js';
import { AccessSettings, pseudonymKey } from '../settings/access-settings.js';
import { AccessContext } from './access-context.js';
import { authenticationUnavailable, forbidden, invalidHeader, lockedOut, unauthenticated } from './access-problems.js';
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

interface Refusal {
  status: 401 | 403 | 429;
  reason: AuthorizationFailureReason;
  principal?: Principal;
  verifiedSubject?: string;
}

/**
 * Runs on every route, before anything else of Nest's (interceptors, pipes, handler):
 * policy entry → lockout → bearer token → role → request hygiene → purpose of use. Every refusal is recorded in the
 * access audit; refused tokens count towards the lockout of the client address (and of the subject
 * when the signature was genuine). On success the request carries an `AccessContext` (`@Caller()`),
 * and `request.user` is the principal (the platform's idempotency keys are scoped by its subject).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('AccessGuard');
  private readonly pseudonymKey: Buffer;

  constructor(
    @Inject(ACCESS_POLICY) private readonly policy: AccessPolicy,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
    @Inject(FailedAuthenticationLimiter) private readonly limiter: FailedAuthenticationLimiter,
    @Inject(AccessAuditLog) private readonly audit: AccessAuditLog,
    @Inject(AccessSettings) private readonly settings: AccessSettings,
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
    if (!entry) {
      // Start-up refuses such an app; this is the second line, for routes added after start.
      await this.refuse(request, route ?? null, { status: 403, reason: 'no-policy' });
      throw forbidden();
    }
    const handlerAudited = Reflect.getMetadata(PARTICIPANT_READ, context.getHandler()) === true;
    if (handlerAudited !== entry.audited)
      throw new Error(`${route}: @ParticipantRead() and the policy's audited flag disagree`);
    if (entry.scope === 'public') {
      assertRequestHygiene(request.body, request.query);
      return true;
    }

    const address = clientAddress(request);
    const bearer = bearerToken(request.headers.authorization);
    if (bearer.kind === 'absent') {
      // Presenting no credential is not a failed attempt: it does not count towards a lockout.
      await this.refuse(request, route!, { status: 401, reason: 'missing' });
      response.setHeader('WWW-Authenticate', 'Bearer realm="lead"');
      throw unauthenticated();
    }
    if (this.limiter.check([addressKey(address)]).locked) {
      await this.refuse(request, route!, { status: 429, reason: 'locked-out' });
      this.setRetryAfter(response);
      throw lockedOut();
    }

    let principal: Principal;
    try {
      if (bearer.kind === 'malformed') throw new AuthenticationFailed('malformed');
      principal = await this.verifier.verify(bearer.token);
    } catch (error) {
      if (error instanceof KeySetUnavailable) {
        this.logger.error({ msg: 'Cannot verify bearer tokens', err: error });
        throw authenticationUnavailable();
      }
      if (!(error instanceof AuthenticationFailed)) throw error;
      const subject = error.verifiedSubject;
      this.limiter.recordFailure([addressKey(address), ...(subject !== undefined ? [subjectKey(subject)] : [])]);
      await this.refuse(request, route!, { status: 401, reason: error.reason, verifiedSubject: subject });
      response.setHeader('WWW-Authenticate', 'Bearer realm="lead", error="invalid_token"');
      throw unauthenticated();
    }
    if (this.limiter.check([subjectKey(principal.subject)]).locked) {
      await this.refuse(request, route!, { status: 429, reason: 'locked-out', principal });
      this.setRetryAfter(response);
      throw lockedOut();
    }
    this.limiter.recordSuccess([addressKey(address), subjectKey(principal.subject)]);
    request.user = principal;

    const acting = actingRole(entry, principal);
    if (!acting) {
      await this.refuse(request, route!, { status: 403, reason: 'role-not-allowed', principal });
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

  private setRetryAfter(response: ServerResponse): void {
    response.setHeader('Retry-After', String(this.settings.AUTH_LOCKOUT_SECONDS));
  }

  /** Audits a refusal. A failing audit write is logged, not answered: the request is refused either way. */
  private async refuse(request: Request, route: RouteKey | null, refusal: Refusal): Promise<void> {
    const subject = refusal.principal?.subject ?? refusal.verifiedSubject ?? null;
    try {
      await this.audit.recordFailure(
        {
          status: refusal.status,
          reason: refusal.reason,
          method: request.method ?? '?',
          route,
          path: (request.originalUrl ?? request.url ?? '/').split('?')[0],
          address: clientAddress(request),
          subject,
          agency: refusal.principal?.agency ?? null,
          roles: refusal.principal?.roles ?? null,
        },
        currentCorrelationId() ?? 'none',
      );
    } catch (error) {
      this.logger.error({ msg: 'Could not record a refused request in the access audit', err: error });
    }
  }
}

/** The address the request came from (Express's `ip`, which honours `trust proxy` when configured). */
function clientAddress(request: Request): string {
  return request.ip ?? request.socket?.remoteAddress ?? 'unknown';
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
