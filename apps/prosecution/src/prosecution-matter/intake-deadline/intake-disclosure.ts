import { consentDecision, type Consent } from '@lead/access/consent';

/**
 * The earliest instant, not before case management reported the intake, at which one of `consents` lets
 * participation status reach one of `offices`: each consent is tried at the later of the report and its
 * signature, the first instant it could have carried the report. Null when none does (no consent names an office,
 * or each had expired or been revoked for it by then).
 */
export function intakeDisclosure(
  reportedAt: string,
  consents: readonly Consent[],
  participantId: string,
  offices: readonly string[],
): { at: string; consentId: string } | null {
  let found: { at: string; consentId: string } | null = null;
  for (const consent of consents) {
    const at = Math.max(Date.parse(reportedAt), Date.parse(consent.signedAt));
    if (found && at >= Date.parse(found.at)) continue;
    const permitted = offices.some(
      (recipient) =>
        consentDecision(consent, { participantId, recipient, scope: 'participation-status', now: new Date(at) })
          .permitted,
    );
    if (permitted) found = { at: new Date(at).toISOString(), consentId: consent.consentId };
  }
  return found;
}
