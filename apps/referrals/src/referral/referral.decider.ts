import { DomainRuleViolation, type Decider } from '@lead/event-store';
import type { ReferralCommand, RecordReferral } from './referral.commands.js';
import type { ReferralEvent, ReferralRecorded, ReferralRequirements } from './referral.events.js';
import { screen } from './screening.js';

export type ReferralStatus = 'none' | 'open' | 'accepted' | 'closed';

export interface ReferralState {
  status: ReferralStatus;
  /** Who the referral belongs to, for scoping reads and edits. */
  jurisdiction: string | null;
  referrer: { subject: string; agency: string } | null;
  participantId: string | null;
  door: ReferralRecorded['door'] | null;
  requirements: ReferralRequirements | null;
  eligible: boolean | null;
  prosecutorDecided: boolean;
  offerAccepted: boolean | null;
  aggrievedPartyAgreed: boolean | null;
  calledAt: string | null;
  caseManagerArrived: boolean;
  custodyRelinquished: boolean;
}

export const initialReferralState: ReferralState = {
  status: 'none',
  jurisdiction: null,
  referrer: null,
  participantId: null,
  door: null,
  requirements: null,
  eligible: null,
  prosecutorDecided: false,
  offerAccepted: null,
  aggrievedPartyAgreed: null,
  calledAt: null,
  caseManagerArrived: false,
  custodyRelinquished: false,
};

const rule = (code: string, message: string) => new DomainRuleViolation(code, message);

/**
 * A referral from the field to enrollment. A referral is accepted only when every step its
 * jurisdiction's protocol (the version in force when it was made) requires is done; an ineligible
 * or declined referral is closed and kept, never thrown away.
 */
export const referralDecider: Decider<ReferralCommand, ReferralState, ReferralEvent> = {
  initialState: initialReferralState,

  decide(command, state) {
    if (command.type === 'RecordReferral') return record(command, state);
    if (state.status === 'none') throw rule('referral_not_found', 'There is no such referral.');
    if (state.status !== 'open') throw rule('referral_not_open', `The referral is already ${state.status}.`);
    const isArrest = state.door === 'arrest_diversion';
    let events: ReferralEvent[];
    switch (command.type) {
      case 'AnswerOffer':
        if (state.offerAccepted !== null)
          throw rule('offer_already_answered', 'The person has already answered the offer.');
        events = [{ type: 'OfferAnswered', accepted: command.accepted, at: command.at }];
        if (!command.accepted) events.push({ type: 'ReferralClosed', reason: 'declined_by_person', at: command.at });
        break;
      case 'RecordAggrievedPartyAgreement':
        if (!isArrest || !state.requirements!.aggrievedPartyAgreementRequired) {
          throw rule(
            'aggrieved_party_not_required',
            "This referral's protocol does not ask for an aggrieved party's agreement.",
          );
        }
        if (state.aggrievedPartyAgreed !== null)
          throw rule('aggrieved_party_already_recorded', "The aggrieved party's answer is already recorded.");
        events = [{ type: 'AggrievedPartyAgreementRecorded', agreed: command.agreed, at: command.at }];
        if (!command.agreed)
          events.push({ type: 'ReferralClosed', reason: 'aggrieved_party_disagreed', at: command.at });
        break;
      case 'RecordLeadLineCall':
        if (state.calledAt !== null)
          throw rule('lead_line_already_called', 'The call to the LEAD line is already recorded.');
        events = [{ type: 'LeadLineCalled', at: command.at }];
        break;
      case 'RecordCaseManagerArrival': {
        if (state.calledAt === null)
          throw rule('lead_line_not_called', 'Record the call to the LEAD line before the arrival it led to.');
        if (state.caseManagerArrived)
          throw rule('case_manager_already_arrived', "The case manager's arrival is already recorded.");
        const minutes = (Date.parse(command.at) - Date.parse(state.calledAt)) / 60_000;
        if (minutes < 0) throw rule('arrival_before_call', 'The case manager cannot arrive before the call.');
        const minutesFromCall = Math.round(minutes * 10) / 10;
        events = [
          {
            type: 'CaseManagerArrived',
            at: command.at,
            caseManager: command.caseManager,
            calledAt: state.calledAt,
            minutesFromCall,
            targetMinutes: state.requirements!.handOffTargetMinutes,
            withinTarget: minutesFromCall <= state.requirements!.handOffTargetMinutes,
          },
        ];
        break;
      }
      case 'RelinquishCustody':
        if (!isArrest) throw rule('no_custody', 'Only an arrest diversion has custody to relinquish.');
        if (!state.caseManagerArrived)
          throw rule(
            'case_manager_not_arrived',
            'Custody passes to a case manager on scene; record the arrival first.',
          );
        if (state.custodyRelinquished) throw rule('custody_already_relinquished', 'Custody is already relinquished.');
        events = [{ type: 'CustodyRelinquished', at: command.at }];
        break;
      case 'ApplyProsecutorDecision':
        if (!isArrest)
          throw rule('no_prosecutor_review', 'Only an arrest diversion goes to the prosecutor for eligibility.');
        if (state.prosecutorDecided)
          throw rule('prosecutor_already_decided', "The prosecutor's decision is already recorded.");
        events = [
          {
            type: 'ProsecutorEligibilityDecided',
            eligible: command.eligible,
            basis: command.basis,
            reasonCode: command.reasonCode,
            prosecutor: command.prosecutor,
            at: command.at,
          },
        ];
        if (!command.eligible)
          events.push({ type: 'ReferralClosed', reason: 'prosecutor_found_ineligible', at: command.at });
        break;
    }
    return withEnrollment(state, events, command.at);
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ReferralRecorded':
        return {
          ...state,
          status: 'open',
          jurisdiction: event.jurisdiction,
          referrer: event.referrer,
          participantId: event.participantId,
          door: event.door,
          requirements: event.requirements,
        };
      case 'ReferralScreened':
        return { ...state, eligible: event.eligible };
      case 'OfferAnswered':
        return { ...state, offerAccepted: event.accepted };
      case 'AggrievedPartyAgreementRecorded':
        return { ...state, aggrievedPartyAgreed: event.agreed };
      case 'LeadLineCalled':
        return { ...state, calledAt: event.at };
      case 'CaseManagerArrived':
        return { ...state, caseManagerArrived: true };
      case 'CustodyRelinquished':
        return { ...state, custodyRelinquished: true };
      case 'ProsecutorEligibilityDecided':
        // The prosecutor has final authority over an arrest diversion's eligibility.
        return { ...state, prosecutorDecided: true, eligible: event.eligible };
      case 'ReferralAccepted':
        return { ...state, status: 'accepted' };
      case 'ReferralClosed':
        return { ...state, status: 'closed' };
    }
  },
};

