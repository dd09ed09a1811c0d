import type { AuthenticationFailureReason } from '../authentication/authentication-failed.js';
import type { ConsentRefusal } from '../disclosure/consent.js';
import type { DisclosureView } from '../disclosure/disclosure-view.js';
import type { PurposeOfUse } from '../policy/purpose-of-use.js';
import type { RouteKey } from '../policy/route-key.js';
import type { Role } from '../roles.js';
import type { RefusalReason } from './refusal.js';

/**
 * Access audit streams: `audit-<participantId>` for reads of one participant, `audit-failures-<yyyy-mm-dd>` for
 * refusals, `audit-throttle-<yyyy-mm-dd>` for administrators' lifts of an address's throttle.
 */
export const AUDIT_STREAM_PREFIX = 'audit-';
export const PARTICIPANT_RECORD_READ = 'ParticipantRecordRead';
/** One refused request (written until the refusals were counted per window; old events keep this type). */
export const AUTHORIZATION_FAILED = 'AuthorizationFailed';
export const REQUESTS_REFUSED = 'RequestsRefused';
export const ADDRESS_THROTTLE_LIFTED = 'AddressThrottleLifted';
/** An auditor read a participant's history (journey or accounting of disclosures): auditors' reads are audited too. */
export const PARTICIPANT_HISTORY_READ = 'ParticipantHistoryRead';
export const ACCESS_AUDIT_EVENT_TYPES = [
  PARTICIPANT_RECORD_READ,
  AUTHORIZATION_FAILED,
  REQUESTS_REFUSED,
  ADDRESS_THROTTLE_LIFTED,
  PARTICIPANT_HISTORY_READ,
] as const;
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

export function throttleAuditStream(at: Date): string {
  return `${AUDIT_STREAM_PREFIX}throttle-${at.toISOString().slice(0, 10)}`;
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

/** A refused request, one event each: how refusals were recorded before they were counted per window. */
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

/** How often one kind of refusal happened to one address within a window. */
export interface RefusalCount {
  status: number;
  reason: RefusalReason;
  method: string;
  route: RouteKey | null;
  /** Only a subject whose token signature verified. */
  subject: string | null;
  agency: string | null;
  count: number;
  firstAt: string;
  lastAt: string;
}

/**
 * The requests refused to one client address within one window (a minute by default), counted by
 * kind: no or a bad token (401), throttled (429), a role the route does not allow (403), another
 * jurisdiction's record (404), an unreadable request (400, 431). A flood costs one event per address
 * per window, however many requests it sends.
 */
export interface RequestsRefused {
  address: string;
  windowStart: string;
  windowEnd: string;
  total: number;
  refusals: RefusalCount[];
}

/** An administrator refilled an address's throttle bucket. */
export interface AddressThrottleLifted {
  address: string;
  /** Whether the address was throttled when it was lifted. */
  wasThrottled: boolean;
  actor: { subject: string; agency: string; role: Role };
  liftedAt: string;
}

/** An auditor's read of one participant's history, recorded before the answer leaves the service. */
export interface ParticipantHistoryRead {
  participantId: string;
  /** The jurisdictions of what the read showed (the participant's; never more than the auditor's token covers). */
  jurisdictions: string[];
  actor: { subject: string; agency: string; role: Role };
  /** What was read: every event (`journey`) or who was given what (`disclosures`). */
  history: 'journey' | 'disclosures';
  /** The purpose the auditor gave; personal values are opened only for `audit`. */
  purpose: PurposeOfUse | null;
  /** Whether personal values were opened and shown. */
  personalValues: boolean;
  /** The instant the journey was read as of (null: now). */
  asOf: string | null;
  events: number;
  readAt: string;
}
