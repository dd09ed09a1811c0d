import type { Consent } from '@lead/access/consent';
import { REASON_CODE, STAFF_ID } from '@lead/contracts';
import { DomainRuleViolation, type Decider } from '@lead/event-store/decider';
import {
  checkRevocation,
  endedWithParticipation,
  heldConsent,
  withRevocation,
} from '../held-consents/held-consents.js';
import { intakeDisclosure } from './intake-deadline/intake-disclosure.js';
import { addCalendarDays, endOfLocalDay, localDayOf, startOfLocalDay } from './intake-deadline/local-calendar.js';
import type {
  CaseMessageSource,
  ConfirmCustodianSealed,
  DecideCharge,
  DecideEligibility,
  ExpireIntakeDeadline,
  LinkCase,
  NoteConsent,
  NoteConsentRevoked,
  NoteIntake,
  NoteOfficerScreening,
  NoteReferralEnded,
  OpenMatter,
  ProsecutionMatterCommand,
  ReviewSealing,
} from './prosecution-matter.commands.js';
import type {
  ArrestExpunged,
  CaseLinked,
  ChargeDeclined,
  ChargeReleased,
  EligibilityDecided,
  MatterTermsSet,
  IntakeDisclosed,
  MatterOpened,
  ProsecutionMatterEvent,
  RecordCustodian,
  ReferralEndReason,
  SealingTerms,
} from './prosecution-matter.events.js';

export interface ProsecutionMatterState {
  /** What the referral told the prosecutor's office when the matter opened; null before. */
  matter: Omit<MatterOpened, 'type'> | null;
  charge: {
    offenseCode: string;
    heldOn: string;
    intakeDeadline: string;
    /**
     * `held` until the deadline or an intake; `awaiting_decision` after an intake disclosed in time where the
     * protocol leaves the decline to the prosecutor; then `declined`, `filed` or `released`.
     */
    status: ChargeStatus;
    /** Null unless released. */
    released: { reason: ChargeReleased['reason']; on: string } | null;
    declined: { reason: ChargeDeclined['reason']; on: string } | null;
    filed: { on: string } | null;
  } | null;
  /** The matter's terms; null in matters opened before they were kept (their deadline is the UTC day's end). */
  terms: Omit<MatterTermsSet, 'type'> | null;
  /** When the arrest's records may be sealed, once known (after the decline, or from the case's opening). */
  sealingDueAt: string | null;
  sealing: {
    eligibleOn: string;
    effect: SealingTerms['effect'];
    custodians: RecordCustodian[];
    /** Each custodian's confirmation, as recorded. */
    sealed: Partial<Record<RecordCustodian, { sealedOn: string; recordedBy: { subject: string; agency: string } }>>;
  } | null;
  expunged: { basis: ArrestExpunged['basis']; on: string } | null;
  officerScreening: { eligible: boolean; protocolVersion: string } | null;
  referralEnded: { reason: ReferralEndReason; at: string } | null;
  decision: Omit<EligibilityDecided, 'type' | 'matterId' | 'referralId'> | null;
  case: Omit<CaseLinked, 'type'> | null;
  /** The participant's consents as case management recorded them, with their revocations. */
  consents: Consent[];
  /** When the participant exited, if they have. */
  participationEndedAt: string | null;
  /** The intake as case management reported it: not the prosecutor's to act on until disclosed. */
  intakeReported: { completedOn: string; reportedAt: string } | null;
  intakeDisclosed: Omit<IntakeDisclosed, 'type'> | null;
}

export type ChargeStatus = 'held' | 'awaiting_decision' | 'declined' | 'filed' | 'released';

/*
 * The reason is a lower-case code (libs/contracts `REASON_CODE`): it travels to the referrals service and to
 * integrators, so never a sentence. The published decision names the prosecutor by the subject of their token, as
 * a staff id (`STAFF_ID`): a subject outside it (an e-mail address) could never be published, and the relay never
 * skips an event, so such a decision is refused before it is stored.
 */

const DAY_MS = 86_400_000;