/**
 * The door, referrer, district and offense rules of recording a referral, on their own: a handler
 * checks them before it matches the person or seals anything, so a refused referral leaves no trace.
 */
export function assertRecordable(
  command: Pick<RecordReferral, 'protocol' | 'door' | 'referrer' | 'district'>,
  hasOffense: boolean,
): void {
  const { protocol, door } = command;
  if (!protocol.doors[door].open)
    throw rule('door_closed', `${protocol.name} does not take ${door.replace('_', ' ')} referrals.`);
  if (!protocol.doors[door].referrers.includes(command.referrer.agency)) {
    throw rule(
      'referrer_not_allowed',
      `Agency ${command.referrer.agency} may not refer through the ${door.replace('_', ' ')} door in ${protocol.name}.`,
    );
  }
  if (!protocol.districts.some((d) => d.id === command.district)) {
    throw rule('district_not_in_program', `District ${command.district} is not in ${protocol.name}.`);
  }
  if (door === 'arrest_diversion' && !hasOffense)
    throw rule('offense_required', 'An arrest diversion names the offense and its probable-cause basis.');
  if (door !== 'arrest_diversion' && hasOffense)
    throw rule('offense_without_arrest', 'Only an arrest diversion carries an offense.');
}

function record(command: RecordReferral, state: ReferralState): ReferralEvent[] {
  if (state.status !== 'none') throw rule('referral_exists', 'This referral is already recorded.');
  assertRecordable(command, command.offense !== null);
  const { protocol, door } = command;
  const result = screen(protocol, command.answers, command.offense?.code ?? null);
  const events: ReferralEvent[] = [
    {
      type: 'ReferralRecorded',
      referralId: command.referralId,
      participantId: command.participantId,
      jurisdiction: protocol.jurisdiction,
      district: command.district,
      door,
      referredAt: command.referredAt,
      referrer: command.referrer,
      offense: command.offense,
      identity: command.identity,
      area: command.area,
      requirements: {
        protocolVersion: protocol.version,
        aggrievedPartyAgreementRequired: protocol.aggrievedPartyAgreementRequired,
        prosecutorReviewRequired: protocol.prosecutorReviewRequired,
        handOffTargetMinutes: protocol.handOffTargetMinutes,
      },
    },
    {
      type: 'ReferralScreened',
      protocolVersion: result.protocolVersion,
      eligible: result.eligible,
      answers: command.answers,
      criteria: result.criteria,
    },
  ];
  // An arrest diversion's screening is the officer's; the prosecutor may still override it.
  const prosecutorDecides = door === 'arrest_diversion' && protocol.prosecutorReviewRequired;
  if (!result.eligible && !prosecutorDecides)
    events.push({ type: 'ReferralClosed', reason: 'ineligible', at: command.referredAt });
  return events;
}

/** Appends `ReferralAccepted` when these events complete the last step the referral requires. */
function withEnrollment(state: ReferralState, events: ReferralEvent[], at: string): ReferralEvent[] {
  const after = events.reduce(referralDecider.evolve, state);
  if (after.status !== 'open' || !allStepsDone(after)) return events;
  return [...events, { type: 'ReferralAccepted', at }];
}

function allStepsDone(s: ReferralState): boolean {
  const r = s.requirements!;
  if (s.eligible !== true || s.offerAccepted !== true) return false;
  if (s.door !== 'arrest_diversion') return true;
  return (
    (!r.prosecutorReviewRequired || s.prosecutorDecided) &&
    (!r.aggrievedPartyAgreementRequired || s.aggrievedPartyAgreed === true) &&
    s.caseManagerArrived &&
    s.custodyRelinquished
  );
}
