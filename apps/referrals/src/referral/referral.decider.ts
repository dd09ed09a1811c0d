import { DomainRuleViolation, type Decider } from '@lead/event-store/decider';
import { aggrievedPartyAgreementOf } from '@lead/jurisdictions/protocol';
import type {
  AdmittedReferral,
  AnswerOffer,
  ApplyProsecutorDecision,
  NoteArrestExpunged,
  RecordAggrievedPartyAgreement,
  RecordCaseManagerArrival,
  RecordLeadLineCall,
  RecordReferral,
  ReferralCommand,
  ReferralIntake,
  RelinquishCustody,
} from './referral.commands.js';
import type { ReferralClosed, ReferralEvent, ReferralRecorded, ReferralRequirements } from './referral.events.js';
import { isBefore, stepInstant, storedInstant } from './referral-time.js';
import { screen } from './screening.js';

/** A referral's steps on the arrest-diversion path: the charge makes custody, the prosecutor and the victim part of it. */
export interface ArrestDiversionPath {
  door: 'arrest_diversion';
  aggrievedParty: { agreed: boolean } | null;
  custodyRelinquished: { at: string } | null;
  /** Final over the officer's screening. */
  prosecutorDecision: { eligible: boolean } | null;
}

/** Social contact and community referrals: no charge, so no custody, prosecutor or aggrieved party. */
export interface ContactPath {
  door: Exclude<ReferralRecorded['door'], 'arrest_diversion'>;
}

/** What every recorded referral holds, whatever its status. */
export interface Referral {
  /** Who the referral belongs to, for scoping reads and edits. */
  jurisdiction: string;
  referrer: { subject: string; agency: string };
  participantId: string;
  /** When the referral was made: no later step can have happened before it. */
  referredAt: string;
  requirements: ReferralRequirements;
  path: ArrestDiversionPath | ContactPath;
  /** The officer's screening (recorded with the referral). */
  screening: { eligible: boolean } | null;
  offer: { accepted: boolean } | null;
  leadLineCall: { at: string } | null;
  caseManagerArrival: { at: string } | null;
  /** Set once the arrest was expunged (its narrative's key destroyed); absent before. */
  arrestExpunged?: { on: string };
}

export type ReferralState =
  | { status: 'none' }
  | (Referral & { status: 'open' })
  | (Referral & { status: 'accepted' })
  | (Referral & { status: 'closed'; closed: { reason: ReferralClosed['reason']; at: string } });

export type OpenReferral = Extract<ReferralState, { status: 'open' }>;

export const initialReferralState: ReferralState = { status: 'none' };

/** Eligibility now: the prosecutor's decision where there is one (final), else the officer's screening. */
export function eligibilityOf(state: ReferralState): boolean | null {
  if (state.status === 'none') return null;
  if (state.path.door === 'arrest_diversion' && state.path.prosecutorDecision)
    return state.path.prosecutorDecision.eligible;
  return state.screening?.eligible ?? null;
}

const rule = (code: string, message: string) => new DomainRuleViolation(code, message);

/**
 * The intake rules of a referral: a protocol in force, the door open to the referrer's agency, the district in the
 * program, an offense exactly on an arrest diversion, a birth date before the referral. They need neither the
 * participant nor the sealed values, so the handler asks them first: a refused referral matches no one, seals
 * nothing and leaves no trace. `RecordReferral` takes only what they admitted.
 */
