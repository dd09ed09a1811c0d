import {
  consentEventOccurred,
  InvalidConsent,
  recordConsent as consentOf,
  revokeConsent as revocationOf,
  type Consent,
  type DisclosureScope,
} from '@lead/access/consent';
import { DomainRuleViolation, type Decider } from '@lead/event-store/decider';
import { dateOf, dayNumber } from '../assessment/instrument/calendar-day.js';
import type * as C from './case.commands.js';
import type { CaseCommand } from './case.commands.js';
import {
  CLOSED_SERVICE_CONNECTION_STATUSES,
  type EngagementLevel,
  type ExitReason,
  type GoalDomain,
  type GoalStatus,
  type ServiceConnectionStatus,
  type ServiceType,
} from './case-vocabulary.js';
import type { CaseEvent, CaseOpened, LegalMatterKind, Staff } from './case.events.js';
import { engagementAt } from './engagement.js';

export interface CaseState {
  /** What the case opened with; null before. */
  opened: Omit<CaseOpened, 'type'> | null;
  caseManager: Staff | null;
  intake: { completedOn: string; deadline: { due: string; met: boolean } } | null;
  /** Every consent recorded, as the access library's values (revocations and event expiries applied). */
  consents: Consent[];
  assessments: Array<{
    assessmentId: string;
    instrument: { id: string; version: string };
    occasion: string;
    completedOn: string;
  }>;
  planVersion: number;
  goals: Record<string, { domain: GoalDomain; status: GoalStatus; since: string }>;
  connections: Record<
    string,
    { serviceType: ServiceType; status: ServiceConnectionStatus; dueOn: string; madeAt: string; changedAt: string }
  >;
  contactIds: string[];
  /** What engagement counts from: the last successful contact, or the opening / re-enrolment after it. */
  engagementBaseline: string | null;
  engagement: { level: EngagementLevel; changedAt: string } | null;
  /** `decisionId`: the prosecutor's termination that made this exit, if one did. */
  exit: { reason: ExitReason; exitedAt: string; decisionId?: string } | null;
  /** The legal matters the liaison prosecutor coordinates with the plan, by id (kind, status, day: no narrative). */
  legalMatters: Record<string, { kind: LegalMatterKind; status: 'coordinate'; since: string }>;
  /** Exits and re-enrolments so far (the case's episodes). */
  exits: number;
}

const rule = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainRuleViolation(code, message, details);

const dayOf = (instant: string) => new Date(instant).toISOString().slice(0, 10);
const later = (a: string, b: string) => (Date.parse(a) >= Date.parse(b) ? a : b);

/**
 * A participant's case: opened once per accepted referral, then intake, consent, assessment, the plan, service
 * connections, contacts and engagement, exit and re-enrolment. Harm reduction is in the model: there is no
 * abstinence gate and no sanction anywhere, engagement only describes contact (inactive is never an exit), and an
 * exit is undone by re-enrolment. Every staff command is attributed, dated, and may only come from the provider
 * agency holding the case; no time it names lies before the referral or after the command.
 */
