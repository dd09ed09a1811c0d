import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import {
  DATABASE_POOL,
  EVENT_STORE,
  loadConfig,
  REFUSED_CONNECTION_LISTENER,
  SERVICE_DEFINITION,
  SERVICE_SCHEMA,
  type ServiceDefinition,
} from '@lead/platform';
import { migrate, type EventStore } from '@lead/event-store';
import type pg from 'pg';
import { AccessAuditLog } from './audit/access-audit-log.js';
import { RefusalAudit } from './audit/refusal-audit.js';
import { RefusalLedger } from './audit/refusal-ledger.js';
import { TokenVerifier } from './authentication/token-verifier.js';
import { AccessGuard } from './http/access.guard.js';
import { ClientAddress } from './http/client-address.js';
import { HistoryScanLimit } from './audit/history-scan-limit.interceptor.js';
import { HistoryScanSlots } from './audit/history-scan-slots.js';
import { IntegrityHoldScopeInterceptor } from './http/integrity-hold-scope.interceptor.js';
import { NotVisibleAuditInterceptor } from './http/not-visible-audit.interceptor.js';
import { RefusedConnectionCounter } from './http/refused-connection-counter.js';
import { accessMigrations } from './throttle/access-migrations.js';
import { AddressThrottle } from './throttle/address-throttle.js';
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
          provide: AddressThrottle,
          inject: [DATABASE_POOL, SERVICE_SCHEMA, AccessSettings],
          useFactory: async (pool: pg.Pool, schema: string, settings: AccessSettings) => {
            await migrate(pool, schema, accessMigrations, 'access');
            return AddressThrottle.create(pool, schema, {
              burst: settings.AUTH_THROTTLE_BURST,
              perMinute: settings.AUTH_THROTTLE_PER_MINUTE,
            });
          },
        },
        {
          provide: RefusalLedger,
          // After AddressThrottle: its factory creates the tables.
          inject: [DATABASE_POOL, SERVICE_SCHEMA, AccessSettings, AddressThrottle],
          useFactory: (pool: pg.Pool, schema: string, settings: AccessSettings) =>
            new RefusalLedger(pool, schema, settings.ACCESS_AUDIT_REFUSAL_WINDOW_SECONDS * 1000),
        },
        RefusalAudit,
        ClientAddress,
        { provide: REFUSED_CONNECTION_LISTENER, useClass: RefusedConnectionCounter },
        { provide: APP_INTERCEPTOR, useClass: NotVisibleAuditInterceptor },
        // After it (so, inside it): the 404 it turns a foreign caller's hold into is counted as not visible.
        { provide: APP_INTERCEPTOR, useClass: IntegrityHoldScopeInterceptor },
        {
          provide: AccessAuditLog,
          inject: [EVENT_STORE],
          useFactory: (store: EventStore) => new AccessAuditLog(store),
        },
        ParticipantReadInterceptor,
        {
          provide: HistoryScanSlots,
          inject: [AccessSettings],
          useFactory: (settings: AccessSettings) => new HistoryScanSlots(settings.AUDIT_HISTORY_SCANS_CONCURRENT),
        },
        HistoryScanLimit,
        AccessPolicyEnforcement,
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
      exports: [
        ACCESS_POLICY,
        AccessSettings,
        TokenVerifier,
        AddressThrottle,
        RefusalLedger,
        RefusalAudit,
        ClientAddress,
        AccessAuditLog,
        ParticipantReadInterceptor,
        HistoryScanSlots,
        HistoryScanLimit,
      ],
    };
  }
}
