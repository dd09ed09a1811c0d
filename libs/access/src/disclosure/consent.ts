import { AGENCY_ID } from '@lead/contracts';

/**
 * What a consent may allow to be disclosed. LEAD discloses participation status only; substance-use,
 * clinical and free-text detail have no scope, so no consent can ever release them to police or
 * prosecutors through this backend.
 */
export const DISCLOSURE_SCOPES = ['participation-status'] as const;
export type DisclosureScope = (typeof DISCLOSURE_SCOPES)[number];

/** Revocation of a consent, for all recipients or only some (42 CFR 2.31: revocable in part). */
export interface ConsentRevocation {
  revokedAt: string;
  /** Agency codes whose permission ends, or `all`. */
  recipients: readonly string[] | 'all';
}

/** The events a consent may expire on (42 CFR 2.31(a)(6): "an expiration date, event, or condition"). */
export const CONSENT_EXPIRY_EVENTS = ['participation-ended'] as const;
export type ConsentExpiryEvent = (typeof CONSENT_EXPIRY_EVENTS)[number];

/**
 * When a consent ends: on a date, or when an event happens (the end of participation). An event expiry holds
 * `occurredAt` once the event has happened; from that instant the consent is expired.
 */
export type ConsentExpiry =
  { kind: 'date'; expiresAt: string } | { kind: 'event'; event: ConsentExpiryEvent; occurredAt?: string };

/**
 * A participant's written consent to disclosure (42 CFR 2.31): to whom (recipient agencies), what
 * (scope), why (purpose code), from when, until when, and any revocations since. A value: every
 * change makes a new one, so a stored consent is never edited in place.
 */
export interface Consent {
  consentId: string;
  participantId: string;
  recipients: readonly string[];
  scope: readonly DisclosureScope[];
  /** A code naming the purpose on the signed form, e.g. `lead-diversion-coordination`. */
  purpose: string;
  signedAt: string;
  /** Part 2 requires an expiry, a date or an event; a consent without one is not accepted. */
  expiry: ConsentExpiry;
  revocations: readonly ConsentRevocation[];
}

export type ConsentRefusal =
  | 'no-consent'
  | 'other-participant'
  | 'not-yet-effective'
  | 'expired'
  | 'recipient-not-named'
  | 'scope-not-covered'
  | 'revoked';

export type ConsentDecision = { permitted: true; consent: Consent } | { permitted: false; reason: ConsentRefusal };

export class InvalidConsent extends Error {
  override readonly name = 'InvalidConsent';
}

/** A recipient is an agency id, the shape the token's agency claim and the contracts have (libs/contracts). */
const AGENCY = AGENCY_ID;

function instant(value: string, what: string): number {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new InvalidConsent(`${what} is not a date-time`);
  return time;
}

/** A new consent, checked for the elements Part 2 requires. */
export function recordConsent(input: Omit<Consent, 'revocations'>): Consent {
  if (input.recipients.length === 0) throw new InvalidConsent('a consent names at least one recipient');
  if (new Set(input.recipients).size !== input.recipients.length)
    throw new InvalidConsent('a recipient is named twice');
  for (const recipient of input.recipients) {
    if (!AGENCY.test(recipient)) throw new InvalidConsent(`recipient "${recipient}" is not an agency code`);
  }
  if (input.scope.length === 0) throw new InvalidConsent('a consent allows at least one scope');
  for (const scope of input.scope) {
    if (!(DISCLOSURE_SCOPES as readonly string[]).includes(scope)) throw new InvalidConsent(`unknown scope "${scope}"`);
  }
  if (input.purpose.trim() === '') throw new InvalidConsent('a consent states its purpose');
  const signedAt = instant(input.signedAt, 'signedAt');
  const { expiry } = input;
  if (expiry.kind === 'date') {
    if (instant(expiry.expiresAt, 'expiresAt') <= signedAt)
      throw new InvalidConsent('a consent expires after it was signed');
  } else {
    if (!(CONSENT_EXPIRY_EVENTS as readonly string[]).includes(expiry.event))
      throw new InvalidConsent(`unknown expiry event "${expiry.event}"`);
    if (expiry.occurredAt !== undefined) throw new InvalidConsent('a consent cannot expire before it is recorded');
  }
  return {
    ...input,
    recipients: [...input.recipients],
    scope: [...input.scope],
    expiry: { ...expiry },
    revocations: [],
  };
}

/**
 * The consent with a revocation added: for the named recipients only, or for all when none are
 * named. Revoking for an agency the consent never named is refused (it would record nothing real).
 */
export function revokeConsent(
  consent: Consent,
  revocation: { revokedAt: string; recipients?: readonly string[] },
): Consent {
  if (instant(revocation.revokedAt, 'revokedAt') < instant(consent.signedAt, 'signedAt')) {
    throw new InvalidConsent('a consent cannot be revoked before it was signed');
  }
  const recipients = revocation.recipients;
  if (recipients !== undefined) {
    if (recipients.length === 0) throw new InvalidConsent('a partial revocation names at least one recipient');
    for (const recipient of recipients) {
      if (!consent.recipients.includes(recipient)) throw new InvalidConsent(`the consent does not name ${recipient}`);
    }
  }
  return {
    ...consent,
    revocations: [
      ...consent.revocations,
      { revokedAt: revocation.revokedAt, recipients: recipients ? [...recipients] : 'all' },
    ],
  };
}

/**
 * The consent once `event` happened at `at`: a consent expiring on that event is expired from then on (the first
 * time counts; the event happening again changes nothing). Any other consent is returned as it is.
 */
export function consentEventOccurred(consent: Consent, event: ConsentExpiryEvent, at: string): Consent {
  instant(at, 'the event time');
  const { expiry } = consent;
  if (expiry.kind !== 'event' || expiry.event !== event || expiry.occurredAt !== undefined) return consent;
  return { ...consent, expiry: { ...expiry, occurredAt: at } };
}

/** The instant a consent expires, if it is known yet (an event expiry before its event: not yet). */
export function consentExpiresAt(consent: Consent): string | undefined {
  return consent.expiry.kind === 'date' ? consent.expiry.expiresAt : consent.expiry.occurredAt;
}

/** Whether `consent` lets the program disclose `scope` about `participantId` to `recipient` at `now`. */
export function consentDecision(
  consent: Consent | undefined,
  request: { participantId: string; recipient: string; scope: DisclosureScope; now: Date },
): ConsentDecision {
  if (consent === undefined) return { permitted: false, reason: 'no-consent' };
  if (consent.participantId !== request.participantId) return { permitted: false, reason: 'other-participant' };
  const now = request.now.getTime();
  if (now < instant(consent.signedAt, 'signedAt')) return { permitted: false, reason: 'not-yet-effective' };
  const expiresAt = consentExpiresAt(consent);
  if (expiresAt !== undefined && now >= instant(expiresAt, 'expiresAt')) return { permitted: false, reason: 'expired' };
  if (!consent.recipients.includes(request.recipient)) return { permitted: false, reason: 'recipient-not-named' };
  if (!consent.scope.includes(request.scope)) return { permitted: false, reason: 'scope-not-covered' };
  const revoked = consent.revocations.some(
    (revocation) =>
      instant(revocation.revokedAt, 'revokedAt') <= now &&
      (revocation.recipients === 'all' || revocation.recipients.includes(request.recipient)),
  );
  if (revoked) return { permitted: false, reason: 'revoked' };
  return { permitted: true, consent };
}
