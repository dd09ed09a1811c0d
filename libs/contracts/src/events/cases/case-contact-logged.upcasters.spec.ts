import { randomUUID } from 'node:crypto';
import { integrationEvent } from '../../../test/integration-events.js';
import { readIntegrationEvent } from '../../upcasting/read-integration-event.js';
import { caseContactLoggedV1ToV2 } from './case-contact-logged.upcasters.js';
import type { CaseContactLoggedV1 } from './case-contact-logged.v1.js';
import type { CaseContactLoggedV2 } from './case-contact-logged.v2.js';

const v1: CaseContactLoggedV1 = {
  caseId: randomUUID(),
  contactKind: 'in_person',
  outreachAttempt: false,
  contactedOn: '2026-02-10',
};

describe('lead.case.contact-logged v1 → v2', () => {
  it('inverts `outreachAttempt` into `successful` and keeps the day', () => {
    const expected: CaseContactLoggedV2 = {
      caseId: v1.caseId,
      contactKind: 'in_person',
      successful: true,
      contactedOn: '2026-02-10',
    };
    expect(caseContactLoggedV1ToV2(v1)).toEqual(expected);
    expect(caseContactLoggedV1ToV2({ ...v1, outreachAttempt: true }).successful).toBe(false);
  });

  it.each([
    ['in_person', 'in_person', true],
    ['phone', 'phone', true],
    ['video', 'phone', true],
    ['text_message', 'text', true],
    ['collateral', 'outreach_attempt', false],
  ] as const)('reads a reached %s contact as %s, successful: %s', (contactKind, expected, successful) => {
    expect(caseContactLoggedV1ToV2({ ...v1, contactKind })).toMatchObject({ contactKind: expected, successful });
  });

  it('makes up no contact id and no duration', () => {
    const v2 = caseContactLoggedV1ToV2(v1);
    expect('contactId' in v2 || 'durationMinutes' in v2).toBe(false);
  });

  it('reaches a consumer as v2', () => {
    const latest = readIntegrationEvent(
      integrationEvent('lead.case.contact-logged', 1, { ...v1, outreachAttempt: true }),
    );
    expect(latest).toMatchObject({ schemaVersion: 2, data: { successful: false } });
  });
});