export function admitReferral(intake: ReferralIntake): AdmittedReferral {
  const { protocol, door } = intake;
  if (!protocol) {
    throw rule('no_protocol_in_force', `No protocol of ${intake.jurisdiction} was in force on ${intake.referredAt}.`);
  }
  const doorName = door.replace('_', ' ');
  if (!protocol.doors[door].open) throw rule('door_closed', `${protocol.name} does not take ${doorName} referrals.`);
  if (!protocol.doors[door].referrers.includes(intake.referrer.agency)) {
    throw rule(
      'referrer_not_allowed',
      `Agency ${intake.referrer.agency} may not refer through the ${doorName} door in ${protocol.name}.`,
    );
  }
  if (!protocol.districts.some((d) => d.id === intake.district))
    throw rule('district_not_in_program', `District ${intake.district} is not in ${protocol.name}.`);
  if (door === 'arrest_diversion' && intake.offenseCode === null)
    throw rule('offense_required', 'An arrest diversion names the offense and its probable-cause basis.');
  if (door !== 'arrest_diversion' && intake.offenseCode !== null)
    throw rule('offense_without_arrest', 'Only an arrest diversion carries an offense.');
  if (door !== 'arrest_diversion' && intake.aggrievedPartyPresent !== undefined)
    throw rule('aggrieved_party_without_arrest', 'Only an arrest diversion has an aggrieved party.');
  // Rochester: "the person and any aggrieved party present must agree". Left unsaid, a present party's agreement
  // would silently not be asked for, so the officer must say either way.
  if (
    door === 'arrest_diversion' &&
    aggrievedPartyAgreementOf(protocol) === 'required_when_present' &&
    intake.aggrievedPartyPresent === undefined
  ) {
    throw rule(
      'aggrieved_party_presence_required',
      `${protocol.name} asks for the agreement of any aggrieved party present: say whether one was (aggrievedPartyPresent).`,
    );
  }
  if (intake.answers.ageAtReferral < 0) throw rule('born_after_referral', 'The date of birth is after the referral.');
  return { ...intake, protocol } as AdmittedReferral;
}

/**
 * A referral from the field to enrollment. A referral is accepted only when every step its
 * jurisdiction's protocol (the version in force when it was made) requires is done; an ineligible
 * or declined referral is closed and kept, never thrown away.
 */
export const referralDecider: Decider<ReferralCommand, ReferralState, ReferralEvent> = {
  initialState: initialReferralState,

  decide(command, state) {
    if (command.type === 'RecordReferral') return recordReferral(command, state);
    if (command.type === 'NoteArrestExpunged') return noteArrestExpunged(command, state);
    const referral = openReferral(state);
    const step = { ...command, at: stepInstant(command.at) };
    const events = decideStep(step, referral);
    // Whether the step may be taken at all comes first; when it says it happened, after.
    notBeforeReferral(step, referral);
    return withEnrollment(referral, events, step.at);
  },

  evolve(state, event) {
    if (event.type === 'ReferralRecorded') {
      return {
        status: 'open',
        jurisdiction: event.jurisdiction,
        referrer: event.referrer,
        participantId: event.participantId,
        referredAt: storedInstant(event.referredAt),
        requirements: event.requirements,
        path:
          event.door === 'arrest_diversion'
            ? { door: event.door, aggrievedParty: null, custodyRelinquished: null, prosecutorDecision: null }
            : { door: event.door },
        screening: null,
        offer: null,
        leadLineCall: null,
        caseManagerArrival: null,
      };
    }
    if (state.status === 'none') return state; // a referral's stream starts with ReferralRecorded
    const arrest = state.path.door === 'arrest_diversion' ? state.path : null;
    switch (event.type) {
      case 'ReferralScreened':
        return { ...state, screening: { eligible: event.eligible } };
      case 'OfferAnswered':
        return { ...state, offer: { accepted: event.accepted } };
      case 'LeadLineCalled':
        return { ...state, leadLineCall: { at: storedInstant(event.at) } };
      case 'CaseManagerArrived':
        return { ...state, caseManagerArrival: { at: storedInstant(event.at) } };
      case 'AggrievedPartyAgreementRecorded':
        return arrest ? { ...state, path: { ...arrest, aggrievedParty: { agreed: event.agreed } } } : state;
      case 'CustodyRelinquished':
        return arrest ? { ...state, path: { ...arrest, custodyRelinquished: { at: storedInstant(event.at) } } } : state;
      case 'ProsecutorEligibilityDecided':
        return arrest ? { ...state, path: { ...arrest, prosecutorDecision: { eligible: event.eligible } } } : state;
      case 'ReferralAccepted':
        return { ...state, status: 'accepted' };
      case 'ReferralClosed':
        return { ...state, status: 'closed', closed: { reason: event.reason, at: storedInstant(event.at) } };
      case 'ArrestExpunged':
        return { ...state, arrestExpunged: { on: event.expungedOn } };
    }
  },
};

