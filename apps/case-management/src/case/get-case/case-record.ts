import type { ParticipantRecord } from '@lead/access';
import { isErased } from '@lead/crypto';
import type { CaseState } from '../case.decider.js';
import type { CaseEvent, Staff } from '../case.events.js';
import type { IntakeDemographics, IntakeIdentity } from '../demographics.js';
import type { MonthlyStatus } from '../monthly-status/monthly-status.js';
import { participationStatus } from '../participation-status.js';

/** A case event as read back: its sealed values opened (or `ERASED` once the participant's key is shredded). */
export type OpenedCaseEvent = { [K in keyof CaseEvent]: CaseEvent[K] } & Record<string, unknown>;

/** The case as its treating program reads it: everything recorded, in the order it happened. */
export interface CaseRecord {
  caseId: string;
  referralId: string;
  door: string;
  providerAgency: string;
  caseManager: Staff | null;
  openedAt: string;
  intakeDueOn: string;
  intake: { completedOn: string; place: unknown; deadlineMet: boolean; demographics: unknown } | null;
  consents: Array<{
    consentId: string;
    recipients: readonly string[];
    scope: readonly string[];
    purpose: string;
    signedAt: string;
    expiry: unknown;
    revocations: readonly unknown[];
  }>;
  assessments: Array<{
    assessmentId: string;
    instrument: unknown;
    occasion: string;
    completedOn: string;
    answers: unknown;
    scores: unknown;
  }>;
  goals: Array<{
    goalId: string;
    domain: string;
    wording: unknown;
    status: string;
    history: Array<{ change: string; by: Staff; at: string }>;
  }>;
  serviceConnections: Array<{
    connectionId: string;
    serviceType: string;
    provider: unknown;
    status: string;
    dueOn: string;
    history: Array<{ status: string; by: Staff; at: string }>;
  }>;
  contacts: Array<{
    contactId: string;
    kind: string;
    successful: boolean;
    contactedAt: string;
    durationMinutes: number | null;
    observation: unknown;
    by: Staff;
  }>;
  engagement: { level: string; since: string } | null;
  exits: Array<{
    reason: string;
    destination: unknown;
    exitedAt: string;
    reenrolledAt: string | null;
    /** On an exit the DA's termination made: the criterion's code (of the protocol's `terminationCriteria`). */
    criterionCode?: string;
  }>;
  /**
   * The legal matters the liaison prosecutor coordinates with the plan (`lead.prosecution.legal-matter-coordinated`):
   * kind, status and day only; the offense, the court and any narrative stay with the prosecutor's office.
   */
  legalMatters: Array<{ legalMatterId: string; kind: string; status: string; since: string }>;
  /** One snapshot per calendar month since the opening (housing, income and benefits, contacts, engagement). */
  monthlyStatus: MonthlyStatus[];
}

/**
 * The participant's record from the case's events, for `disclose()`: identity from the intake (until then the
 * case-management service does not know it), the status flags, milestones, and the case itself as clinical detail —
 * which only the treating program's `full` view ever carries.
 */
export function participantRecordOf(
  events: readonly OpenedCaseEvent[],
  state: CaseState,
  now: Date,
  monthlyStatus: MonthlyStatus[],
): ParticipantRecord {
  const opened = state.opened!;
  const record = caseRecordOf(events, state, monthlyStatus);
  const intake = events.find((e) => e.type === 'IntakeCompleted') as
    (OpenedCaseEvent & { identity: unknown }) | undefined;
  const identity = intake?.identity;
  const known = identity && !isErased(identity) ? (identity as IntakeIdentity) : undefined;
  return {
    participantId: opened.participantId,
    jurisdiction: opened.jurisdiction,
    agency: opened.providerAgency,
    identity: {
      name: isErased(identity) ? identity : (known?.name ?? null),
      dateOfBirth: isErased(identity) ? identity : (known?.dateOfBirth ?? null),
      ...(known?.phone !== undefined ? { phone: known.phone } : {}),
    },
    status: participationStatus(state, now),
    milestones: {
      referredOn: opened.referredAt.slice(0, 10),
      ...(state.intake ? { enrolledOn: state.intake.completedOn } : {}),
      ...(state.exit ? { exitedOn: state.exit.exitedAt.slice(0, 10) } : {}),
    },
    clinical: { case: record },
    notes: record.contacts
      .map((c) => (c.observation as { note?: unknown } | null)?.note)
      .filter((note): note is string => typeof note === 'string'),
  };
}

