import { randomUUID } from 'node:crypto';
import { integrationEvent } from '../../../test/integration-events.js';
import { readIntegrationEvent } from '../../upcasting/read-integration-event.js';
import { caseEngagementChangedV1ToV2 } from './case-engagement-changed.upcasters.js';
import type { CaseEngagementChangedV1 } from './case-engagement-changed.v1.js';
import type { CaseEngagementChangedV2 } from './case-engagement-changed.v2.js';

const v1: CaseEngagementChangedV1 = {
  caseId: randomUUID(),
  level: 'moderate',
  previousLevel: 'inactive',
  changedOn: '2026-02-10',
};

describe('lead.case.engagement-changed v1 → v2', () => {
  it('reads high and moderate as engaged, says a return from inactive is a re-engagement, the day as midnight UTC', () => {
    const expected: CaseEngagementChangedV2 = {
      caseId: v1.caseId,
      level: 'engaged',
      previousLevel: 'inactive',
      reengaged: true,
      changedOn: '2026-02-10',
    };
    expect(caseEngagementChangedV1ToV2(v1)).toEqual(expected);
  });

  it.each([
    ['high', 'low', 'engaged', 'low', false],
    ['low', 'high', 'low', 'engaged', false],
    ['inactive', 'moderate', 'inactive', 'engaged', false],
    ['low', 'inactive', 'low', 'inactive', true],
    ['high', 'moderate', 'engaged', 'engaged', false],
  ] as const)('reads %s after %s as %s after %s, reengaged: %s', (level, previousLevel, to, from, reengaged) => {
    expect(caseEngagementChangedV1ToV2({ ...v1, level, previousLevel })).toMatchObject({
      level: to,
      previousLevel: from,
      reengaged,
    });
  });

  it('leaves the previous level out for the first level recorded', () => {
    const { previousLevel: _none, ...first } = v1;
    const v2 = caseEngagementChangedV1ToV2({ ...first, level: 'high' });
    expect(v2).toEqual({
      caseId: v1.caseId,
      level: 'engaged',
      reengaged: false,
      changedOn: '2026-02-10',
    });
  });

  it('reaches a consumer as v2', () => {
    const latest = readIntegrationEvent(integrationEvent('lead.case.engagement-changed', 1, v1));
    expect(latest).toMatchObject({ schemaVersion: 2, data: { level: 'engaged', reengaged: true } });
  });
});
