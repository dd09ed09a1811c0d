import { ERASED } from '@lead/crypto';
import { recordConsent, revokeConsent, type Consent } from './consent.js';
import { disclose, isDisclosure, type Disclosure } from './disclose.js';
import type { ParticipantRecord } from './participant-record.js';
import { REDISCLOSURE_NOTICE } from './redisclosure-notice.js';

const key = Buffer.alloc(32, 3);
const now = new Date('2025-06-01T12:00:00Z');
const record: ParticipantRecord = {
  participantId: 'p-1',
  jurisdiction: 'denver',
  agency: 'DPD',
  identity: {
    name: 'Rosa Vega',
    dateOfBirth: '1984-09-30',
    address: { line1: '12 Colfax Ave', city: 'Denver', postalCode: '80204' },
    phone: '720-555-0111',
  },
  demographics: { race: 'white', ethnicity: 'hispanic', gender: 'female' },
  district: 'D6',
  status: { enrolled: true, engaged: true, intakeCompletedByDeadline: true, exited: false },
  milestones: { referredOn: '2025-01-04', enrolledOn: '2025-01-09' },
  clinical: { substanceUse: 'opioid use disorder', moud: 'buprenorphine' },
  notes: ['Talked about housing; relapse last week'],
};
const consent = recordConsent({
  consentId: 'c-1',
  participantId: 'p-1',
  recipients: ['DPD', 'DDA'],
  scope: ['participation-status'],
  purpose: 'lead-diversion-coordination',
  signedAt: '2025-01-09T00:00:00Z',
  expiry: { kind: 'date', expiresAt: '2026-01-09T00:00:00Z' },
});
const run = (
  view: Parameters<typeof disclose>[0]['view'],
  agency: string,
  options: { consent?: Consent | undefined; at?: Date } = {},
): Disclosure =>
  disclose({
    record,
    view,
    audience: { agency },
    consent: 'consent' in options ? options.consent : consent,
    now: options.at ?? now,
    pseudonymKey: key,
  });

const SENSITIVE = [
  'Rosa Vega',
  '1984-09-30',
  '12 Colfax',
  '720-555-0111',
  'opioid',
  'buprenorphine',
  'relapse',
  'housing',
];

describe('disclose', () => {
  it('gives the treating program the whole record', () => {
    const result = run('full', 'WOW', { consent: undefined });
    expect(result).toMatchObject({ outcome: 'disclosed', view: 'full', body: record });
    expect(isDisclosure(result)).toBe(true);
  });

  it('gives police the four status flags only, with the consent and the §2.32 notice', () => {
    const result = run('participation-status', 'DPD');
    expect(result.outcome).toBe('disclosed');
    if (result.outcome !== 'disclosed' || result.view !== 'participation-status') throw new Error('unexpected');
    expect(result.body).toEqual({
      participantId: 'p-1',
      status: { enrolled: true, engaged: true, intakeCompletedByDeadline: true, exited: false },
    });
    expect(result.notice).toBe(REDISCLOSURE_NOTICE);
    expect(result.consent).toEqual({
      consentId: 'c-1',
      recipient: 'DPD',
      scope: ['participation-status'],
      purpose: 'lead-diversion-coordination',
      expiry: { kind: 'date', expiresAt: '2026-01-09T00:00:00Z' },
    });
    const text = JSON.stringify(result.body);
    for (const value of SENSITIVE) expect(text).not.toContain(value);
  });

  it('keeps only the status flags even when a record carries extra status fields', () => {
    const leaky = { ...record, status: { ...record.status, lastUrineScreen: 'positive' } as never };
    const result = disclose({
      record: leaky,
      view: 'participation-status',
      audience: { agency: 'DDA' },
      consent,
      now,
      pseudonymKey: key,
    });
    expect(JSON.stringify(result)).not.toContain('positive');
  });

  it.each([
    ['an agency the consent does not name', 'APD', consent, now, 'recipient-not-named'],
    ['no consent', 'DPD', undefined, now, 'no-consent'],
    ['an expired consent', 'DPD', consent, new Date('2026-02-01T00:00:00Z'), 'expired'],
    [
      'a consent revoked for that agency',
      'DPD',
      revokeConsent(consent, { revokedAt: '2025-05-01T00:00:00Z', recipients: ['DPD'] }),
      now,
      'revoked',
    ],
    ['a consent revoked for all', 'DDA', revokeConsent(consent, { revokedAt: '2025-05-01T00:00:00Z' }), now, 'revoked'],
  ] as const)('withholds the status from %s', (_name, agency, given, at, reason) => {
    const result = run('participation-status', agency, { consent: given, at });
    expect(result).toMatchObject({ outcome: 'withheld', reason, participantId: 'p-1', jurisdiction: 'denver' });
    expect(JSON.stringify(result)).not.toContain('enrolled');
  });

  it('still discloses to the recipients a partial revocation left', () => {
    const partly = revokeConsent(consent, { revokedAt: '2025-05-01T00:00:00Z', recipients: ['DPD'] });
    expect(run('participation-status', 'DDA', { consent: partly }).outcome).toBe('disclosed');
  });

  it('gives evaluators a de-identified projection without any direct identifier', () => {
    const result = run('de-identified', 'EVAL-U', { consent: undefined });
    if (result.outcome !== 'disclosed' || result.view !== 'de-identified') throw new Error('unexpected');
    expect(result.body).toEqual({
      pseudonym: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      yearOfBirth: 1984,
      ninetyOrOlder: false,
      race: 'white',
      ethnicity: 'hispanic',
      gender: 'female',
      jurisdiction: 'denver',
      district: 'D6',
      status: record.status,
      referredYear: 2025,
      enrolledYear: 2025,
      exitedYear: null,
    });
    const text = JSON.stringify(result.body);
    for (const value of [...SENSITIVE, 'p-1', '2025-01-04', '80204']) expect(text).not.toContain(value);
  });

  it('shows an erased identity as erased, never as the old value', () => {
    const erased = { ...record, identity: { name: ERASED, dateOfBirth: ERASED, address: ERASED, phone: ERASED } };
    const full = disclose({
      record: erased,
      view: 'full',
      audience: { agency: 'WOW' },
      consent,
      now,
      pseudonymKey: key,
    });
    expect(full.outcome === 'disclosed' && full.body).toMatchObject({ identity: { name: ERASED } });
    const deidentified = disclose({
      record: erased,
      view: 'de-identified',
      audience: { agency: 'EVAL-U' },
      consent,
      now,
      pseudonymKey: key,
    });
    expect(deidentified.outcome === 'disclosed' && deidentified.body).toMatchObject({
      yearOfBirth: null,
      ninetyOrOlder: false,
    });
  });
});