/** The UTC calendar day of an instant, YYYY-MM-DD (protocol versions take effect by UTC day too). */
export function dayOf(instant: string): string {
  return new Date(instant).toISOString().slice(0, 10);
}

/** The day of an instant as the matter counts days: local where it keeps its time zone, else UTC. */
function matterDayOf(state: ProsecutionMatterState, instant: string): string {
  return state.terms ? localDayOf(instant, state.terms.timeZone) : dayOf(instant);
}

/** When the intake deadline runs out: the end of its last local day (of its UTC day in matters without a zone). */
export function deadlineRunsOutAt(state: ProsecutionMatterState): string | null {
  if (state.terms) return state.terms.runsOutAt;
  if (!state.charge) return null;
  return new Date(Date.parse(`${state.charge.intakeDeadline}T00:00:00.000Z`) + DAY_MS).toISOString();
}

const rule = (code: string, message: string) => new DomainRuleViolation(code, message);

/**
 * A diverted arrest as the prosecutor's office holds it: the charge is held until the intake deadline, and the
 * prosecutor has the final word on eligibility where the protocol version asks for it, confirming or overriding
 * the officer's screening, once, with a reason code, attributed to one prosecutor of a prosecutor office.
 * The referral's facts arrive over the bus and are idempotent (a redelivery decides nothing new).
 * A referral that ends before enrolment releases the charge at once. After enrolment the charge waits for the
 * intake: disclosed in time under a consent naming one of the jurisdiction's prosecutor offices, it is declined (or
 * left to the prosecutor, as the protocol version says); when the deadline runs out first, the durable timer
 * releases it for ordinary processing, at the instant it ran out, once.
 */
export const prosecutionMatterDecider: Decider<
  ProsecutionMatterCommand,
  ProsecutionMatterState,
  ProsecutionMatterEvent
