// The pure consent rules (42 CFR 2.31), for deciders: `@lead/access/consent` reaches no infrastructure, where the
// package's barrel brings NestJS along.
export {
  CONSENT_EXPIRY_EVENTS,
  consentDecision,
  consentEventOccurred,
  consentExpiresAt,
  DISCLOSURE_SCOPES,
  InvalidConsent,
  recordConsent,
  revokeConsent,
  type Consent,
  type ConsentDecision,
  type ConsentExpiry,
  type ConsentExpiryEvent,
  type ConsentRefusal,
  type ConsentRevocation,
  type DisclosureScope,
} from './disclosure/consent.js';
