import { randomUUID } from 'node:crypto';
import { integrationEvent } from '../../../test/integration-events.js';
import { readIntegrationEvent } from '../../upcasting/read-integration-event.js';
import { caseServiceReferralStatusChangedV1ToV2 } from './case-service-referral-status-changed.upcasters.js';
import type { CaseServiceReferralStatusChangedV1 } from './case-service-referral-status-changed.v1.js';
import type { CaseServiceReferralStatusChangedV2 } from './case-service-referral-status-changed.v2.js';

const v1: CaseServiceReferralStatusChangedV1 = {
  caseId: randomUUID(),
  serviceReferralId: randomUUID(),
  serviceCategory: 'health_care',
  status: 'sent',
  changedAt: '2026-02-10T16:20:00Z',
};

describe('lead.case.service-referral-status-changed v1 → v2', () => {
  it('renames the connection’s id and keeps case, category and time', () => {
    const expected: CaseServiceReferralStatusChangedV2 = {
      caseId: v1.caseId,
      serviceConnectionId: v1.serviceReferralId,
      serviceCategory: 'health_care',
      status: 'referred',
      changedAt: '2026-02-10T16:20:00Z',
    };
    expect(caseServiceReferralStatusChangedV1ToV2(v1)).toEqual(expected);
  });

  it.each([
    ['sent', 'referred'],
    ['accepted', 'eligible'],
    ['started', 'got_help'],
    ['completed', 'got_help'],
    ['declined', 'no_longer_interested'],
  ] as const)('reads status %s as %s', (status, expected) => {
    expect(caseServiceReferralStatusChangedV1ToV2({ ...v1, status }).status).toBe(expected);
  });

  it('reads transportation as other and keeps every other category', () => {
    expect(caseServiceReferralStatusChangedV1ToV2({ ...v1, serviceCategory: 'transportation' }).serviceCategory).toBe(
      'other',
    );
    for (const serviceCategory of ['housing', 'income_benefits', 'identification_documents', 'food'] as const) {
      expect(caseServiceReferralStatusChangedV1ToV2({ ...v1, serviceCategory }).serviceCategory).toBe(serviceCategory);
    }
  });

  it('reaches a consumer as v2', () => {
    const latest = readIntegrationEvent(integrationEvent('lead.case.service-referral-status-changed', 1, v1));
    expect(latest).toMatchObject({ schemaVersion: 2, data: { serviceConnectionId: v1.serviceReferralId } });
  });
});
