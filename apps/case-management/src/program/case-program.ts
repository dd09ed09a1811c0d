import type { ServiceType } from '../case/case-vocabulary.js';

/**
 * A jurisdiction's case-management program as configuration (`config/case-management/<jurisdiction>.json`):
 * which providers hold cases, how engagement is counted, which assessment instrument cases follow, whether the
 * prosecutor's office set termination criteria, and each service type's response time. A case records the terms it
 * opened with, so a later edit here changes only cases opened after it.
 */
export interface CaseProgram {
  jurisdiction: string;
  version: string;
  /** Provider agencies (agency ids of the jurisdiction's protocol) and whom each serves. */
  providers: Array<{ agency: string; serves: string }>;
  /** The provider a case goes to when the hand-off named none of the providers. */
  defaultProvider: string;
  engagement: { lowAfterDays: number; inactiveAfterDays: number };
  instrument: { id: string; version: string };
  /** The prosecutor's office set criteria the case coordinating committee may terminate participation on. */
  terminationCriteria: boolean;
  serviceResponseDays: Record<ServiceType, number>;
}
