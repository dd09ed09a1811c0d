import type { Consent } from '@lead/access/consent';
import {
  checkRevocation,
  endedWithParticipation,
  heldConsent,
  withRevocation,
} from '../held-consents/held-consents.js';
import { REASON_CODE, STAFF_ID } from '@lead/contracts';
import { DomainRuleViolation, type Decider } from '@lead/event-store/decider';
import type * as C from './participant-coordination.commands.js';
import type { ParticipantCoordinationCommand } from './participant-coordination.commands.js';
import type {
  ActingStaff,
  EngagementLevel,
  LegalMatterKind,
  LegalMatterRecorded,
  LiaisonDecision,
  ParticipantCoordinationEvent,
} from './participant-coordination.events.js';

/** Where a legal matter stands: open for the liaison's decision, deferred until a day, or decided. */
export type LegalMatterStatus = 'awaiting_decision' | 'deferred' | 'declined' | 'filed' | 'coordinate';

export interface LegalMatter {
  legalMatterId: string;
  kind: LegalMatterKind;
  offenseCode: string | null;
  occurredOn: string;
  recordingOffice: string;
  recordedAt: string;
  status: LegalMatterStatus;
  /** Since when it has its status (the local day). */
  since: string;
  /** The latest decision. */
  decision: { decision: LiaisonDecision; reasonCode: string; decidedBy: ActingStaff; at: string } | null;
  /** While deferred: the day it comes back, and when the scheduler reviews it. */
  deferral: { until: string; reviewAt: string } | null;
}

export interface ParticipantCoordinationState {
  /** The participant and their jurisdiction, from the first case or legal matter; null before. */
  participant: { participantId: string; jurisdiction: string } | null;
  /** The participant's cases in case management (ids only): consents and facts name one of them. */
  caseIds: string[];
  /** Every consent case management recorded, as the pure consent rules hold them (revocations, exits applied). */
  consents: Consent[];
  intake: { completedOn: string; deadlineMet: boolean | null } | null;
  engagement: EngagementLevel | null;
  exitedAt: string | null;
  legalMatters: Record<string, LegalMatter>;
  /** The latest termination since the participant was last (re-)enrolled. */
  termination: { criterionCode: string; protocolVersion: string; at: string } | null;
}

const rule = (code: string, message: string) => new DomainRuleViolation(code, message);

/**
 * A participant's legal matters as the prosecutor's office coordinates them with the intervention plan, beside
 * the consent state case management published. A prosecutor office records a new arrest or charge, an older case
 * or a warrant; the liaison prosecutor office alone decides each (decline, file, coordinate with the plan, or
 * defer until a day, when the matter comes back for a decision once). A prosecutor office terminates a participant
 * only on a criterion code the District Attorney adopted in the protocol version in force. Bus facts are notes: a
 * repeated one decides nothing.
 */
export const participantCoordinationDecider: Decider<
  ParticipantCoordinationCommand,
  ParticipantCoordinationState,
  ParticipantCoordinationEvent
