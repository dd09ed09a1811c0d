import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { EVENT_STORE, loadConfig, SERVICE_DEFINITION, type ServiceDefinition } from '@lead/platform';
import type { EventStore } from '@lead/event-store';
import { AccessAuditLog } from './audit/access-audit-log.js';
import { FailedAuthenticationLimiter } from './authentication/failed-authentication-limiter.js';
import { TokenVerifier } from './authentication/token-verifier.js';
import { AccessGuard } from './http/access.guard.js';
import { AccessPolicyEnforcement } from './http/access-policy-enforcement.js';
import { ACCESS_POLICY } from './http/access-policy.token.js';
import { ParticipantReadInterceptor } from './http/participant-read.interceptor.js';
import { defineAccessPolicy, type AccessPolicy } from './policy/access-policy.js';
import { describeAccess } from './policy/openapi-access.js';
import { openApiContribution } from '@lead/platform';
import { AccessSettings } from './settings/access-settings.js';

export interface AccessModuleOptions {
  /** The service's policy: one entry per route (spread in `platformRoutesPolicy` for the probes). */
  policy: AccessPolicy;
}

/**
 * Authentication, authorization, disclosure and access audit for a service. Import it beside
 * `PlatformModule.forRoot(...)`: every route then needs a bearer token unless the policy marks it
 * public, the app refuses to start while a route and the policy disagree, and informant / source
 * fields are refused on every route. Settings (`AccessSettings`) are read from the environment and
 * validated at start-up.
 */
@Module({})
export class AccessModule {
  static forRoot(options: AccessModuleOptions): DynamicModule {
    const policy = defineAccessPolicy(options.policy);
    return {
      module: AccessModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [
        { provide: ACCESS_POLICY, useValue: policy },
        // The policy in the OpenAPI document: the bearer scheme, each route's roles and refusals.
        openApiContribution('access', describeAccess(policy)),
        {
          provide: AccessSettings,
          inject: [SERVICE_DEFINITION],
          useFactory: (definition: ServiceDefinition) =>
            loadConfig(AccessSettings, process.env, definition.serviceName),
        },
        {
          provide: TokenVerifier,
          inject: [AccessSettings],
          useFactory: (settings: AccessSettings) => TokenVerifier.fromSettings(settings),
        },
        {
          provide: FailedAuthenticationLimiter,
          inject: [AccessSettings],
          useFactory: (settings: AccessSettings) =>
            new FailedAuthenticationLimiter({
              threshold: settings.AUTH_LOCKOUT_THRESHOLD,
              windowMs: settings.AUTH_LOCKOUT_SECONDS * 1000,
            }),
        },
        {
          provide: AccessAuditLog,
          inject: [EVENT_STORE],
          useFactory: (store: EventStore) => new AccessAuditLog(store),
        },
        ParticipantReadInterceptor,
        AccessPolicyEnforcement,
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
      exports: [
        ACCESS_POLICY,
        AccessSettings,
        TokenVerifier,
        FailedAuthenticationLimiter,
        AccessAuditLog,
        ParticipantReadInterceptor,
      ],
    };
  }
}
