import { randomUUID } from 'node:crypto';
import { integrationEvent } from '../../../test/integration-events.js';
import { readIntegrationEvent } from '../../upcasting/read-integration-event.js';
import { validateIntegrationEvent } from '../../validation/validate-integration-event.js';
import type { CaseConsentRecordedV1 } from './case-consent-recorded.v1.js';
import type { CaseConsentRevokedV1 } from './case-consent-revoked.v1.js';

const recorded: CaseConsentRecordedV1 = {
  caseId: randomUUID(),
  consentId: randomUUID(),
  recipients: ['DPD', 'DA-2'],
  scope: ['participation-status'],
  purpose: 'care-coordination',
  signedAt: '2026-02-10T16:20:00Z',
  expiry: { kind: 'event', event: 'participation-ended' },
};

const revoked: CaseConsentRevokedV1 = {
  caseId: recorded.caseId,
  consentId: recorded.consentId,
  recipients: ['DPD'],
  revokedAt: '2026-05-01T09:00:00Z',
};

const valid = (type: string, data: unknown) => validateIntegrationEvent(integrationEvent(type, 1, data)).valid;

describe('lead.case.consent-recorded v1', () => {
  it('accepts an expiry at a date or with the end of participation', () => {
    expect(valid('lead.case.consent-recorded', recorded)).toBe(true);
    expect(
      valid('lead.case.consent-recorded', { ...recorded, expiry: { kind: 'date', expiresAt: '2027-02-10T00:00:00Z' } }),
    ).toBe(true);
  });

  it.each([
    ['an expiry mixing both kinds', { expiry: { kind: 'date', event: 'participation-ended' } }],
    ['an expiry with a free-text condition', { expiry: { kind: 'event', event: 'when she moves out' } }],
    ['no recipient', { recipients: [] }],
    ['a recipient twice', { recipients: ['DPD', 'DPD'] }],
    ['a recipient that is not an agency code', { recipients: ['Officer Jane Doe'] }],
    ['a scope beyond participation status', { scope: ['treatment-records'] }],
    ['no scope', { scope: [] }],
    ['a purpose in words', { purpose: 'to coordinate her care' }],
  ])('refuses %s', (_, change) => {
    expect(valid('lead.case.consent-recorded', { ...recorded, ...change })).toBe(false);
  });

  it('reaches a consumer as it is, typed by its expiry kind', () => {
    const latest = readIntegrationEvent(integrationEvent('lead.case.consent-recorded', 1, recorded));
    if (latest.type !== 'lead.case.consent-recorded') throw new Error(`unexpected ${latest.type}`);
    expect(latest.data.expiry.kind === 'event' && latest.data.expiry.event).toBe('participation-ended');
  });
});

describe('lead.case.consent-revoked v1', () => {
  it('accepts a revocation for some recipients or for all', () => {
    expect(valid('lead.case.consent-revoked', revoked)).toBe(true);
    expect(valid('lead.case.consent-revoked', { ...revoked, recipients: 'all' })).toBe(true);
  });

  it.each([
    ['no recipient', { recipients: [] }],
    ['a recipient twice', { recipients: ['DPD', 'DPD'] }],
    ['another word than all', { recipients: 'everyone' }],
    ['a recipient in words', { recipients: ['the police'] }],
  ])('refuses %s', (_, change) => {
    expect(valid('lead.case.consent-revoked', { ...revoked, ...change })).toBe(false);
  });

  it('reaches a consumer typed as the string all or a list of agency codes', () => {
    const latest = readIntegrationEvent(
      integrationEvent('lead.case.consent-revoked', 1, { ...revoked, recipients: 'all' }),
    );
    if (latest.type !== 'lead.case.consent-revoked') throw new Error(`unexpected ${latest.type}`);
    const everyone: boolean = latest.data.recipients === 'all';
    expect(everyone).toBe(true);
  });
});

describe('lead.case.reenrolled v1', () => {
  it('reaches a consumer as it is', () => {
    const event = integrationEvent('lead.case.reenrolled', 1, {
      caseId: recorded.caseId,
      reenrolledAt: '2026-06-01T10:00:00Z',
    });
    expect(readIntegrationEvent(event)).toEqual(event);
  });
});