> = {
  initialState: {
    matter: null,
    charge: null,
    terms: null,
    sealingDueAt: null,
    sealing: null,
    expunged: null,
    officerScreening: null,
    referralEnded: null,
    decision: null,
    case: null,
    consents: [],
    participationEndedAt: null,
    intakeReported: null,
    intakeDisclosed: null,
  },

  decide(command, state) {
    switch (command.type) {
      case 'OpenMatter':
        return openMatter(command, state);
      case 'NoteOfficerScreening':
        return noteOfficerScreening(command, state);
      case 'NoteReferralEnded':
        return noteReferralEnded(command, state);
      case 'DecideEligibility':
        return decideEligibility(command, state);
      case 'LinkCase':
        return linkCase(command, state);
      case 'NoteConsent':
        return noteConsent(command, state);
      case 'NoteConsentRevoked':
        return noteConsentRevoked(command, state);
      case 'NoteParticipationEnded':
        caseMessageFor(state, command.source);
        return state.participationEndedAt ? [] : [{ type: 'ParticipationEndedNoted', at: command.at }];
      case 'NoteIntake':
        return noteIntake(command, state);
      case 'ExpireIntakeDeadline':
        return expireIntakeDeadline(command, state);
      case 'DecideCharge':
        return withSealingDue(state, decideCharge(command, state), command.at);
      case 'ReviewSealing':
        return reviewSealing(command, state);
      case 'ConfirmCustodianSealed':
        return confirmCustodianSealed(command, state);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'MatterOpened': {
        const { type: _type, ...matter } = event;
        return { ...state, matter };
      }
      case 'ChargeHeld':
        return {
          ...state,
          charge: {
            offenseCode: event.offenseCode,
            heldOn: event.heldOn,
            intakeDeadline: event.intakeDeadline,
            status: 'held',
            released: null,
            declined: null,
            filed: null,
          },
        };
      case 'MatterTermsSet': {
        const { type: _type, ...terms } = event;
        return { ...state, terms };
      }
      case 'SealingEligible':
        return {
          ...state,
          sealing: { eligibleOn: event.eligibleOn, effect: event.effect, custodians: event.custodians, sealed: {} },
        };
      case 'CustodianSealed':
        return {
          ...state,
          sealing: {
            ...state.sealing!,
            sealed: {
              ...state.sealing!.sealed,
              [event.custodian]: { sealedOn: event.sealedOn, recordedBy: event.recordedBy },
            },
          },
        };
      case 'ArrestExpunged':
        return { ...state, expunged: { basis: event.basis, on: event.expungedOn } };
      case 'OfficerScreeningNoted':
        return { ...state, officerScreening: { eligible: event.eligible, protocolVersion: event.protocolVersion } };
      case 'ReferralEnded':
        return { ...state, referralEnded: { reason: event.reason, at: event.at } };
      case 'ChargeReleased':
        return {
          ...state,
          charge: { ...state.charge!, status: 'released', released: { reason: event.reason, on: event.releasedOn } },
        };
      case 'ChargeDeclined':
        return {
          ...state,
          charge: { ...state.charge!, status: 'declined', declined: { reason: event.reason, on: event.declinedOn } },
          sealingDueAt:
            state.terms?.sealing.startsAt === 'charge_not_filed'
              ? startOfLocalDay(
                  addCalendarDays(event.declinedOn, state.terms.sealing.eligibleAfterDays),
                  state.terms.timeZone,
                ).toISOString()
              : state.sealingDueAt,
        };
      case 'ChargeFiled':
        return { ...state, charge: { ...state.charge!, status: 'filed', filed: { on: event.filedOn } } };
      case 'CaseLinked': {
        const { type: _type, ...linked } = event;
        return {
          ...state,
          case: linked,
          sealingDueAt:
            state.terms?.sealing.startsAt === 'participation_days'
              ? startOfLocalDay(
                  addCalendarDays(
                    localDayOf(event.openedAt, state.terms.timeZone),
                    state.terms.sealing.eligibleAfterDays,
                  ),
                  state.terms.timeZone,
                ).toISOString()
              : state.sealingDueAt,
        };
      }
      case 'ConsentNoted':
        return {
          ...state,
          consents: [...state.consents, heldConsent(state.matter!.participantId, event, state.participationEndedAt)],
        };
      case 'ConsentRevocationNoted':
        return { ...state, consents: withRevocation(state.consents, event) };
      case 'ParticipationEndedNoted':
        return {
          ...state,
          participationEndedAt: event.at,
          consents: endedWithParticipation(state.consents, event.at),
        };
      case 'IntakeReported':
        return { ...state, intakeReported: { completedOn: event.completedOn, reportedAt: event.reportedAt } };
      case 'IntakeDisclosed': {
        const { type: _type, ...disclosed } = event;
        const awaiting =
          disclosed.inTime && state.charge?.status === 'held' && state.terms?.afterIntake !== 'decline_automatically';
        return {
          ...state,
          intakeDisclosed: disclosed,
          charge: awaiting ? { ...state.charge!, status: 'awaiting_decision' } : state.charge,
        };
      }
      case 'EligibilityDecided':
        return {
          ...state,
          decision: {
            eligible: event.eligible,
            basis: event.basis,
            reasonCode: event.reasonCode,
            prosecutor: { subject: event.prosecutor.subject, agency: event.prosecutor.agency },
            at: event.at,
          },
        };
    }
  },
};

function openMatter(command: OpenMatter, state: ProsecutionMatterState): ProsecutionMatterEvent[] {
  if (state.matter) return [];
  const { type: _type, intakeDeadlineDays, timeZone, afterIntake, prosecutorOffices, sealing, ...opened } = command;
  const heldOn = localDayOf(command.arrestedAt, timeZone);
  const deadline = addCalendarDays(heldOn, intakeDeadlineDays);
  return [
    { type: 'MatterOpened', ...opened },
    {
      type: 'ChargeHeld',
      matterId: command.matterId,
      referralId: command.referralId,
      offenseCode: command.offenseCode,
      heldOn,
      intakeDeadline: deadline,
    },
    {
      type: 'MatterTermsSet',
      deadline,
      runsOutAt: endOfLocalDay(deadline, timeZone).toISOString(),
      timeZone,
      afterIntake,
      prosecutorOffices: [...prosecutorOffices],
      sealing: { ...sealing, custodians: [...sealing.custodians] },
    },
  ];
}

