import { canonicalJson } from '@lead/event-store';

/** The scope of a request no access layer identified. */
export const ANONYMOUS_SCOPE = 'anonymous';

/**
 * The parts of `request.user` (the access layer's principal) that say whose key it is. Typed here rather than
 * imported: the platform sits below the access library and must not depend on it.
 */
export interface IdempotencyPrincipal {
  subject?: string;
  agency?: string;
  jurisdictions?: readonly string[];
}

/**
 * Who a key belongs to: the caller's subject, agency and jurisdictions, as one canonical JSON text, or the anonymous
 * caller when no access layer identified one. The subject alone is not enough: a handler scopes what it does by the
 * agency and jurisdictions too, and a replay skips the handler, so a key scoped by subject alone handed one agency's
 * stored answer (another jurisdiction's record) to the same subject acting for another. Jurisdictions are a set:
 * their order in the token does not make another caller.
 */
export function idempotencyScopeOf(request: { user?: IdempotencyPrincipal }): string {
  const principal = request.user;
  if (principal?.subject === undefined) return ANONYMOUS_SCOPE;
  return canonicalJson({
    subject: principal.subject,
    agency: principal.agency ?? null,
    jurisdictions: [...new Set(principal.jurisdictions ?? [])].sort(),
  });
}
