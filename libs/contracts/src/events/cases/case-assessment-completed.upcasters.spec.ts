import { randomUUID } from 'node:crypto';
import { integrationEvent } from '../../../test/integration-events.js';
import { readIntegrationEvent } from '../../upcasting/read-integration-event.js';
import { caseAssessmentCompletedV1ToV2 } from './case-assessment-completed.upcasters.js';
import type { CaseAssessmentCompletedV1 } from './case-assessment-completed.v1.js';
import type { CaseAssessmentCompletedV2 } from './case-assessment-completed.v2.js';

const v1: CaseAssessmentCompletedV1 = {
  caseId: randomUUID(),
  completedOn: '2026-02-10',
  domainsAssessed: ['housing', 'substance_use'],
};

describe('lead.case.assessment-completed v1 → v2', () => {
  it('keeps the case and the day, drops the domains, and reads the instrument and occasion as unknown', () => {
    const expected: CaseAssessmentCompletedV2 = {
      caseId: v1.caseId,
      instrument: { id: 'unknown', version: 'unknown' },
      occasion: 'unknown',
      completedOn: '2026-02-10',
    };
    expect(caseAssessmentCompletedV1ToV2(v1)).toEqual(expected);
  });

  it('makes up no assessment id and no next due day', () => {
    const v2 = caseAssessmentCompletedV1ToV2(v1);
    expect('assessmentId' in v2 || 'nextDueOn' in v2).toBe(false);
  });

  it('reaches a consumer as v2, with no trace of a substance-use domain', () => {
    const latest = readIntegrationEvent(integrationEvent('lead.case.assessment-completed', 1, v1));
    expect(latest.schemaVersion).toBe(2);
    expect(JSON.stringify(latest.data)).not.toMatch(/substance/);
  });
});