> = {
  initialState: {
    participant: null,
    caseIds: [],
    consents: [],
    intake: null,
    engagement: null,
    exitedAt: null,
    legalMatters: {},
    termination: null,
  },

  decide(command, state) {
    switch (command.type) {
      case 'NoteCase':
        return noteCase(command, state);
      case 'NoteConsent':
        return noteConsent(command, state);
      case 'NoteConsentRevoked':
        return noteConsentRevoked(command, state);
      case 'NoteIntake':
        caseOf(state, command.jurisdiction, command.caseId);
        return state.intake ? [] : [{ type: 'IntakeNoted', ...fields(command) }];
      case 'NoteEngagement':
        caseOf(state, command.jurisdiction, command.caseId);
        return state.engagement === command.level ? [] : [{ type: 'EngagementNoted', ...fields(command) }];
      case 'NoteExit':
        caseOf(state, command.jurisdiction, command.caseId);
        return state.exitedAt ? [] : [{ type: 'ExitNoted', ...fields(command) }];
      case 'NoteReenrolment':
        caseOf(state, command.jurisdiction, command.caseId);
        return state.exitedAt ? [{ type: 'ReenrolmentNoted', ...fields(command) }] : [];
      case 'RecordLegalMatter':
        return recordLegalMatter(command, state);
      case 'DecideLegalMatter':
        return decideLegalMatter(command, state);
      case 'ReviewDeferral':
        return reviewDeferral(command, state);
      case 'DecideTermination':
        return decideTermination(command, state);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'CaseNoted':
        return {
          ...state,
          participant: state.participant ?? { participantId: event.participantId, jurisdiction: event.jurisdiction },
          caseIds: [...state.caseIds, event.caseId],
          engagement: 'engaged',
        };
      case 'ConsentNoted':
        return { ...state, consents: [...state.consents, heldConsent(state.participant!.participantId, event, null)] };
      case 'ConsentRevocationNoted':
        return { ...state, consents: withRevocation(state.consents, event) };
      case 'IntakeNoted':
        return { ...state, intake: { completedOn: event.completedOn, deadlineMet: event.deadlineMet } };
      case 'EngagementNoted':
        return { ...state, engagement: event.level };
      case 'ExitNoted':
        return {
          ...state,
          exitedAt: event.exitedAt,
          // A consent given until the end of participation expires now, and stays expired after a re-enrolment.
          consents: endedWithParticipation(state.consents, event.exitedAt),
        };
      case 'ReenrolmentNoted':
        return { ...state, exitedAt: null, termination: null };
      case 'LegalMatterRecorded':
        return {
          ...state,
          participant: state.participant ?? { participantId: event.participantId, jurisdiction: event.jurisdiction },
          legalMatters: { ...state.legalMatters, [event.legalMatterId]: legalMatterOf(event) },
        };
      case 'LegalMatterDecided': {
        const matter = state.legalMatters[event.legalMatterId]!;
        return withMatter(state, {
          ...matter,
          status: STATUS_AFTER[event.decision],
          since: event.decidedOn,
          decision: {
            decision: event.decision,
            reasonCode: event.reasonCode,
            decidedBy: event.decidedBy,
            at: event.at,
          },
          deferral:
            event.deferredUntil && event.reviewAt ? { until: event.deferredUntil, reviewAt: event.reviewAt } : null,
        });
      }
      case 'DeferralCameDue': {
        const matter = state.legalMatters[event.legalMatterId]!;
        return withMatter(state, {
          ...matter,
          status: 'awaiting_decision',
          since: event.deferredUntil,
          deferral: null,
        });
      }
      case 'TerminationDecided':
        return {
          ...state,
          termination: { criterionCode: event.criterionCode, protocolVersion: event.protocolVersion, at: event.at },
        };
    }
  },
};

const STATUS_AFTER: Record<LiaisonDecision, LegalMatterStatus> = {
  decline: 'declined',
  defer: 'deferred',
  file: 'filed',
  coordinate: 'coordinate',
};

/** A note's fields without its command type and the jurisdiction it was checked against. */
function fields<T extends { type: string; jurisdiction: string }>(command: T): Omit<T, 'type' | 'jurisdiction'> {
  const { type: _type, jurisdiction: _jurisdiction, ...rest } = command;
  return rest;
}

function withMatter(state: ParticipantCoordinationState, matter: LegalMatter): ParticipantCoordinationState {
  return { ...state, legalMatters: { ...state.legalMatters, [matter.legalMatterId]: matter } };
}

function legalMatterOf(event: LegalMatterRecorded): LegalMatter {
  return {
    legalMatterId: event.legalMatterId,
    kind: event.kind,
    offenseCode: event.offenseCode,
    occurredOn: event.occurredOn,
    recordingOffice: event.recordingOffice,
    recordedAt: event.recordedAt,
    status: 'awaiting_decision',
    since: event.recordedOn,
    decision: null,
    deferral: null,
  };
}

/** A participant of one jurisdiction: a fact or a command naming another is refused (a producer or import bug). */
function sameJurisdiction(state: ParticipantCoordinationState, jurisdiction: string): void {
  if (state.participant && state.participant.jurisdiction !== jurisdiction) {
    throw rule(
      'participant_in_other_jurisdiction',
      `The participant is coordinated in ${state.participant.jurisdiction}, not ${jurisdiction}.`,
    );
  }
}

