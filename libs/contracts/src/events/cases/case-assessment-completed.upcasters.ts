import type { CaseAssessmentCompletedV1 } from './case-assessment-completed.v1.js';
import type { CaseAssessmentCompletedV2 } from './case-assessment-completed.v2.js';

/** What a v1 event reads as where it did not say: v1 named domains, never the instrument or the occasion. */
export const UNKNOWN_CONFIGURED_CODE = 'unknown';

/**
 * v1 → v2: the day stays; the domains are dropped (what v2 exists to stop publishing); the instrument and the
 * occasion, which v1 did not record, read `unknown`. `assessmentId` is left out rather than derived: a v1 event
 * holds only the case and the day, so an id derived from them would give two assessments of one day the same id,
 * and contracts derive no ids (that is the event store's, which this library may not import).
 */
export function caseAssessmentCompletedV1ToV2({
  caseId,
  completedOn,
}: CaseAssessmentCompletedV1): CaseAssessmentCompletedV2 {
  return {
    caseId,
    instrument: { id: UNKNOWN_CONFIGURED_CODE, version: UNKNOWN_CONFIGURED_CODE },
    occasion: UNKNOWN_CONFIGURED_CODE,
    completedOn,
  };
}
