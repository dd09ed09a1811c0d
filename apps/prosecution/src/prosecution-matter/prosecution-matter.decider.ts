import { REASON_CODE, STAFF_ID } from '@lead/contracts';
import { DomainRuleViolation, type Decider } from '@lead/event-store/decider';
import type {
  DecideEligibility,
  NoteOfficerScreening,
  NoteReferralEnded,
  OpenMatter,
  ProsecutionMatterCommand,
} from './prosecution-matter.commands.js';
import type {
  ChargeReleased,
  EligibilityDecided,
  MatterOpened,
  ProsecutionMatterEvent,
  ReferralEndReason,
} from './prosecution-matter.events.js';

export interface ProsecutionMatterState {
  /** What the referral told the prosecutor's office when the matter opened; null before. */
  matter: Omit<MatterOpened, 'type'> | null;
  charge: {
    offenseCode: string;
    heldOn: string;
    intakeDeadline: string;
    /** Null while held. */
    released: { reason: ChargeReleased['reason']; on: string } | null;
  } | null;
  officerScreening: { eligible: boolean; protocolVersion: string } | null;
  referralEnded: { reason: ReferralEndReason; at: string } | null;
  decision: Omit<EligibilityDecided, 'type' | 'matterId' | 'referralId'> | null;
}

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

/** A calendar day plus whole days, YYYY-MM-DD. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

const rule = (code: string, message: string) => new DomainRuleViolation(code, message);

/**
 * A diverted arrest as the prosecutor's office holds it: the charge is held until the intake deadline, and the
 * prosecutor has the final word on eligibility where the protocol version asks for it, confirming or overriding
 * the officer's screening, once, with a reason code, attributed to one prosecutor of a prosecutor office.
 * The referral's facts arrive over the bus and are idempotent (a redelivery decides nothing new).
 * A referral that ends before enrolment releases the charge at once. (The intake deadline, decline, new charges and
 * sealing come with a later issue.)
 */
export const prosecutionMatterDecider: Decider<
  ProsecutionMatterCommand,
  ProsecutionMatterState,
  ProsecutionMatterEvent
> = {
  initialState: { matter: null, charge: null, officerScreening: null, referralEnded: null, decision: null },

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
            released: null,
          },
        };
      case 'OfficerScreeningNoted':
        return { ...state, officerScreening: { eligible: event.eligible, protocolVersion: event.protocolVersion } };
      case 'ReferralEnded':
        return { ...state, referralEnded: { reason: event.reason, at: event.at } };
      case 'ChargeReleased':
        return { ...state, charge: { ...state.charge!, released: { reason: event.reason, on: event.releasedOn } } };
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
  const { type: _type, intakeDeadlineDays, ...opened } = command;
  const heldOn = dayOf(command.arrestedAt);
  return [
    { type: 'MatterOpened', ...opened },
    {
      type: 'ChargeHeld',
      matterId: command.matterId,
      referralId: command.referralId,
      offenseCode: command.offenseCode,
      heldOn,
      intakeDeadline: addDays(heldOn, intakeDeadlineDays),
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
  if (!state.charge || state.charge.released) return [ended];
  return [
    ended,
    {
      type: 'ChargeReleased',
      matterId: matter.matterId,
      referralId: matter.referralId,
      reason: command.reason === 'prosecutor_found_ineligible' ? 'prosecutor_decision' : 'referral_closed',
      referralEndReason: command.reason,
      releasedOn: dayOf(command.at),
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