/** The matter a fact of the referral is noted on: the one opened, in the jurisdiction the referral names. */
function matterOf(state: ProsecutionMatterState, jurisdiction: string): NonNullable<ProsecutionMatterState['matter']> {
  if (!state.matter) throw rule('matter_not_found', 'There is no such matter.');
  if (state.matter.jurisdiction !== jurisdiction) {
    throw rule(
      'matter_in_other_jurisdiction',
      `The referral arrived from ${jurisdiction}, but its matter is in ${state.matter.jurisdiction}.`,
    );
  }
  return state.matter;
}

function noteOfficerScreening(command: NoteOfficerScreening, state: ProsecutionMatterState): ProsecutionMatterEvent[] {
  matterOf(state, command.jurisdiction);
  if (state.officerScreening) return [];
  return [{ type: 'OfficerScreeningNoted', eligible: command.eligible, protocolVersion: command.protocolVersion }];
}

/**
 * The referral ended without enrolment: noted, and the held charge released at once for ordinary processing, with
 * the reason (the prosecutor's own ineligibility finding, or the referral closing).
 */
function noteReferralEnded(command: NoteReferralEnded, state: ProsecutionMatterState): ProsecutionMatterEvent[] {
  const matter = matterOf(state, command.jurisdiction);
  if (state.referralEnded) return [];
  const ended: ProsecutionMatterEvent = { type: 'ReferralEnded', reason: command.reason, at: command.at };
  if (state.charge?.status !== 'held') return [ended];
  return [
    ended,
    {
      type: 'ChargeReleased',
      matterId: matter.matterId,
      referralId: matter.referralId,
      reason: command.reason === 'prosecutor_found_ineligible' ? 'prosecutor_decision' : 'referral_closed',
      referralEndReason: command.reason,
      releasedOn: matterDayOf(state, command.at),
      at: command.at,
    },
  ];
}

function decideEligibility(command: DecideEligibility, state: ProsecutionMatterState): ProsecutionMatterEvent[] {
  const { matter } = state;
  if (!matter) throw rule('matter_not_found', 'There is no such matter.');
  if (!command.prosecutor.agencyIsProsecutorOffice) {
    throw rule('not_a_prosecutor_office', "Only a prosecutor office of the matter's jurisdiction decides eligibility.");
  }
  if (!matter.prosecutorReviewRequired) {
    throw rule(
      'review_not_required',
      `Protocol version ${matter.protocolVersion} does not ask the prosecutor to decide eligibility.`,
    );
  }
  if (state.decision)
    throw rule('eligibility_already_decided', 'Eligibility has already been decided for this matter.');
  if (state.referralEnded)
    throw rule(
      'referral_ended',
      `The referral has ended (${state.referralEnded.reason}); there is nothing left to decide.`,
    );
  if (!state.officerScreening) {
    throw rule(
      'screening_not_received',
      "The officer's screening of the referral has not reached the prosecutor's office yet; try again shortly.",
    );
  }
  if (!REASON_CODE.test(command.reasonCode)) {
    throw rule(
      'reason_code_invalid',
      'The reason is a code of 2 to 64 lower-case letters, digits and _, starting with a letter; never free text.',
    );
  }
  if (!STAFF_ID.test(command.prosecutor.subject)) {
    throw rule(
      'staff_id_invalid',
      "The prosecutor's id (the token's subject) must be an opaque staff id: letters, digits and ._:- only.",
    );
  }
  if (Date.parse(command.at) < Date.parse(matter.arrestedAt)) {
    throw rule('decided_before_arrest', 'A decision cannot precede the arrest it is about.');
  }
  return [
    {
      type: 'EligibilityDecided',
      matterId: matter.matterId,
      referralId: matter.referralId,
      eligible: command.eligible,
      basis: command.eligible === state.officerScreening.eligible ? 'confirmed' : 'overridden',
      reasonCode: command.reasonCode,
      prosecutor: { subject: command.prosecutor.subject, agency: command.prosecutor.agency },
      at: command.at,
    },
  ];
}

