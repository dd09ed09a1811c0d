import { DomainRuleViolation, type Decider } from '@lead/event-store';
import type { ProsecutionMatterCommand } from './prosecution-matter.commands.js';
import type { ProsecutionMatterEvent } from './prosecution-matter.events.js';

export interface ProsecutionMatterState {
  opened: boolean;
  officerScreenedEligible: boolean | null;
  chargeHeld: boolean;
  decided: boolean;
}

const REASON_CODE = /^[a-z][a-z0-9_]{1,63}$/;
const rule = (code: string, message: string) => new DomainRuleViolation(code, message);

/**
 * A diverted arrest as the prosecutor holds it: the charge is held, and the prosecutor has the
 * final word on eligibility, confirming or overriding the officer's screening, once, with a reason.
 * (Intake deadline, filing, new charges and sealing come with the prosecution issue.)
 */
export const prosecutionMatterDecider: Decider<ProsecutionMatterCommand, ProsecutionMatterState, ProsecutionMatterEvent> = {
  initialState: { opened: false, officerScreenedEligible: null, chargeHeld: false, decided: false },

  decide(command, state) {
    switch (command.type) {
      case 'OpenMatter': {
        // Redelivered referral events open nothing twice.
        if (state.opened) return [];
        const { type: _type, ...opened } = command;
        return [
          { type: 'MatterOpened', ...opened },
          { type: 'ChargeHeld', at: command.arrestedAt },
        ];
      }
      case 'DecideEligibility': {
        if (!state.opened) throw rule('matter_not_found', 'There is no such matter.');
        if (!command.prosecutor.agencyIsProsecutorOffice) throw rule('not_a_prosecutor_office', 'Only a prosecutor office of the jurisdiction decides eligibility.');
        if (state.decided) throw rule('eligibility_already_decided', 'Eligibility has already been decided for this matter.');
        if (!REASON_CODE.test(command.reasonCode)) throw rule('reason_code_invalid', 'The reason is a code of lower-case letters, digits and _.');
        return [
          {
            type: 'EligibilityDecided',
            eligible: command.eligible,
            basis: command.eligible === state.officerScreenedEligible ? 'confirmed' : 'overridden',
            reasonCode: command.reasonCode,
            prosecutor: { subject: command.prosecutor.subject, agency: command.prosecutor.agency },
            at: command.at,
          },
        ];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'MatterOpened':
        return { ...state, opened: true, officerScreenedEligible: event.officerScreenedEligible };
      case 'ChargeHeld':
        return { ...state, chargeHeld: true };
      case 'EligibilityDecided':
        return { ...state, decided: true };
    }
  },
};
