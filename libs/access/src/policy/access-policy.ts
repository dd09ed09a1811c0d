import { DISCLOSURE_VIEWS, type DisclosureView } from '../disclosure/disclosure-view.js';
import { isRole, type Role } from '../roles.js';
import { isRouteKey, type RouteKey } from './route-key.js';

/**
 * Which records of a route a caller may reach, and what another jurisdiction's caller gets:
 * - `public`: no token needed (health probes);
 * - `self`: only the caller's own data (who am I);
 * - `jurisdiction`: one record, which must lie in one of the caller's jurisdictions — else 404, as if absent;
 * - `own-agency`: like `jurisdiction`, and the record must also belong to the caller's agency;
 * - `jurisdiction-filtered`: a list or search, filtered to the caller's jurisdictions.
 */
export const SCOPES = ['public', 'self', 'jurisdiction', 'own-agency', 'jurisdiction-filtered'] as const;
export type Scope = (typeof SCOPES)[number];

export interface RoutePolicy {
  /** Roles that may call the route; empty for (and only for) `public` routes. */
  readonly roles: readonly Role[];
  readonly scope: Scope;
  /**
   * The route answers with participant data: every answer is recorded in the access audit, and the
   * handler must be a `@ParticipantRead()` (the app refuses to start otherwise).
   */
  readonly audited: boolean;
  /** For audited routes, the projection each allowed role receives — exactly one per role. */
  readonly views?: Readonly<Partial<Record<Role, DisclosureView>>>;
}

/** The whole policy of a service: one entry per route. A route without an entry is refused at start-up. */
export type AccessPolicy = Readonly<Record<RouteKey, RoutePolicy>>;

export class InvalidAccessPolicy extends Error {
  override readonly name = 'InvalidAccessPolicy';
  constructor(readonly problems: string[]) {
    super(`Invalid access policy:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/**
 * Checks the policy table's own consistency and returns it unchanged, so a service declares it as
 * `export const policy = defineAccessPolicy({ ... })` and a mistake fails at import time.
 */
export function defineAccessPolicy<P extends Record<string, RoutePolicy>>(policy: P): P & AccessPolicy {
  const problems: string[] = [];
  for (const [key, entry] of Object.entries(policy)) {
    if (!isRouteKey(key))
      problems.push(`"${key}": must be "<METHOD> /<path>", e.g. "GET /v1/participants/:participantId"`);
    for (const role of entry.roles) if (!isRole(role)) problems.push(`${key}: unknown role "${role}"`);
    if (new Set(entry.roles).size !== entry.roles.length) problems.push(`${key}: a role is listed twice`);
    if (entry.scope === 'public') {
      if (entry.roles.length > 0) problems.push(`${key}: a public route lists no roles`);
      if (entry.audited) problems.push(`${key}: a public route cannot answer participant data`);
    } else if (entry.roles.length === 0) {
      problems.push(`${key}: no role may call it; remove the route or name the roles`);
    }
    if (entry.audited) {
      const views = entry.views ?? {};
      for (const role of entry.roles) {
        if (views[role] === undefined) problems.push(`${key}: audited, but no view for role ${role}`);
      }
      for (const [role, view] of Object.entries(views)) {
        if (!entry.roles.includes(role as Role))
          problems.push(`${key}: a view for ${role}, which may not call the route`);
        if (!(DISCLOSURE_VIEWS as readonly string[]).includes(view as string))
          problems.push(`${key}: unknown view "${view}"`);
      }
    } else if (entry.views !== undefined) {
      problems.push(`${key}: views are for audited routes (those answering participant data)`);
    }
  }
  if (problems.length > 0) throw new InvalidAccessPolicy(problems);
  return policy as P & AccessPolicy;
}

/** The policy as a Markdown table, for docs and for reviewers. */
export function renderAccessPolicy(policy: AccessPolicy): string {
  const rows = Object.entries(policy)
    .sort(([a], [b]) => a.split(' ')[1].localeCompare(b.split(' ')[1]) || a.localeCompare(b))
    .map(([key, entry]) => {
      const roles = entry.scope === 'public' ? 'anyone' : entry.roles.join(', ');
      const views = entry.audited
        ? Object.entries(entry.views ?? {})
            .map(([role, view]) => `${role}: ${view}`)
            .join('; ')
        : '—';
      return `| \`${key}\` | ${roles} | ${entry.scope} | ${entry.audited ? 'yes' : 'no'} | ${views} |`;
    });
  return ['| route | roles | scope | audited | views |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