export const caseDecider: Decider<CaseCommand, CaseState, CaseEvent> = {
  initialState: {
    opened: null,
    caseManager: null,
    intake: null,
    consents: [],
    assessments: [],
    planVersion: 0,
    goals: {},
    connections: {},
    contactIds: [],
    engagementBaseline: null,
    engagement: null,
    exit: null,
    legalMatters: {},
    exits: 0,
  },

  decide(command, state) {
    if (command.type === 'OpenCase') return openCase(command, state);
    if (command.type === 'ReviewEngagement') return reviewEngagement(command, state);
    if (command.type === 'NoteLegalMatter') return noteLegalMatter(command, state);
    if (command.type === 'ExitOnProsecutorCriteria') return exitOnProsecutorCriteria(command, state);
    const opened = provided(state, command);
    switch (command.type) {
      case 'AssignCaseManager':
        return assignCaseManager(command, state, opened);
      case 'CompleteIntake':
        return completeIntake(command, state, opened);
      case 'RecordConsent':
        return recordConsent(command, state, opened);
      case 'RevokeConsent':
        return revokeConsent(command, state);
      case 'RecordAssessment':
        return recordAssessment(command, state, opened);
      case 'AddGoal':
      case 'ReviseGoal':
      case 'AchieveGoal':
      case 'SetGoalAside':
        return changePlan(command, state);
      case 'ConnectService':
        return connectService(command, state);
      case 'ChangeServiceConnectionStatus':
        return changeServiceConnectionStatus(command, state);
      case 'LogContact':
        return logContact(command, state, opened);
      case 'ExitCase':
        return exitCase(command, state, opened);
      case 'Reenroll':
        return reenroll(command, state);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'CaseOpened': {
        const { type: _type, ...opened } = event;
        return {
          ...state,
          opened,
          engagementBaseline: event.openedAt,
          engagement: { level: 'engaged', changedAt: event.openedAt },
        };
      }
      case 'CaseManagerAssigned':
        return { ...state, caseManager: event.caseManager };
      case 'IntakeCompleted':
        return { ...state, intake: { completedOn: event.completedOn, deadline: event.deadline } };
      case 'DemographicsRecorded':
        return state;
      case 'ConsentRecorded':
        return {
          ...state,
          consents: [
            ...state.consents,
            {
              consentId: event.consentId,
              participantId: state.opened!.participantId,
              recipients: event.recipients,
              scope: event.scope as DisclosureScope[],
              purpose: event.purpose,
              signedAt: event.signedAt,
              expiry: event.expiry,
              revocations: [],
            },
          ],
        };
      case 'ConsentRevoked':
        return {
          ...state,
          consents: state.consents.map((consent) =>
            consent.consentId !== event.consentId
              ? consent
              : {
                  ...consent,
                  revocations: [...consent.revocations, { revokedAt: event.revokedAt, recipients: event.recipients }],
                },
          ),
        };
      case 'AssessmentRecorded':
        return {
          ...state,
          assessments: [
            ...state.assessments,
            {
              assessmentId: event.assessmentId,
              instrument: event.instrument,
              occasion: event.occasion,
              completedOn: event.completedOn,
            },
          ],
        };
      case 'GoalAdded':
      case 'GoalRevised':
        return {
          ...state,
          planVersion: event.planVersion,
          goals: { ...state.goals, [event.goalId]: { domain: event.domain, status: 'active', since: event.at } },
        };
      case 'GoalAchieved':
      case 'GoalSetAside':
        return {
          ...state,
          planVersion: event.planVersion,
          goals: {
            ...state.goals,
            [event.goalId]: {
              ...state.goals[event.goalId]!,
              status: event.type === 'GoalAchieved' ? 'achieved' : 'set_aside',
              since: event.at,
            },
          },
        };
      case 'ServiceConnectionMade':
        return {
          ...state,
          connections: {
            ...state.connections,
            [event.connectionId]: {
              serviceType: event.serviceType,
              status: 'referred',
              dueOn: event.dueOn,
              madeAt: event.at,
              changedAt: event.at,
            },
          },
        };
      case 'ServiceConnectionStatusChanged':
        return {
          ...state,
          connections: {
            ...state.connections,
            [event.connectionId]: {
              ...state.connections[event.connectionId]!,
              status: event.status,
              changedAt: event.at,
            },
          },
        };
      case 'ContactLogged':
        return {
          ...state,
          contactIds: [...state.contactIds, event.contactId],
          engagementBaseline:
            event.successful && state.engagementBaseline !== null
              ? later(event.contactedAt, state.engagementBaseline)
              : state.engagementBaseline,
        };
      case 'EngagementChanged':
        return { ...state, engagement: { level: event.level, changedAt: event.changedAt } };
      case 'CaseExited':
        return {
          ...state,
          exit: {
            reason: event.reason,
            exitedAt: event.exitedAt,
            ...(event.termination ? { decisionId: event.termination.decisionId } : {}),
          },
          exits: state.exits + 1,
          // Participation ended: a consent given until then expires now, and stays expired after a re-enrolment.
          consents: state.consents.map((consent) =>
            consentEventOccurred(consent, 'participation-ended', event.exitedAt),
          ),
        };
      case 'CaseReenrolled':
        return { ...state, exit: null, engagementBaseline: later(event.reenrolledAt, state.engagementBaseline!) };
      case 'LegalMatterNoted':
        return {
          ...state,
          legalMatters: {
            ...state.legalMatters,
            [event.legalMatterId]: { kind: event.kind, status: event.status, since: event.since },
          },
        };
    }
  },
};

