import type { AccessContext } from '@lead/access';
import { Query } from '@nestjs/cqrs';
import type { AssessmentDueStatus } from '../../assessment/instrument/index.js';
import type { EngagementLevel, ServiceConnectionStatus, ServiceType } from '../../case/case-vocabulary.js';
import type { GetCaseloadRequest } from './get-caseload.request.js';

/** One case of a caseload: what is due and overdue, in ids, codes and dates (no identity, no clinical detail). */
export interface CaseloadRow {
  caseId: string;
  participantId: string;
  jurisdiction: string;
  providerAgency: string;
  /** The assigned case manager's staff id; null while unassigned. */
  caseManager: string | null;
  openedAt: string;
  engagement: { level: EngagementLevel; since: string; lastSuccessfulContactAt: string | null };
  /** Overdue the day after `dueOn` while not completed (and the participant is in services). */
  intake: { dueOn: string; completedOn: string | null; overdue: boolean };
  /** Assessments of the case's instrument schedule whose window is open now or has passed without one. */
  assessmentsDue: Array<{
    occasion: string;
    opensOn: string;
    dueOn: string;
    status: Exclude<AssessmentDueStatus, 'upcoming'>;
  }>;
  /** Service connections without their answer after the day it was due by. */
  overdueServiceConnections: Array<{
    connectionId: string;
    serviceType: ServiceType;
    status: ServiceConnectionStatus;
    dueOn: string;
  }>;
  exited: boolean;
}

export interface Caseload {
  /** The service's day the dues are reckoned on (UTC). */
  today: string;
  cases: CaseloadRow[];
  /** Send it as `after` for the next page; null on the last. */
  next: string | null;
}

/** A case manager's own cases, or a supervisor's provider's. */
export class GetCaseloadQuery extends Query<Caseload> {
  constructor(
    readonly filter: GetCaseloadRequest,
    readonly caller: AccessContext,
  ) {
    super();
  }
}