/**
 * A case message may touch only the matter of its own participant in its own jurisdiction: otherwise its consents
 * would count for another person, and its events be published under the wrong participant.
 */
function caseMessageFor(state: ProsecutionMatterState, source: CaseMessageSource): void {
  const matter = matterOf(state, source.jurisdiction);
  if (matter.participantId !== source.participantId) {
    throw rule('case_of_other_participant', "The case message names another participant than the matter's.");
  }
}

function linkCase(command: LinkCase, state: ProsecutionMatterState): ProsecutionMatterEvent[] {
  caseMessageFor(state, command.source);
  if (state.case) {
    if (state.case.caseId === command.caseId) return [];
    throw rule('case_already_linked', `The matter already follows case ${state.case.caseId}.`);
  }
  return [
    { type: 'CaseLinked', caseId: command.caseId, providerAgency: command.providerAgency, openedAt: command.openedAt },
  ];
}

function noteConsent(command: NoteConsent, state: ProsecutionMatterState): ProsecutionMatterEvent[] {
  caseMessageFor(state, command.source);
  if (!state.case) throw rule('case_not_linked', 'No case of this matter is known yet.');
  if (state.consents.some((c) => c.consentId === command.consentId)) return [];
  const { type: _type, source: _source, ...terms } = command;
  const consent = heldConsent(state.matter!.participantId, terms, state.participationEndedAt);
  return [
    { type: 'ConsentNoted', ...terms },
    ...disclosureOfIntake({ ...state, consents: [...state.consents, consent] }),
  ];
}