type ReferralStep = Exclude<ReferralCommand, RecordReferral | NoteArrestExpunged>;

/**
 * The arrest's expungement, whatever the referral's status (it comes long after enrolment): only for an arrest
 * diversion of the jurisdiction the message names, once.
 */
function noteArrestExpunged(command: NoteArrestExpunged, state: ReferralState): ReferralEvent[] {
  if (state.status === 'none') throw rule('referral_not_found', 'There is no such referral.');
  if (state.jurisdiction !== command.jurisdiction) {
    throw rule('referral_in_other_jurisdiction', `The referral was made in ${state.jurisdiction}.`);
  }
  if (state.path.door !== 'arrest_diversion') throw rule('not_an_arrest', 'Only an arrest diversion has an arrest.');
  if (state.arrestExpunged) return [];
  return [{ type: 'ArrestExpunged', basis: command.basis, expungedOn: command.expungedOn, at: command.at }];
}

/** How a refusal names each step. */
const STEP_NAMES: Record<ReferralStep['type'], string> = {
  AnswerOffer: 'The answer to the offer',
  RecordAggrievedPartyAgreement: "The aggrieved party's answer",
  RecordLeadLineCall: 'The call to the LEAD line',
  RecordCaseManagerArrival: "The case manager's arrival",
  RelinquishCustody: 'The hand-over of custody',
  ApplyProsecutorDecision: "The prosecutor's decision",
};

/**
 * Every step happens after the referral it follows. A step dated before it is a typing or clock error that would
 * skew every duration measured from it (a call dated 1900 made a hand-off of 66 million minutes).
 */
function notBeforeReferral(step: ReferralStep, { referredAt }: OpenReferral): void {
  if (isBefore(step.at, referredAt)) {
    throw rule(
      'step_before_referral',
      `${STEP_NAMES[step.type]} (${step.at}) cannot be before the referral was made (${referredAt}).`,
    );
  }
}

function decideStep(command: ReferralStep, referral: OpenReferral): ReferralEvent[] {
  switch (command.type) {
    case 'AnswerOffer':
      return answerOffer(command, referral);
    case 'RecordAggrievedPartyAgreement':
      return recordAggrievedPartyAgreement(command, referral);
    case 'RecordLeadLineCall':
      return recordLeadLineCall(command, referral);
    case 'RecordCaseManagerArrival':
      return recordCaseManagerArrival(command, referral);
    case 'RelinquishCustody':
      return relinquishCustody(command, referral);
    case 'ApplyProsecutorDecision':
      return applyProsecutorDecision(command, referral);
  }
}

function openReferral(state: ReferralState): OpenReferral {
  if (state.status === 'none') throw rule('referral_not_found', 'There is no such referral.');
  if (state.status !== 'open') throw rule('referral_not_open', `The referral is already ${state.status}.`);
  return state;
}