/** The case a fact of case management names: noted before (its `lead.case.opened` came first on its partition). */
function caseOf(state: ParticipantCoordinationState, jurisdiction: string, caseId: string): void {
  sameJurisdiction(state, jurisdiction);
  if (!state.caseIds.includes(caseId)) {
    throw rule('case_not_noted', `Case ${caseId} was never noted here: its lead.case.opened must come first.`);
  }
}

function noteCase(command: C.NoteCase, state: ParticipantCoordinationState): ParticipantCoordinationEvent[] {
  sameJurisdiction(state, command.jurisdiction);
  if (state.caseIds.includes(command.caseId)) return [];
  const { type: _type, ...noted } = command;
  return [{ type: 'CaseNoted', ...noted }];
}

function noteConsent(command: C.NoteConsent, state: ParticipantCoordinationState): ParticipantCoordinationEvent[] {
  caseOf(state, command.jurisdiction, command.caseId);
  if (state.consents.some((c) => c.consentId === command.consentId)) return [];
  const { type: _type, jurisdiction: _jurisdiction, ...terms } = command;
  heldConsent(state.participant!.participantId, terms, null);
  return [{ type: 'ConsentNoted', ...terms }];
}

function noteConsentRevoked(
  command: C.NoteConsentRevoked,
  state: ParticipantCoordinationState,
): ParticipantCoordinationEvent[] {
  sameJurisdiction(state, command.jurisdiction);
  checkRevocation(state.consents, command);
  return [
    {
      type: 'ConsentRevocationNoted',
      consentId: command.consentId,
      recipients: command.recipients,
      revokedAt: command.revokedAt,
    },
  ];
}

/** The acting prosecutor: a prosecutor office of the jurisdiction, named by an opaque staff id. */
function prosecutorOf(office: C.ActingOffice, what: string): ActingStaff {
  if (!office.isProsecutorOffice) {
    throw rule('not_a_prosecutor_office', `Only a prosecutor office of the participant's jurisdiction ${what}.`);
  }
  if (!STAFF_ID.test(office.subject)) {
    throw rule(
      'staff_id_invalid',
      "The prosecutor's id (the token's subject) must be an opaque staff id: letters, digits and ._:- only.",
    );
  }
  return { subject: office.subject, agency: office.agency };
}

function recordLegalMatter(
  command: C.RecordLegalMatter,
  state: ParticipantCoordinationState,
): ParticipantCoordinationEvent[] {
  const existing = state.legalMatters[command.legalMatterId];
  // An import sending the same matter again (or a retried request) records nothing new.
  if (existing) return [];
  sameJurisdiction(state, command.jurisdiction);
  const recordedBy = prosecutorOf(command.recordedBy, 'records its legal matters');
  if (command.offenseCode !== null && !command.offenseCatalogued) {
    throw rule(
      'offense_not_catalogued',
      `Offense ${command.offenseCode} is not in the offense catalogue of ${command.jurisdiction}'s state.`,
    );
  }
  if (command.occurredOn > command.today) {
    throw rule('occurred_in_future', 'A legal matter is recorded once it exists: its day cannot lie ahead.');
  }
  return [
    {
      type: 'LegalMatterRecorded',
      legalMatterId: command.legalMatterId,
      participantId: command.participantId,
      jurisdiction: command.jurisdiction,
      kind: command.kind,
      offenseCode: command.offenseCode,
      occurredOn: command.occurredOn,
      recordingOffice: recordedBy.agency,
      recordedBy,
      recordedOn: command.today,
      recordedAt: command.at,
    },
  ];
}

/** What the liaison may still decide: an open or deferred matter, and a coordinated one may still be declined or filed. */
const DECIDABLE: Record<LegalMatterStatus, readonly LiaisonDecision[]> = {
  awaiting_decision: ['decline', 'defer', 'file', 'coordinate'],
  deferred: ['decline', 'defer', 'file', 'coordinate'],
  coordinate: ['decline', 'defer', 'file'],
  declined: [],
  filed: [],
};