function noteConsentRevoked(command: NoteConsentRevoked, state: ProsecutionMatterState): ProsecutionMatterEvent[] {
  caseMessageFor(state, command.source);
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

function noteIntake(command: NoteIntake, state: ProsecutionMatterState): ProsecutionMatterEvent[] {
  caseMessageFor(state, command.source);
  if (!state.case) throw rule('case_not_linked', 'No case of this matter is known yet.');
  if (state.intakeReported) return [];
  const reported = { completedOn: command.completedOn, reportedAt: command.reportedAt };
  return [{ type: 'IntakeReported', ...reported }, ...disclosureOfIntake({ ...state, intakeReported: reported })];
}

/**
 * The intake, once a consent lets it reach a prosecutor office: disclosed from the earliest instant a consent
 * permits it, and, when that is before the deadline ran out and the charge is still held, declined at once where
 * the protocol says so (else the charge awaits the prosecutor's decision).
 */
function disclosureOfIntake(state: ProsecutionMatterState): ProsecutionMatterEvent[] {
  if (state.intakeDisclosed || !state.intakeReported || !state.matter) return [];
  const offices = state.terms?.prosecutorOffices ?? [];
  const found = intakeDisclosure(state.intakeReported.reportedAt, state.consents, state.matter.participantId, offices);
  if (!found) return [];
  const runsOutAt = deadlineRunsOutAt(state);
  const inTime = runsOutAt !== null && Date.parse(found.at) < Date.parse(runsOutAt);
  const disclosed: ProsecutionMatterEvent = {
    type: 'IntakeDisclosed',
    completedOn: state.intakeReported.completedOn,
    disclosedAt: found.at,
    consentId: found.consentId,
    inTime,
  };
  if (!inTime || state.charge?.status !== 'held' || state.terms?.afterIntake !== 'decline_automatically') {
    return [disclosed];
  }
  return withSealingDue(
    state,
    [
      disclosed,
      {
        type: 'ChargeDeclined',
        matterId: state.matter.matterId,
        referralId: state.matter.referralId,
        reason: 'intake_completed',
        decidedBy: null,
        declinedOn: matterDayOf(state, found.at),
        at: found.at,
      },
    ],
    found.at,
  );
}

/**
 * The deadline's timer: a charge still held when the deadline ran out is released, dated the instant it ran out
 * (whenever the worker gets to it: after downtime, the release still says when the hold ended).
 */
function expireIntakeDeadline(command: ExpireIntakeDeadline, state: ProsecutionMatterState): ProsecutionMatterEvent[] {
  if (!state.matter) throw rule('matter_not_found', 'There is no such matter.');
  const runsOutAt = deadlineRunsOutAt(state);
  if (!runsOutAt) return [];
  if (Date.parse(command.at) < Date.parse(runsOutAt)) {
    throw rule('deadline_not_reached', `The intake deadline runs out at ${runsOutAt}, not before.`);
  }
  if (state.charge?.status !== 'held') return [];
  return [
    {
      type: 'ChargeReleased',
      matterId: state.matter.matterId,
      referralId: state.matter.referralId,
      reason: 'intake_deadline_passed',
      referralEndReason: null,
      releasedOn: matterDayOf(state, runsOutAt),
      at: runsOutAt,
    },
  ];
}

function decideCharge(command: DecideCharge, state: ProsecutionMatterState): ProsecutionMatterEvent[] {
  const { matter, charge } = state;
  if (!matter || !charge) throw rule('matter_not_found', 'There is no such matter.');
  if (!command.prosecutor.agencyIsProsecutorOffice) {
    throw rule('not_a_prosecutor_office', "Only a prosecutor office of the matter's jurisdiction decides its charge.");
  }
  if (!STAFF_ID.test(command.prosecutor.subject)) {
    throw rule(
      'staff_id_invalid',
      "The prosecutor's id (the token's subject) must be an opaque staff id: letters, digits and ._:- only.",
    );
  }
  if (charge.status !== 'awaiting_decision' && charge.status !== 'released') {
    throw rule(
      'charge_not_to_decide',
      charge.status === 'held'
        ? 'The charge is held for the intake deadline; it is not the prosecutor’s to decide until then.'
        : `The charge has been ${charge.status} already.`,
    );
  }
  if (Date.parse(command.at) < Date.parse(matter.arrestedAt)) {
    throw rule('decided_before_arrest', 'A decision cannot precede the arrest it is about.');
  }
  const decidedBy = { subject: command.prosecutor.subject, agency: command.prosecutor.agency };
  const on = matterDayOf(state, command.at);
  if (command.decision === 'file') {
    if (command.declineReason !== undefined)
      throw rule('decline_reason_not_allowed', 'A filed charge takes no decline reason.');
    return [
      {
        type: 'ChargeFiled',
        matterId: matter.matterId,
        referralId: matter.referralId,
        offenseCode: charge.offenseCode,
        decidedBy,
        filedOn: on,
        at: command.at,
      },
    ];
  }
  if (command.declineReason === undefined) throw rule('decline_reason_required', 'A decline names its reason code.');
  return [
    {
      type: 'ChargeDeclined',
      matterId: matter.matterId,
      referralId: matter.referralId,
      reason: command.declineReason,
      decidedBy,
      declinedOn: on,
      at: command.at,
    },
  ];
}

/** Folds `events` onto `state` (what the decider's evolve would make of them). */
function fold(state: ProsecutionMatterState, events: ProsecutionMatterEvent[]): ProsecutionMatterState {
  return events.reduce(prosecutionMatterDecider.evolve, state);
}

/**
 * `decided`, and the arrest's sealing with it when the decision makes sealing due at once (a decline under a rule
 * without waiting days); a later due day is the sealing timer's.
 */
function withSealingDue(
  state: ProsecutionMatterState,
  decided: ProsecutionMatterEvent[],
  at: string,
): ProsecutionMatterEvent[] {
  const after = fold(state, decided);
  if (!after.sealingDueAt || Date.parse(at) < Date.parse(after.sealingDueAt)) return decided;
  return [...decided, ...sealingOf(after, at)];
}

/**
 * The arrest's records become sealable (and LEAD's copy expunged where the rule expunges), at `at` (never before
 * sealing came due): only once the charge was declined (a held, released or filed charge is not sealable, or a
 * filing after an expungement could follow), and, after days of participation, only for a participant still in the
 * program when they ran out.
 */
function sealingOf(state: ProsecutionMatterState, at: string): ProsecutionMatterEvent[] {
  const { matter, terms, sealingDueAt } = state;
  if (!matter || !terms || !sealingDueAt || state.sealing || state.charge?.status !== 'declined') return [];
  const ended = state.participationEndedAt;
  if (terms.sealing.startsAt === 'participation_days' && ended !== null && Date.parse(ended) < Date.parse(sealingDueAt))
    return [];
  const when = Date.parse(at) > Date.parse(sealingDueAt) ? at : sealingDueAt;
  const eligibleOn = matterDayOf(state, when);
  const eligible: ProsecutionMatterEvent = {
    type: 'SealingEligible',
    matterId: matter.matterId,
    referralId: matter.referralId,
    eligibleOn,
    effect: terms.sealing.effect,
    custodians: [...terms.sealing.custodians],
    at: when,
  };
  if (terms.sealing.effect !== 'expunged') return [eligible];
  return [
    eligible,
    {
      type: 'ArrestExpunged',
      matterId: matter.matterId,
      referralId: matter.referralId,
      basis: 'expunged_by_rule',
      expungedOn: eligibleOn,
      at: when,
    },
  ];
}

/**
 * The sealing timer: sealing comes due. Nothing yet for a charge not declined by then (a decline later seals at
 * once, `withSealingDue`).
 */
function reviewSealing(command: ReviewSealing, state: ProsecutionMatterState): ProsecutionMatterEvent[] {
  if (!state.matter) throw rule('matter_not_found', 'There is no such matter.');
  if (state.sealing || !state.sealingDueAt) return [];
  if (Date.parse(command.at) < Date.parse(state.sealingDueAt)) {
    throw rule('sealing_not_due', `Sealing comes due at ${state.sealingDueAt}, not before.`);
  }
  return sealingOf(state, state.sealingDueAt);
}

function confirmCustodianSealed(
  command: ConfirmCustodianSealed,
  state: ProsecutionMatterState,
): ProsecutionMatterEvent[] {
  const { matter, sealing } = state;
  if (!matter) throw rule('matter_not_found', 'There is no such matter.');
  if (!command.recordedBy.agencyIsProsecutorOffice) {
    throw rule('not_a_prosecutor_office', "Only a prosecutor office of the matter's jurisdiction records sealing.");
  }
  if (!STAFF_ID.test(command.recordedBy.subject)) {
    throw rule(
      'staff_id_invalid',
      "The recorder's id (the token's subject) must be an opaque staff id: letters, digits and ._:- only.",
    );
  }
  if (!sealing) throw rule('sealing_not_eligible', 'The arrest’s records are not sealable (yet).');
  if (!sealing.custodians.includes(command.custodian)) {
    throw rule('custodian_not_listed', `The protocol lists no ${command.custodian} custodian for this arrest.`);
  }
  if (sealing.sealed[command.custodian]) {
    throw rule('custodian_already_sealed', `The ${command.custodian} custodian's sealing is recorded already.`);
  }
  if (command.sealedOn < sealing.eligibleOn || command.sealedOn > matterDayOf(state, command.at)) {
    throw rule(
      'sealed_on_out_of_range',
      `A custodian seals on or after ${sealing.eligibleOn}, and not after the day it is recorded.`,
    );
  }
  const confirmed: ProsecutionMatterEvent = {
    type: 'CustodianSealed',
    matterId: matter.matterId,
    custodian: command.custodian,
    sealedOn: command.sealedOn,
    recordedBy: { subject: command.recordedBy.subject, agency: command.recordedBy.agency },
    at: command.at,
  };
  const after = fold(state, [confirmed]).sealing!;
  const allSealed = after.custodians.every((custodian) => after.sealed[custodian]);
  if (!allSealed || state.expunged) return [confirmed];
  return [
    confirmed,
    {
      type: 'ArrestExpunged',
      matterId: matter.matterId,
      referralId: matter.referralId,
      basis: 'sealed_by_custodians',
      expungedOn: matterDayOf(state, command.at),
      at: command.at,
    },
  ];
}
