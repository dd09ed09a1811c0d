import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, HttpAdapterHost, MetadataScanner } from '@nestjs/core';
import type { AccessPolicy } from '../policy/access-policy.js';
import { ACCESS_POLICY } from './access-policy.token.js';
import { inventoryRoutes } from './route-inventory.js';

export class AccessPolicyMismatch extends Error {
  override readonly name = 'AccessPolicyMismatch';
  constructor(readonly problems: string[]) {
    super(`The access policy does not match the routes:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/**
 * Fails start-up (routes are registered, no request served yet) when a route has no policy entry,
 * an entry names no route, or a route's `audited` flag and `@ParticipantRead()` marker disagree.
 * Fail fast: an endpoint nobody thought about must not go live, not even answering 403.
 */
@Injectable()
export class AccessPolicyEnforcement implements OnApplicationBootstrap {
  constructor(
    @Inject(ACCESS_POLICY) private readonly policy: AccessPolicy,
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.adapterHost.httpAdapter) return;
    const routes = inventoryRoutes(this.discovery, this.scanner, this.adapterHost);
    const problems: string[] = [];
    const served = new Set<string>(routes.map((route) => route.key));
    for (const route of routes) {
      const entry = this.policy[route.key];
      if (!entry) problems.push(`${route.key} (${route.handler}) has no entry in the access policy`);
      else if (entry.audited && !route.participantRead)
        problems.push(`${route.key} (${route.handler}) is audited in the policy but not marked @ParticipantRead()`);
      else if (!entry.audited && route.participantRead)
        problems.push(`${route.key} (${route.handler}) is marked @ParticipantRead() but not audited in the policy`);
    }
    for (const key of Object.keys(this.policy)) {
      if (!served.has(key)) problems.push(`${key} is in the access policy but no route serves it`);
    }
    if (problems.length > 0) throw new AccessPolicyMismatch(problems);
  }
}
