import {
  consentDecision,
  consentEventOccurred,
  InvalidConsent,
  recordConsent,
  revokeConsent,
  type Consent,
} from './consent.js';

const base = {
  consentId: 'c-1',
  participantId: 'p-1',
  recipients: ['DPD', 'DDA'],
  scope: ['participation-status' as const],
  purpose: 'lead-diversion-coordination',
  signedAt: '2025-01-10T09:00:00Z',
  expiry: { kind: 'date' as const, expiresAt: '2026-01-10T09:00:00Z' },
};
const ask = (consent: Consent | undefined, recipient: string, at: string, participantId = 'p-1') =>
  consentDecision(consent, { participantId, recipient, scope: 'participation-status', now: new Date(at) });

describe('consent', () => {
  const consent = recordConsent(base);

  it('permits the named recipients, from signing until expiry', () => {
    expect(ask(consent, 'DPD', '2025-01-10T09:00:00Z')).toEqual({ permitted: true, consent });
    expect(ask(consent, 'DDA', '2026-01-10T08:59:59Z').permitted).toBe(true);
  });

  it.each([
    ['no-consent', undefined, 'DPD', '2025-06-01T00:00:00Z', 'p-1'],
    ['other-participant', consent, 'DPD', '2025-06-01T00:00:00Z', 'p-2'],
    ['not-yet-effective', consent, 'DPD', '2025-01-10T08:59:59Z', 'p-1'],
    ['expired', consent, 'DPD', '2026-01-10T09:00:00Z', 'p-1'],
    ['recipient-not-named', consent, 'APD', '2025-06-01T00:00:00Z', 'p-1'],
  ] as const)('refuses: %s', (reason, given, recipient, at, participant) => {
    expect(ask(given, recipient, at, participant)).toEqual({ permitted: false, reason });
  });

  it('revoked for some recipients: refused for those from the revocation on, still permitted for the others', () => {
    const partly = revokeConsent(consent, { revokedAt: '2025-03-01T00:00:00Z', recipients: ['DPD'] });
    expect(ask(partly, 'DPD', '2025-02-28T23:59:59Z').permitted).toBe(true);
    expect(ask(partly, 'DPD', '2025-03-01T00:00:00Z')).toEqual({ permitted: false, reason: 'revoked' });
    expect(ask(partly, 'DDA', '2025-06-01T00:00:00Z').permitted).toBe(true);
    expect(consent.revocations).toEqual([]);
  });

  it('revoked for all: refused for every recipient', () => {
    const whole = revokeConsent(consent, { revokedAt: '2025-03-01T00:00:00Z' });
    expect(whole.revocations).toEqual([{ revokedAt: '2025-03-01T00:00:00Z', recipients: 'all' }]);
    expect(ask(whole, 'DDA', '2025-06-01T00:00:00Z')).toEqual({ permitted: false, reason: 'revoked' });
  });

  it('expiring on an event: permitted until the event happens, expired from its instant, the first time counting', () => {
    const untilExit = recordConsent({ ...base, expiry: { kind: 'event', event: 'participation-ended' } });
    expect(ask(untilExit, 'DPD', '2040-01-01T00:00:00Z').permitted).toBe(true);
    const exited = consentEventOccurred(untilExit, 'participation-ended', '2025-06-01T12:00:00Z');
    expect(exited.expiry).toEqual({ kind: 'event', event: 'participation-ended', occurredAt: '2025-06-01T12:00:00Z' });
    expect(ask(exited, 'DPD', '2025-06-01T11:59:59Z').permitted).toBe(true);
    expect(ask(exited, 'DPD', '2025-06-01T12:00:00Z')).toEqual({ permitted: false, reason: 'expired' });
    expect(consentEventOccurred(exited, 'participation-ended', '2025-09-01T00:00:00Z')).toBe(exited);
    // A date expiry is not touched by the event.
    expect(consentEventOccurred(consent, 'participation-ended', '2025-06-01T12:00:00Z')).toBe(consent);
    expect(untilExit.expiry).toEqual({ kind: 'event', event: 'participation-ended' });
  });

  it('refuses a scope the consent does not give', () => {
    const strange = { ...consent, scope: [] };
    expect(
      consentDecision(strange, {
        participantId: 'p-1',
        recipient: 'DPD',
        scope: 'participation-status',
        now: new Date('2025-06-01'),
      }),
    ).toEqual({
      permitted: false,
      reason: 'scope-not-covered',
    });
  });

  it('will not record a consent missing what Part 2 requires', () => {
    expect(() => recordConsent({ ...base, recipients: [] })).toThrow(InvalidConsent);
    expect(() => recordConsent({ ...base, recipients: ['DPD', 'DPD'] })).toThrow(/twice/);
    expect(() => recordConsent({ ...base, recipients: ['not an agency'] })).toThrow(/agency code/);
    expect(() => recordConsent({ ...base, scope: [] })).toThrow(/scope/);
    expect(() => recordConsent({ ...base, scope: ['clinical' as never] })).toThrow(/unknown scope/);
    expect(() => recordConsent({ ...base, purpose: ' ' })).toThrow(/purpose/);
    expect(() => recordConsent({ ...base, expiry: { kind: 'date', expiresAt: base.signedAt } })).toThrow(
      /expires after/,
    );
    expect(() => recordConsent({ ...base, expiry: { kind: 'date', expiresAt: 'never' } })).toThrow(/not a date-time/);
    expect(() => recordConsent({ ...base, expiry: { kind: 'event', event: 'graduation' as never } })).toThrow(
      /unknown expiry event/,
    );
    expect(() =>
      recordConsent({
        ...base,
        expiry: { kind: 'event', event: 'participation-ended', occurredAt: '2025-01-11T00:00:00Z' },
      }),
    ).toThrow(/before it is recorded/);
  });

  it('will not record a revocation for a recipient it never named, or before signing', () => {
    expect(() => revokeConsent(consent, { revokedAt: '2025-03-01T00:00:00Z', recipients: ['APD'] })).toThrow(
      /does not name APD/,
    );
    expect(() => revokeConsent(consent, { revokedAt: '2025-03-01T00:00:00Z', recipients: [] })).toThrow(/at least one/);
    expect(() => revokeConsent(consent, { revokedAt: '2024-12-31T00:00:00Z' })).toThrow(/before it was signed/);
  });
});
