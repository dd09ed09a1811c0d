import type { AuthenticationFailureReason } from '../authentication/authentication-failed.js';
import type { ConsentRefusal } from '../disclosure/consent.js';
import type { DisclosureView } from '../disclosure/disclosure-view.js';
import type { PurposeOfUse } from '../policy/purpose-of-use.js';
import type { RouteKey } from '../policy/route-key.js';
import type { Role } from '../roles.js';

/** Access audit streams: `audit-<participantId>` for reads of one participant, `audit-failures-<yyyy-mm-dd>` for refusals. */
export const AUDIT_STREAM_PREFIX = 'audit-';
export const PARTICIPANT_RECORD_READ = 'ParticipantRecordRead';
export const AUTHORIZATION_FAILED = 'AuthorizationFailed';
export const ACCESS_AUDIT_EVENT_TYPES = [PARTICIPANT_RECORD_READ, AUTHORIZATION_FAILED] as const;
export type AccessAuditEventType = (typeof ACCESS_AUDIT_EVENT_TYPES)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function participantAuditStream(participantId: string): string {
  // Participant ids are UUIDs (DESIGN.md §4); anything else would let one id name another's stream.
  if (!UUID.test(participantId)) throw new Error(`Participant id "${participantId}" is not a UUID`);
  return `${AUDIT_STREAM_PREFIX}${participantId.toLowerCase()}`;
}

export function failureAuditStream(at: Date): string {
  return `${AUDIT_STREAM_PREFIX}failures-${at.toISOString().slice(0, 10)}`;
}

/**
 * One answer about one participant, to one caller: who (subject, agency, role), what (route, view,
 * outcome), why (purpose of use), when. Written before the answer leaves the service.
 */
export interface ParticipantRecordRead {
  participantId: string;
  jurisdiction: string;
  actor: { subject: string; agency: string; role: Role };
  purpose: PurposeOfUse;
  route: RouteKey;
  view: DisclosureView;
  outcome: 'disclosed' | 'withheld';
  /** Why nothing was disclosed (consent did not cover the caller's agency). */
  withheldBecause?: ConsentRefusal;
  /** The consent a police / prosecutor disclosure was made under. */
  consentId?: string;
  /** True when the §2.32 redisclosure notice went with the answer. */
  redisclosureNotice: boolean;
  readAt: string;
}

export type AuthorizationFailureReason = AuthenticationFailureReason | 'locked-out' | 'role-not-allowed' | 'no-policy';

/** A refused request: no or a bad token (401), a lockout (429), a role the route does not allow (403). */
export interface AuthorizationFailed {
  status: 401 | 403 | 429;
  reason: AuthorizationFailureReason;
  method: string;
  /** The route pattern when the request matched one. */
  route: RouteKey | null;
  /** Path without the query string (queries can carry search terms such as names). */
  path: string;
  address: string;
  /** Only a subject whose token signature verified; a forged token names nobody. */
  subject: string | null;
  agency: string | null;
  roles: Role[] | null;
  failedAt: string;
}