function openCase(command: C.OpenCase, state: CaseState): CaseEvent[] {
  // One case per referral, however often the acceptance is delivered.
  if (state.opened) return [];
  const { type: _type, ...opened } = command;
  return [{ type: 'CaseOpened', ...opened }];
}

type StaffCommand = Exclude<
  CaseCommand,
  C.OpenCase | C.ReviewEngagement | C.NoteLegalMatter | C.ExitOnProsecutorCriteria
>;

/** The case a staff command acts on: opened, held by the caller's agency, and the command's times sane. */
function provided(state: CaseState, command: StaffCommand): NonNullable<CaseState['opened']> {
  const { opened } = state;
  if (!opened) throw rule('case_not_found', 'There is no such case.');
  if (command.by.agency !== opened.providerAgency) {
    throw rule('not_the_provider', `Only ${opened.providerAgency}, the provider holding the case, changes it.`);
  }
  if (command.assignedOnly && state.caseManager?.subject !== command.by.subject) {
    throw rule('not_assigned', 'The case is no longer assigned to you.');
  }
  return opened;
}

/** A time a command names: not before the referral (`before` names the rule), and not after the command itself. */
function within(
  state: NonNullable<CaseState['opened']>,
  instant: string,
  at: string,
  field: string,
  earliest = state.referredAt,
): void {
  if (Date.parse(instant) < Date.parse(earliest))
    throw rule(
      `${field}_too_early`,
      `${field} lies before ${earliest === state.referredAt ? 'the referral' : earliest}.`,
      {
        field,
        earliest,
      },
    );
  if (Date.parse(instant) > Date.parse(at)) throw rule(`${field}_in_future`, `${field} lies in the future.`, { field });
}

/** A calendar day a command names: the same, by UTC day. */
function withinDays(state: NonNullable<CaseState['opened']>, day: string, at: string, field: string): void {
  if (day < dayOf(state.referredAt))
    throw rule(`${field}_too_early`, `${field} lies before the referral.`, {
      field,
      earliest: dayOf(state.referredAt),
    });
  if (day > dayOf(at)) throw rule(`${field}_in_future`, `${field} lies in the future.`, { field });
}

function notExited(state: CaseState): void {
  if (state.exit) throw rule('case_exited', 'The participant has exited; re-enrol them first.');
}

function assignCaseManager(
  command: C.AssignCaseManager,
  state: CaseState,
  opened: NonNullable<CaseState['opened']>,
): CaseEvent[] {
  if (command.caseManager.agency !== opened.providerAgency) {
    throw rule('case_manager_of_other_agency', `A case of ${opened.providerAgency} goes to one of its case managers.`);
  }
  if (state.caseManager?.subject === command.caseManager.subject) return [];
  return [
    {
      type: 'CaseManagerAssigned',
      caseManager: command.caseManager,
      previous: state.caseManager,
      by: command.by,
      at: command.at,
    },
  ];
}

function completeIntake(
  command: C.CompleteIntake,
  state: CaseState,
  opened: NonNullable<CaseState['opened']>,
): CaseEvent[] {
  notExited(state);
  if (state.intake) throw rule('intake_already_completed', 'Intake is completed once per case.');
  withinDays(opened, command.completedOn, command.at, 'completedOn');
  return [
    {
      type: 'IntakeCompleted',
      completedOn: command.completedOn,
      identity: command.identity,
      place: command.place,
      demographics: command.demographics,
      deadline: { due: opened.intakeDueOn, met: command.completedOn <= opened.intakeDueOn },
      releaseOfInformationSigned: state.consents.length > 0,
      by: command.by,
      at: command.at,
    },
    // The same sealed value again, on its own: what the reports receive (lead.case.demographics-recorded).
    { type: 'DemographicsRecorded', demographics: command.demographics, by: command.by, at: command.at },
  ];
}

