import type { AuthenticationFailureReason } from '../authentication/authentication-failed.js';
import type { RouteKey } from '../policy/route-key.js';

/** Why a request was refused, for the access audit; never told to the caller beyond its status. */
export type RefusalReason =
  AuthenticationFailureReason | 'role-not-allowed' | 'no-policy' | 'not-visible' | UnreadableRequestReason;

/** What Node's HTTP parser refused before any request existed (the platform's `clientError` answer). */
export const UNREADABLE_REQUEST_REASONS = [
  'headers-too-large',
  'malformed-request',
  'request-timeout',
  'chunk-extensions-too-large',
] as const;
export type UnreadableRequestReason = (typeof UNREADABLE_REQUEST_REASONS)[number];

/** One refused request, as the access audit counts it (a throttled one has status 429 and the reason it was refused). */
export interface Refusal {
  status: number;
  reason: RefusalReason;
  /** The HTTP method, or `OTHER` for one this backend has no route for. */
  method: string;
  /** The route template the request matched; never the path the client sent. */
  route: RouteKey | null;
  address: string;
  /** Only a subject whose token signature verified; a forged token names nobody. */
  subject: string | null;
  agency: string | null;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** A method a client sent, as the audit records it: a method is client text, and the audit's keys must stay few. */
export function auditedMethod(method: string | undefined): string {
  const upper = (method ?? '').toUpperCase();
  return METHODS.has(upper) ? upper : 'OTHER';
}
