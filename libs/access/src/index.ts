export { AccessModule, type AccessModuleOptions } from './access.module.js';
export {
  ACCESS_AUDIT_EVENT_TYPES,
  AUDIT_STREAM_PREFIX,
  ADDRESS_THROTTLE_LIFTED,
  AUTHORIZATION_FAILED,
  failureAuditStream,
  REQUESTS_REFUSED,
  throttleAuditStream,
  PARTICIPANT_HISTORY_READ,
  PARTICIPANT_RECORD_READ,
  participantAuditStream,
  type AccessAuditEventType,
  type AuthorizationFailed,
  type AddressThrottleLifted,
  type AuthorizationFailureReason,
  type ParticipantHistoryRead,
  type ParticipantRecordRead,
  type RefusalCount,
  type RequestsRefused,
} from './audit/access-audit-events.js';
export { RefusalAudit } from './audit/refusal-audit.js';
export { RefusalLedger } from './audit/refusal-ledger.js';
export { auditedMethod, type Refusal, type RefusalReason } from './audit/refusal.js';
export { AddressThrottle, type ThrottlePolicy, type ThrottleVerdict } from './throttle/address-throttle.js';
export { AddressThrottleController } from './throttle/address-throttle.controller.js';
export { ClientAddress } from './http/client-address.js';
export {
  AccessAuditLog,
  type AccessAuditEntry,
  type AccessAuditPage,
  type AccessAuditQuery,
} from './audit/access-audit-log.js';
export { AccessAuditQueryDto } from './audit/access-audit-query.dto.js';
export { AccessAuditController } from './audit/access-audit.controller.js';
export * from './audit/participant-history.js';
export { ParticipantJourneyQueryDto } from './audit/participant-journey-query.dto.js';
export {
  AuthenticationFailed,
  KeySetUnavailable,
  type AuthenticationFailureReason,
} from './authentication/authentication-failed.js';
export { bearerToken, type BearerToken } from './authentication/bearer-token.js';
export { principalFromClaims } from './authentication/token-claims.js';
export { TokenSigner, type SignOptions, type TokenClaims } from './authentication/token-signer.js';
export { TokenVerifier, type TokenVerifierOptions } from './authentication/token-verifier.js';
export * from './consent.js';
export { deidentify, pseudonymFor } from './disclosure/deidentify.js';
export {
  disclose,
  isDisclosure,
  type Audience,
  type ConsentSummary,
  type DiscloseInput,
  type Disclosure,
} from './disclosure/disclose.js';
export { DISCLOSURE_VIEWS, VIEWS_BY_RESTRICTION, type DisclosureView } from './disclosure/disclosure-view.js';
export type {
  DeidentifiedParticipant,
  ParticipantRecord,
  ParticipationStatus,
  ParticipationStatusView,
  Personal,
} from './disclosure/participant-record.js';
export {
  REDISCLOSURE_NOTICE,
  REDISCLOSURE_NOTICE_HEADER,
  REDISCLOSURE_NOTICE_SHORT,
} from './disclosure/redisclosure-notice.js';
export { AccessContext, type ScopedRecord } from './http/access-context.js';
export { AccessGuard } from './http/access.guard.js';
export { AccessPolicyEnforcement, AccessPolicyMismatch } from './http/access-policy-enforcement.js';
export { ACCESS_POLICY } from './http/access-policy.token.js';
export { AccessProblemType, NotVisible, notVisible } from './http/access-problems.js';
export { accessContextOf, Caller } from './http/caller.decorator.js';
export { isInformantField } from './http/informant-fields.js';
export { PARTICIPANT_READ, ParticipantRead } from './http/participant-read.decorator.js';
export { ParticipantReadInterceptor } from './http/participant-read.interceptor.js';
export {
  assertRequestHygiene,
  isPrototypeKey,
  MAX_BODY_DEPTH,
  requestHygieneProblems,
} from './http/request-hygiene.js';
export { inventoryRoutes, listRoutes, type RouteInfo } from './http/route-inventory.js';
export {
  defineAccessPolicy,
  InvalidAccessPolicy,
  renderAccessPolicy,
  SCOPES,
  type AccessPolicy,
  type RoutePolicy,
  type Scope,
} from './policy/access-policy.js';
export { isPurposeOfUse, PURPOSE_OF_USE_HEADER, PURPOSES_OF_USE, type PurposeOfUse } from './policy/purpose-of-use.js';
export { isRouteKey, ROUTE_METHODS, routeKey, type RouteKey, type RouteMethod } from './policy/route-key.js';
export { accessAuditPolicy, addressThrottlePolicy, platformRoutesPolicy } from './policy/standard-policies.js';
export type { Principal } from './principal.js';
export { isRole, ROLES, type Role } from './roles.js';
export {
  acceptedAlgorithms,
  AccessSettings,
  parseVerificationKey,
  pseudonymKey,
  TOKEN_ALGORITHMS,
  withAccessSettings,
  type TokenAlgorithm,
} from './settings/access-settings.js';
export { DEVELOPMENT_ISSUER } from './settings/development-token-keys.js';
export { HistoryScanSlots } from './audit/history-scan-slots.js';