function recordConsent(
  command: C.RecordConsent,
  state: CaseState,
  opened: NonNullable<CaseState['opened']>,
): CaseEvent[] {
  if (!command.rightToRevokeExplained) {
    throw rule(
      'right_to_revoke_not_explained',
      'A consent is recorded only once the right to revoke it was explained (42 CFR 2.31(a)(7)).',
    );
  }
  if (state.consents.some((consent) => consent.consentId === command.consentId)) {
    throw rule('consent_exists', 'This consent is recorded already; a change is a revocation and a new consent.');
  }
  if (command.expiry.kind === 'event' && state.exit) {
    throw rule(
      'participation_already_ended',
      'The participant has exited: a consent until the end of participation would never end. Re-enrol first, or give a date.',
      { field: 'expiresOn' },
    );
  }
  if (Date.parse(command.signedAt) > Date.parse(command.at)) {
    throw rule('signedAt_in_future', 'A consent is recorded once it is signed.', { field: 'signedAt' });
  }
  const unknown = command.recipients.filter((recipient) => !command.jurisdictionAgencies.includes(recipient));
  if (unknown.length > 0) {
    throw rule('recipient_unknown', `Not an agency of ${opened.jurisdiction}: ${unknown.join(', ')}.`, {
      field: 'recipients',
      unknown,
    });
  }
  const consent = valid(() =>
    consentOf({
      consentId: command.consentId,
      participantId: opened.participantId,
      recipients: command.recipients,
      scope: command.scope as DisclosureScope[],
      purpose: command.purpose,
      signedAt: command.signedAt,
      expiry: command.expiry,
    }),
  );
  return [
    {
      type: 'ConsentRecorded',
      consentId: consent.consentId,
      recipients: [...consent.recipients],
      scope: [...consent.scope],
      purpose: consent.purpose,
      signedAt: consent.signedAt,
      expiry: command.expiry,
      rightToRevokeExplained: true,
      by: command.by,
      at: command.at,
    },
  ];
}

function revokeConsent(command: C.RevokeConsent, state: CaseState): CaseEvent[] {
  const consent = state.consents.find((c) => c.consentId === command.consentId);
  if (!consent) throw rule('consent_not_found', 'The case holds no such consent.');
  // A revocation dated ahead would let disclosure go on until then while the case reads "revoked".
  if (Date.parse(command.revokedAt) > Date.parse(command.at))
    throw rule('revokedAt_in_future', 'A revocation takes effect when it is made, not later.', { field: 'revokedAt' });
  valid(() =>
    revocationOf(consent, {
      revokedAt: command.revokedAt,
      ...(command.recipients ? { recipients: command.recipients } : {}),
    }),
  );
  return [
    {
      type: 'ConsentRevoked',
      consentId: command.consentId,
      recipients: command.recipients ? [...command.recipients] : 'all',
      revokedAt: command.revokedAt,
      by: command.by,
      at: command.at,
    },
  ];
}

/** The access library's consent rules, answered as a rule broken. */
function valid<T>(make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (error instanceof InvalidConsent) throw rule('consent_invalid', error.message);
    throw error;
  }
}

function recordAssessment(
  command: C.RecordAssessment,
  state: CaseState,
  opened: NonNullable<CaseState['opened']>,
): CaseEvent[] {
  if (state.assessments.some((a) => a.assessmentId === command.assessmentId)) return [];
  withinDays(opened, command.completedOn, command.at, 'completedOn');
  const { type: _type, ...recorded } = command;
  return [{ type: 'AssessmentRecorded', ...recorded }];
}

