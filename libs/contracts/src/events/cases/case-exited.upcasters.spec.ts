import { randomUUID } from 'node:crypto';
import { integrationEvent } from '../../../test/integration-events.js';
import { readIntegrationEvent } from '../../upcasting/read-integration-event.js';
import { caseExitedV1ToV2 } from './case-exited.upcasters.js';
import type { CaseExitedV1 } from './case-exited.v1.js';
import type { CaseExitedV2 } from './case-exited.v2.js';

const v1: CaseExitedV1 = { caseId: randomUUID(), reason: 'goals_met', exitedOn: '2026-02-10' };

describe('lead.case.exited v1 → v2', () => {
  it('renames the reason and gives the day as midnight UTC', () => {
    const expected: CaseExitedV2 = {
      caseId: v1.caseId,
      reason: 'transitioned_out',
      exitedAt: '2026-02-10T00:00:00.000Z',
    };
    expect(caseExitedV1ToV2(v1)).toEqual(expected);
  });

  it.each([
    ['goals_met', 'transitioned_out'],
    ['moved_away', 'moved_away'],
    ['incarcerated_non_divertible', 'incarcerated'],
    ['deceased', 'deceased'],
    ['lost_contact', 'other'],
    ['terminated_by_committee', 'terminated_by_prosecutor_criteria'],
  ] as const)('reads %s as %s', (reason, expected) => {
    expect(caseExitedV1ToV2({ ...v1, reason }).reason).toBe(expected);
  });

  it('reaches a consumer as v2', () => {
    const latest = readIntegrationEvent(integrationEvent('lead.case.exited', 1, { ...v1, reason: 'lost_contact' }));
    expect(latest).toMatchObject({ schemaVersion: 2, data: { reason: 'other' } });
  });
});