function recordReferral(command: RecordReferral, state: ReferralState): ReferralEvent[] {
  if (state.status !== 'none') throw rule('referral_exists', 'This referral is already recorded.');
  const { intake } = command;
  const referredAt = stepInstant(intake.referredAt);
  const { protocol, door } = intake;
  if ((intake.offenseCode === null) !== (command.probableCause === null))
    throw new Error('An offense and its sealed probable-cause narrative come together.');
  const result = screen(protocol, intake.answers, intake.offenseCode);
  const events: ReferralEvent[] = [
    {
      type: 'ReferralRecorded',
      referralId: command.referralId,
      participantId: command.participantId,
      jurisdiction: protocol.jurisdiction,
      district: intake.district,
      door,
      referredAt,
      referrer: intake.referrer,
      offense:
        intake.offenseCode !== null && command.probableCause !== null
          ? { code: intake.offenseCode, probableCause: command.probableCause }
          : null,
      identity: command.identity,
      area: intake.area,
      ...(intake.aggrievedPartyPresent !== undefined && { aggrievedPartyPresent: intake.aggrievedPartyPresent }),
      requirements: {
        protocolVersion: protocol.version,
        aggrievedPartyAgreementRequired: aggrievedPartyAgreementRequired(intake),
        prosecutorReviewRequired: protocol.prosecutorReviewRequired,
        handOffTargetMinutes: protocol.handOffTargetMinutes,
      },
    },
    {
      type: 'ReferralScreened',
      protocolVersion: result.protocolVersion,
      eligible: result.eligible,
      answers: command.sealedAnswers,
      criteria: result.criteria,
    },
  ];
  // An arrest diversion's screening is the officer's; the prosecutor may still override it.
  const prosecutorDecides = door === 'arrest_diversion' && protocol.prosecutorReviewRequired;
  if (!result.eligible && !prosecutorDecides)
    events.push({ type: 'ReferralClosed', reason: 'ineligible', at: referredAt });
  return events;
}

/** Whether the referral needs an aggrieved party's agreement: the protocol's rule applied to what the officer said. */
function aggrievedPartyAgreementRequired({ protocol, door, aggrievedPartyPresent }: AdmittedReferral): boolean {
  if (door !== 'arrest_diversion') return false;
  switch (aggrievedPartyAgreementOf(protocol)) {
    case 'not_required':
      return false;
    case 'required':
      return true;
    case 'required_when_present':
      return aggrievedPartyPresent === true;
  }
}

function answerOffer(command: AnswerOffer, referral: OpenReferral): ReferralEvent[] {
  if (referral.offer) throw rule('offer_already_answered', 'The person has already answered the offer.');
  const answered: ReferralEvent = { type: 'OfferAnswered', accepted: command.accepted, at: command.at };
  if (command.accepted) return [answered];
  return [answered, { type: 'ReferralClosed', reason: 'declined_by_person', at: command.at }];
}

function recordAggrievedPartyAgreement(
  command: RecordAggrievedPartyAgreement,
  { path, requirements }: OpenReferral,
): ReferralEvent[] {
  if (path.door !== 'arrest_diversion' || !requirements.aggrievedPartyAgreementRequired) {
    throw rule(
      'aggrieved_party_not_required',
      "This referral's protocol does not ask for an aggrieved party's agreement.",
    );
  }
  if (path.aggrievedParty)
    throw rule('aggrieved_party_already_recorded', "The aggrieved party's answer is already recorded.");
  const recorded: ReferralEvent = { type: 'AggrievedPartyAgreementRecorded', agreed: command.agreed, at: command.at };
  if (command.agreed) return [recorded];
  return [recorded, { type: 'ReferralClosed', reason: 'aggrieved_party_disagreed', at: command.at }];
}

function recordLeadLineCall(command: RecordLeadLineCall, referral: OpenReferral): ReferralEvent[] {
  if (referral.leadLineCall) throw rule('lead_line_already_called', 'The call to the LEAD line is already recorded.');
  return [{ type: 'LeadLineCalled', at: command.at }];
}