function changePlan(command: C.AddGoal | C.ReviseGoal | C.AchieveGoal | C.SetGoalAside, state: CaseState): CaseEvent[] {
  notExited(state);
  const goal = state.goals[command.goalId];
  const planVersion = state.planVersion + 1;
  const active = Object.values(state.goals).filter((g) => g.status === 'active').length;
  const change = { goalId: command.goalId, planVersion, by: command.by, at: command.at };
  if (command.type === 'AddGoal') {
    if (goal) throw rule('goal_exists', 'The plan holds this goal already.');
    return [
      { type: 'GoalAdded', ...change, activeGoals: active + 1, domain: command.domain, wording: command.wording },
    ];
  }
  if (!goal) throw rule('goal_not_found', 'The plan holds no such goal.');
  if (goal.status !== 'active') throw rule('goal_not_active', `The goal was ${goal.status.replace('_', ' ')} already.`);
  if (Date.parse(command.at) < Date.parse(goal.since))
    throw rule('at_too_early', 'The goal changes after it was set or last revised.', {
      field: 'at',
      earliest: goal.since,
    });
  switch (command.type) {
    case 'ReviseGoal':
      return [
        { type: 'GoalRevised', ...change, activeGoals: active, domain: command.domain, wording: command.wording },
      ];
    case 'AchieveGoal':
      return [{ type: 'GoalAchieved', ...change, activeGoals: active - 1 }];
    case 'SetGoalAside':
      return [{ type: 'GoalSetAside', ...change, activeGoals: active - 1 }];
  }
}

function connectService(command: C.ConnectService, state: CaseState): CaseEvent[] {
  notExited(state);
  if (state.connections[command.connectionId])
    throw rule('service_connection_exists', 'This connection exists already.');
  return [
    {
      type: 'ServiceConnectionMade',
      connectionId: command.connectionId,
      serviceType: command.serviceType,
      provider: command.provider,
      dueOn: dateOf(dayNumber(dayOf(command.at)) + command.responseDays),
      by: command.by,
      at: command.at,
    },
  ];
}

function changeServiceConnectionStatus(command: C.ChangeServiceConnectionStatus, state: CaseState): CaseEvent[] {
  const connection = state.connections[command.connectionId];
  if (!connection) throw rule('service_connection_not_found', 'The case holds no such service connection.');
  if (connection.status === command.status) return [];
  return [
    {
      type: 'ServiceConnectionStatusChanged',
      connectionId: command.connectionId,
      serviceType: connection.serviceType,
      status: command.status,
      previous: connection.status,
      by: command.by,
      at: command.at,
    },
  ];
}

/** Whether a connection still waits for its answer. */
export function isOpenServiceConnection(status: ServiceConnectionStatus): boolean {
  return !CLOSED_SERVICE_CONNECTION_STATUSES.includes(status);
}

function logContact(command: C.LogContact, state: CaseState, opened: NonNullable<CaseState['opened']>): CaseEvent[] {
  if (state.contactIds.includes(command.contactId)) return [];
  notExited(state);
  within(opened, command.contactedAt, command.at, 'contactedAt');
  const logged: CaseEvent = {
    type: 'ContactLogged',
    contactId: command.contactId,
    kind: command.kind,
    successful: command.successful,
    contactedAt: command.contactedAt,
    durationMinutes: command.durationMinutes,
    observation: command.observation,
    by: command.by,
    at: command.at,
  };
  if (!command.successful) return [logged];
  // The level the new baseline gives, from the contact or from the last change, whichever is later (a contact
  // logged late does not rewrite a change already recorded).
  const baseline = later(command.contactedAt, state.engagementBaseline!);
  const changedAt = later(command.contactedAt, state.engagement!.changedAt);
  return [logged, ...engagementChange(state, engagementAt(baseline, changedAt, opened), changedAt)];
}

function engagementChange(state: CaseState, level: EngagementLevel, changedAt: string): CaseEvent[] {
  const previous = state.engagement!.level;
  if (level === previous) return [];
  return [{ type: 'EngagementChanged', level, previous, reengaged: previous === 'inactive', changedAt }];
}

