import { CLOSED_SERVICE_CONNECTION_STATUSES } from '../case/case-vocabulary.js';
import type { CaseEvent } from '../case/case.events.js';
import type { CaseSummary } from './case-summary.entity.js';

/** A case event as stored, with what the row records of it. */
export interface SummarizedEvent {
  event: CaseEvent;
  caseId: string;
  streamRevision: number;
  recordedAt: Date;
}

/**
 * The row after one event of its case, or the row unchanged (`undefined` before the case opened: an event before
 * `CaseOpened` cannot exist). Only ids, codes, dates and counts are read; sealed values are never touched.
 */
export function summaryAfter(row: CaseSummary | undefined, recorded: SummarizedEvent): CaseSummary | undefined {
  const { event } = recorded;
  if (event.type === 'CaseOpened') {
    if (row) return row;
    return {
      caseId: event.caseId,
      participantId: event.participantId,
      referralId: event.referralId,
      jurisdiction: event.jurisdiction,
      providerAgency: event.providerAgency,
      caseManager: null,
      openedAt: new Date(event.openedAt),
      intakeDueOn: event.intakeDueOn,
      intakeCompletedOn: null,
      intakeDeadlineMet: null,
      consented: false,
      engagement: 'engaged',
      engagementSince: new Date(event.openedAt),
      lastSuccessfulContactAt: null,
      contacts: 0,
      exitedAt: null,
      exitReason: null,
      instrumentId: event.instrument.id,
      instrumentVersion: event.instrument.version,
      assessments: [],
      openServiceConnections: [],
      planVersion: 0,
      activeGoals: 0,
      revision: recorded.streamRevision,
      updatedAt: recorded.recordedAt,
    };
  }
  if (!row) return undefined;
  return { ...row, ...changesOf(row, event), revision: recorded.streamRevision, updatedAt: recorded.recordedAt };
}

function changesOf(row: CaseSummary, event: Exclude<CaseEvent, { type: 'CaseOpened' }>): Partial<CaseSummary> {
  switch (event.type) {
    case 'CaseManagerAssigned':
      return { caseManager: event.caseManager.subject };
    case 'IntakeCompleted':
      return { intakeCompletedOn: event.completedOn, intakeDeadlineMet: event.deadline.met };
    // Sealed demographics are no count of the read model.
    case 'DemographicsRecorded':
      return {};
    case 'ConsentRecorded':
      return { consented: true };
    case 'ConsentRevoked':
      return {};
    case 'AssessmentRecorded':
      return { assessments: [...row.assessments, { occasion: event.occasion, completedOn: event.completedOn }] };
    case 'GoalAdded':
    case 'GoalRevised':
    case 'GoalAchieved':
    case 'GoalSetAside':
      return { planVersion: event.planVersion, activeGoals: event.activeGoals };
    case 'ServiceConnectionMade':
      return {
        openServiceConnections: [
          ...row.openServiceConnections.filter((c) => c.connectionId !== event.connectionId),
          { connectionId: event.connectionId, serviceType: event.serviceType, status: 'referred', dueOn: event.dueOn },
        ],
      };
    case 'ServiceConnectionStatusChanged': {
      // A closed connection has its answer: it leaves the list, and a later change reopens nothing.
      const closed = CLOSED_SERVICE_CONNECTION_STATUSES.includes(event.status);
      return {
        openServiceConnections: row.openServiceConnections.flatMap((c) =>
          c.connectionId !== event.connectionId ? [c] : closed ? [] : [{ ...c, status: event.status }],
        ),
      };
    }
    case 'ContactLogged': {
      const contactedAt = new Date(event.contactedAt);
      const last = row.lastSuccessfulContactAt;
      return {
        contacts: row.contacts + 1,
        lastSuccessfulContactAt: event.successful && (!last || contactedAt > last) ? contactedAt : last,
      };
    }
    case 'EngagementChanged':
      return { engagement: event.level, engagementSince: new Date(event.changedAt) };
    case 'CaseExited':
      return { exitedAt: new Date(event.exitedAt), exitReason: event.reason };
    case 'CaseReenrolled':
      return { exitedAt: null, exitReason: null };
    // Coordination with the prosecutor is not a count of the read model.
    case 'LegalMatterNoted':
      return {};
  }
}