function recordCaseManagerArrival(
  command: RecordCaseManagerArrival,
  { jurisdiction, leadLineCall, caseManagerArrival, requirements }: OpenReferral,
): ReferralEvent[] {
  // The arrival is the provider's hand-off measure, published as the provider agency's: no other agency's staff
  // (the police, a prosecutor office) records it, whatever role their token carries.
  if (!command.caseManager.agencyIsProvider) {
    throw rule(
      'not_a_provider_agency',
      `Agency ${command.caseManager.agency} is not a case-management provider of ${jurisdiction}: only a provider's case manager records the arrival.`,
    );
  }
  if (!leadLineCall)
    throw rule('lead_line_not_called', 'Record the call to the LEAD line before the arrival it led to.');
  if (caseManagerArrival) throw rule('case_manager_already_arrived', "The case manager's arrival is already recorded.");
  if (isBefore(command.at, leadLineCall.at))
    throw rule(
      'arrival_before_call',
      `The case manager cannot arrive (${command.at}) before the call (${leadLineCall.at}).`,
    );
  const minutes = (Date.parse(command.at) - Date.parse(leadLineCall.at)) / 60_000;
  const minutesFromCall = Math.round(minutes * 10) / 10;
  return [
    {
      type: 'CaseManagerArrived',
      at: command.at,
      caseManager: { subject: command.caseManager.subject, agency: command.caseManager.agency },
      calledAt: leadLineCall.at,
      minutesFromCall,
      targetMinutes: requirements.handOffTargetMinutes,
      withinTarget: minutesFromCall <= requirements.handOffTargetMinutes,
    },
  ];
}

function relinquishCustody(command: RelinquishCustody, { path, caseManagerArrival }: OpenReferral): ReferralEvent[] {
  if (path.door !== 'arrest_diversion') throw rule('no_custody', 'Only an arrest diversion has custody to relinquish.');
  if (!caseManagerArrival)
    throw rule('case_manager_not_arrived', 'Custody passes to a case manager on scene; record the arrival first.');
  if (path.custodyRelinquished) throw rule('custody_already_relinquished', 'Custody is already relinquished.');
  if (isBefore(command.at, caseManagerArrival.at)) {
    throw rule(
      'custody_before_arrival',
      `Custody passes to the case manager on scene: not (${command.at}) before they arrived (${caseManagerArrival.at}).`,
    );
  }
  return [{ type: 'CustodyRelinquished', at: command.at }];
}

function applyProsecutorDecision(
  command: ApplyProsecutorDecision,
  { path, jurisdiction }: OpenReferral,
): ReferralEvent[] {
  if (command.jurisdiction !== jurisdiction) {
    throw rule(
      'referral_in_other_jurisdiction',
      `The referral is not in ${command.jurisdiction}, where the decision was taken.`,
    );
  }
  if (path.door !== 'arrest_diversion')
    throw rule('no_prosecutor_review', 'Only an arrest diversion goes to the prosecutor for eligibility.');
  if (path.prosecutorDecision)
    throw rule('prosecutor_already_decided', "The prosecutor's decision is already recorded.");
  const decided: ReferralEvent = {
    type: 'ProsecutorEligibilityDecided',
    eligible: command.eligible,
    basis: command.basis,
    reasonCode: command.reasonCode,
    prosecutor: command.prosecutor,
    at: command.at,
  };
  if (command.eligible) return [decided];
  return [decided, { type: 'ReferralClosed', reason: 'prosecutor_found_ineligible', at: command.at }];
}

/** Appends `ReferralAccepted` when these events complete the last step the referral requires. */
function withEnrollment(referral: OpenReferral, events: ReferralEvent[], at: string): ReferralEvent[] {
  const after = events.reduce(referralDecider.evolve, referral);
  if (after.status !== 'open' || !allStepsDone(after)) return events;
  return [...events, { type: 'ReferralAccepted', at }];
}

function allStepsDone(referral: OpenReferral): boolean {
  const { path, requirements } = referral;
  if (eligibilityOf(referral) !== true || referral.offer?.accepted !== true) return false;
  if (path.door !== 'arrest_diversion') return true;
  return (
    (!requirements.prosecutorReviewRequired || path.prosecutorDecision !== null) &&
    (!requirements.aggrievedPartyAgreementRequired || path.aggrievedParty?.agreed === true) &&
    referral.caseManagerArrival !== null &&
    path.custodyRelinquished !== null
  );
}