function reviewEngagement(command: C.ReviewEngagement, state: CaseState): CaseEvent[] {
  // A timer outlived its case's episode or an earlier change: nothing to review.
  if (!state.opened || state.exit) return [];
  if (Date.parse(command.at) < Date.parse(state.engagement!.changedAt)) return [];
  return engagementChange(state, engagementAt(state.engagementBaseline!, command.at, state.opened), command.at);
}

function exitCase(command: C.ExitCase, state: CaseState, opened: NonNullable<CaseState['opened']>): CaseEvent[] {
  if (state.exit) throw rule('case_exited', 'The participant has exited already.');
  if (command.reason === 'terminated_by_prosecutor_criteria' && !command.terminationCriteriaSet) {
    throw rule(
      'no_termination_criteria',
      `The prosecutor's office set no termination criteria for ${opened.jurisdiction}.`,
    );
  }
  within(opened, command.exitedAt, command.at, 'exitedAt', opened.openedAt);
  return [
    {
      type: 'CaseExited',
      reason: command.reason,
      destination: command.destination,
      exitedAt: command.exitedAt,
      by: command.by,
      at: command.at,
    },
  ];
}

function reenroll(command: C.Reenroll, state: CaseState): CaseEvent[] {
  if (!state.exit) throw rule('case_not_exited', 'The participant is in services; there is nothing to re-enrol.');
  within(state.opened!, command.reenrolledAt, command.at, 'reenrolledAt', state.exit.exitedAt);
  const reenrolled: CaseEvent = {
    type: 'CaseReenrolled',
    reenrolledAt: command.reenrolledAt,
    by: command.by,
    at: command.at,
  };
  return [reenrolled, ...engagementChange(state, 'engaged', command.reenrolledAt)];
}

function noteLegalMatter(command: C.NoteLegalMatter, state: CaseState): CaseEvent[] {
  if (!state.opened) throw rule('case_not_found', 'There is no such case.');
  const known = state.legalMatters[command.legalMatterId];
  // The same coordination delivered again (or coordinated again the same day) changes nothing.
  if (known && known.kind === command.kind && known.since === command.since) return [];
  return [
    {
      type: 'LegalMatterNoted',
      legalMatterId: command.legalMatterId,
      kind: command.kind,
      status: command.status,
      since: command.since,
    },
  ];
}

/**
 * The DA's termination, on criteria the prosecutor's office set: only where the program says it set some (else
 * `no_termination_criteria`), and only of a case in services (else `case_exited`). Both refusals dead-letter the
 * message: an operator decides. The decision exits the participant; it is never a sanction for drug use or
 * inactivity (those are not criteria: the prosecution service refuses any code the protocol did not adopt).
 */
function exitOnProsecutorCriteria(command: C.ExitOnProsecutorCriteria, state: CaseState): CaseEvent[] {
  const { opened } = state;
  if (!opened) throw rule('case_not_found', 'There is no such case.');
  // This decision already exited the case (a redelivery): nothing new.
  if (state.exit?.decisionId === command.decisionId) return [];
  if (!command.terminationCriteriaSet) {
    throw rule(
      'no_termination_criteria',
      `The prosecutor's office set no termination criteria for ${opened.jurisdiction}.`,
    );
  }
  if (state.exit) throw rule('case_exited', 'The participant has exited already.');
  if (Date.parse(command.decidedAt) < Date.parse(opened.openedAt)) {
    throw rule('exitedAt_too_early', `exitedAt lies before ${opened.openedAt}.`, {
      field: 'exitedAt',
      earliest: opened.openedAt,
    });
  }
  return [
    {
      type: 'CaseExited',
      reason: 'terminated_by_prosecutor_criteria',
      destination: command.destination,
      exitedAt: command.decidedAt,
      by: command.decidedBy,
      at: command.decidedAt,
      termination: {
        criterionCode: command.criterionCode,
        decisionId: command.decisionId,
        protocolVersion: command.protocolVersion,
      },
    },
  ];
}