export function caseRecordOf(
  events: readonly OpenedCaseEvent[],
  state: CaseState,
  monthlyStatus: MonthlyStatus[],
): CaseRecord {
  const opened = state.opened!;
  const record: CaseRecord = {
    caseId: opened.caseId,
    referralId: opened.referralId,
    door: opened.door,
    providerAgency: opened.providerAgency,
    caseManager: state.caseManager,
    openedAt: opened.openedAt,
    intakeDueOn: opened.intakeDueOn,
    intake: null,
    consents: state.consents.map((c) => ({
      consentId: c.consentId,
      recipients: c.recipients,
      scope: c.scope,
      purpose: c.purpose,
      signedAt: c.signedAt,
      expiry: c.expiry,
      revocations: c.revocations,
    })),
    assessments: [],
    goals: [],
    serviceConnections: [],
    contacts: [],
    engagement: state.engagement ? { level: state.engagement.level, since: state.engagement.changedAt } : null,
    exits: [],
    legalMatters: Object.entries(state.legalMatters).map(([legalMatterId, matter]) => ({ legalMatterId, ...matter })),
    monthlyStatus,
  };
  for (const event of events) {
    const e = event as CaseEvent & Record<string, unknown>;
    switch (e.type) {
      case 'IntakeCompleted':
        record.intake = {
          completedOn: e.completedOn,
          place: event.place,
          deadlineMet: e.deadline.met,
          demographics: event.demographics as IntakeDemographics,
        };
        break;
      case 'AssessmentRecorded':
        record.assessments.push({
          assessmentId: e.assessmentId,
          instrument: e.instrument,
          occasion: e.occasion,
          completedOn: e.completedOn,
          answers: event.answers,
          scores: event.scores,
        });
        break;
      case 'GoalAdded':
        record.goals.push({
          goalId: e.goalId,
          domain: e.domain,
          wording: event.wording,
          status: 'active',
          history: [{ change: 'added', by: e.by, at: e.at }],
        });
        break;
      case 'GoalRevised':
      case 'GoalAchieved':
      case 'GoalSetAside': {
        const goal = record.goals.find((g) => g.goalId === e.goalId)!;
        if (e.type === 'GoalRevised') Object.assign(goal, { domain: e.domain, wording: event.wording });
        else goal.status = e.type === 'GoalAchieved' ? 'achieved' : 'set_aside';
        goal.history.push({
          change: { GoalRevised: 'revised', GoalAchieved: 'achieved', GoalSetAside: 'set_aside' }[e.type],
          by: e.by,
          at: e.at,
        });
        break;
      }
      case 'ServiceConnectionMade':
        record.serviceConnections.push({
          connectionId: e.connectionId,
          serviceType: e.serviceType,
          provider: event.provider,
          status: 'referred',
          dueOn: e.dueOn,
          history: [{ status: 'referred', by: e.by, at: e.at }],
        });
        break;
      case 'ServiceConnectionStatusChanged': {
        const connection = record.serviceConnections.find((c) => c.connectionId === e.connectionId)!;
        connection.status = e.status;
        connection.history.push({ status: e.status, by: e.by, at: e.at });
        break;
      }
      case 'ContactLogged':
        record.contacts.push({
          contactId: e.contactId,
          kind: e.kind,
          successful: e.successful,
          contactedAt: e.contactedAt,
          durationMinutes: e.durationMinutes,
          observation: event.observation,
          by: e.by,
        });
        break;
      case 'CaseExited':
        record.exits.push({
          reason: e.reason,
          destination: event.destination,
          exitedAt: e.exitedAt,
          reenrolledAt: null,
          ...(e.termination ? { criterionCode: e.termination.criterionCode } : {}),
        });
        break;
      case 'CaseReenrolled':
        record.exits.at(-1)!.reenrolledAt = e.reenrolledAt;
        break;
      default:
        break;
    }
  }
  return record;
}