function decideLegalMatter(
  command: C.DecideLegalMatter,
  state: ParticipantCoordinationState,
): ParticipantCoordinationEvent[] {
  const matter = state.legalMatters[command.legalMatterId];
  if (!matter) throw rule('legal_matter_not_found', 'There is no such legal matter.');
  const decidedBy = prosecutorOf(command.decidedBy, 'decides its legal matters');
  if (!command.decidedBy.isLiaison) {
    throw rule(
      'not_the_liaison',
      "Only the liaison prosecutor office of the jurisdiction decides how a participant's legal matter is coordinated.",
    );
  }
  if (!DECIDABLE[matter.status].includes(command.decision)) {
    throw rule(
      'legal_matter_decided',
      matter.status === 'coordinate'
        ? 'The matter is coordinated with the plan already; it can still be declined, filed or deferred.'
        : `The matter has been ${matter.status} already.`,
    );
  }
  if (!REASON_CODE.test(command.reasonCode)) {
    throw rule(
      'reason_code_invalid',
      'The reason is a code of 2 to 64 lower-case letters, digits and _, starting with a letter; never free text.',
    );
  }
  if (command.decision === 'defer') {
    if (command.deferUntil === null || command.reviewAt === null)
      throw rule('defer_until_required', 'A deferral names the day the matter comes back for a decision.');
    if (command.deferUntil <= command.today)
      throw rule('defer_until_not_ahead', 'A deferral runs until a day after today.');
  } else if (command.deferUntil !== null) {
    throw rule('defer_until_not_allowed', 'Only a deferral names a day to come back.');
  }
  if (Date.parse(command.at) < Date.parse(matter.recordedAt)) {
    throw rule('decided_before_recorded', 'A decision cannot precede the recording of the matter it is about.');
  }
  const deferring = command.decision === 'defer';
  return [
    {
      type: 'LegalMatterDecided',
      legalMatterId: matter.legalMatterId,
      kind: matter.kind,
      decision: command.decision,
      reasonCode: command.reasonCode,
      deferredUntil: deferring ? command.deferUntil : null,
      reviewAt: deferring ? command.reviewAt : null,
      decidedBy,
      decidedOn: command.today,
      at: command.at,
    },
  ];
}

/**
 * The scheduler's review of a deferral: the matter comes back for a decision once, when it is still deferred to
 * that day (a later decision or another deferral leaves this timer nothing to do).
 */
function reviewDeferral(
  command: C.ReviewDeferral,
  state: ParticipantCoordinationState,
): ParticipantCoordinationEvent[] {
  const matter = state.legalMatters[command.legalMatterId];
  if (!matter) throw rule('legal_matter_not_found', 'There is no such legal matter.');
  if (matter.status !== 'deferred' || matter.deferral?.until !== command.deferredUntil) return [];
  if (Date.parse(command.at) < Date.parse(matter.deferral.reviewAt)) {
    throw rule('deferral_not_due', `The deferral is reviewed at ${matter.deferral.reviewAt}, not before.`);
  }
  return [
    {
      type: 'DeferralCameDue',
      legalMatterId: matter.legalMatterId,
      deferredUntil: command.deferredUntil,
      at: command.at,
    },
  ];
}

/**
 * Termination on the District Attorney's criteria (San Luis Valley): only where the protocol version in force lists
 * criteria, only one of their codes, only for a participant in services. The criteria are the prosecutor's; the
 * program itself never terminates anyone for drug use or inactivity.
 */
function decideTermination(
  command: C.DecideTermination,
  state: ParticipantCoordinationState,
): ParticipantCoordinationEvent[] {
  if (!state.participant || state.caseIds.length === 0)
    throw rule('participant_not_found', 'No case of this participant is known.');
  sameJurisdiction(state, command.jurisdiction);
  const decidedBy = prosecutorOf(command.decidedBy, 'decides a termination');
  if (command.adoptedCriteria.length === 0) {
    throw rule(
      'no_termination_criteria',
      `Protocol version ${command.protocolVersion} of ${command.jurisdiction} lists no termination criteria.`,
    );
  }
  if (!command.adoptedCriteria.includes(command.criterionCode)) {
    throw rule(
      'criterion_not_adopted',
      `Not a termination criterion of protocol version ${command.protocolVersion}: ${command.adoptedCriteria.join(', ')}.`,
    );
  }
  if (state.exitedAt) throw rule('participation_ended', 'The participant has exited already.');
  if (state.termination) throw rule('termination_decided', 'The participant has been terminated already.');
  return [
    {
      type: 'TerminationDecided',
      criterionCode: command.criterionCode,
      protocolVersion: command.protocolVersion,
      decidedBy,
      at: command.at,
    },
  ];
}
