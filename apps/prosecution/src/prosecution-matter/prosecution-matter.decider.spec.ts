import { DomainRuleViolation } from '@lead/event-store';
import type { DecideEligibility, OpenMatter, ProsecutionMatterCommand } from './prosecution-matter.commands.js';
import { prosecutionMatterDecider as decider } from './prosecution-matter.decider.js';
import type { ProsecutionMatterEvent } from './prosecution-matter.events.js';

const open: OpenMatter = {
  type: 'OpenMatter',
  matterId: 'm-1',
  referralId: 'r-1',
  participantId: 'p-1',
  jurisdiction: 'denver',
  offenseCode: 'CO-18-18-403.5',
  officerScreenedEligible: true,
  protocolVersion: '2018-07',
  arrestedAt: '2024-03-01T10:00:00.000Z',
};
const prosecutor = { subject: 'ada-2', agency: 'DCAO', agencyIsProsecutorOffice: true };
const decide = (over: Partial<DecideEligibility> = {}): DecideEligibility => ({
  type: 'DecideEligibility',
  eligible: true,
  reasonCode: 'meets_protocol',
  prosecutor,
  at: '2024-03-01T12:00:00.000Z',
  ...over,
});

const given = (events: ProsecutionMatterEvent[]) => {
  const state = events.reduce(decider.evolve, decider.initialState);
  return {
    when: (command: ProsecutionMatterCommand) => decider.decide(command, state),
    breaks: (command: ProsecutionMatterCommand, code: string) => {
      try {
        decider.decide(command, state);
      } catch (error) {
        expect(error).toBeInstanceOf(DomainRuleViolation);
        expect((error as DomainRuleViolation).code).toBe(code);
        return;
      }
      throw new Error(`expected ${code}`);
    },
  };
};
const opened = () => given([]).when(open);

describe('ProsecutionMatter decider', () => {
  it('opens a matter holding the charge, once however often the referral is delivered', () => {
    expect(opened().map((e) => e.type)).toEqual(['MatterOpened', 'ChargeHeld']);
    expect(given(opened()).when(open)).toEqual([]);
  });

  it("confirms the officer's screening when the prosecutor agrees, and attributes the decision", () => {
    expect(given(opened()).when(decide())).toEqual([
      { type: 'EligibilityDecided', eligible: true, basis: 'confirmed', reasonCode: 'meets_protocol', prosecutor: { subject: 'ada-2', agency: 'DCAO' }, at: '2024-03-01T12:00:00.000Z' },
    ]);
  });

  it('records an override in either direction', () => {
    expect(given(opened()).when(decide({ eligible: false, reasonCode: 'pending_felony' }))[0]).toMatchObject({ eligible: false, basis: 'overridden' });
    const screenedOut = given([]).when({ ...open, officerScreenedEligible: false });
    expect(given(screenedOut).when(decide({ reasonCode: 'trespass_at_shelter' }))[0]).toMatchObject({ eligible: true, basis: 'overridden' });
  });

  it('decides once, only for a prosecutor office, only on an open matter, with a reason code', () => {
    given([]).breaks(decide(), 'matter_not_found');
    given(opened()).breaks(decide({ prosecutor: { ...prosecutor, agencyIsProsecutorOffice: false } }), 'not_a_prosecutor_office');
    given([...opened(), ...given(opened()).when(decide())]).breaks(decide(), 'eligibility_already_decided');
    given(opened()).breaks(decide({ reasonCode: 'He told me where his dealer lives' }), 'reason_code_invalid');
  });
});
