import { consentEventOccurred, InvalidConsent, recordConsent, revokeConsent, type Consent } from '@lead/access/consent';
import { DomainRuleViolation } from '@lead/event-store/decider';

/*
 * The consents this service holds from case management (`lead.case.consent-*`, `lead.case.exited`), as the pure
 * consent rules (`@lead/access/consent`) hold them: the matter and the participant's coordination both keep them,
 * so that every disclosure here applies the same `consentDecision` as case management. Pure.
 */

/** A consent's terms as case management published them. */
export interface HeldConsentTerms {
  consentId: string;
  recipients: readonly string[];
  scope: ReadonlyArray<'participation-status'>;
  purpose: string;
  signedAt: string;
  expiry: { kind: 'date'; expiresAt: string } | { kind: 'event'; event: 'participation-ended' };
}

/** A revocation as case management published it: for every recipient (`all`) or some. */
export interface HeldRevocation {
  consentId: string;
  recipients: 'all' | readonly string[];
  revokedAt: string;
}

/** What the consent rules refuse is a producer's bug: a rule broken, so the message dead-letters. */
function asRule<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof InvalidConsent) throw new DomainRuleViolation('consent_invalid', error.message);
    throw error;
  }
}

/**
 * The consent of `participantId` on `terms`; ended already when participation ended before it was noted (messages
 * of two streams may arrive in either order). Refused (`consent_invalid`) where Part 2's elements are missing.
 */
export function heldConsent(
  participantId: string,
  terms: HeldConsentTerms,
  participationEndedAt: string | null,
): Consent {
  const consent = asRule(() =>
    recordConsent({
      consentId: terms.consentId,
      participantId,
      recipients: terms.recipients,
      scope: terms.scope,
      purpose: terms.purpose,
      signedAt: terms.signedAt,
      expiry: { ...terms.expiry },
    }),
  );
  return participationEndedAt ? consentEventOccurred(consent, 'participation-ended', participationEndedAt) : consent;
}

/** Refuses a revocation of a consent never held (`consent_not_found`) or one the rules refuse (`consent_invalid`). */
export function checkRevocation(consents: readonly Consent[], revocation: HeldRevocation): void {
  const consent = consents.find((c) => c.consentId === revocation.consentId);
  if (!consent) {
    throw new DomainRuleViolation('consent_not_found', `Consent ${revocation.consentId} was never noted here.`);
  }
  asRule(() =>
    revokeConsent(consent, {
      revokedAt: revocation.revokedAt,
      recipients: revocation.recipients === 'all' ? undefined : revocation.recipients,
    }),
  );
}

/** The consents with `revocation` applied to its consent. */
export function withRevocation(consents: readonly Consent[], revocation: HeldRevocation): Consent[] {
  return consents.map((consent) =>
    consent.consentId === revocation.consentId
      ? {
          ...consent,
          revocations: [
            ...consent.revocations,
            {
              revokedAt: revocation.revokedAt,
              recipients: revocation.recipients === 'all' ? 'all' : [...revocation.recipients],
            },
          ],
        }
      : consent,
  );
}

/** The consents once participation ended at `at`: those given until then expire (and stay so after a re-enrolment). */
export function endedWithParticipation(consents: readonly Consent[], at: string): Consent[] {
  return consents.map((consent) => consentEventOccurred(consent, 'participation-ended', at));
}
