import { DomainRuleViolation } from '@lead/event-store';
import type { DecideEligibility, OpenMatter, ProsecutionMatterCommand } from './prosecution-matter.commands.js';
import { addDays, dayOf, prosecutionMatterDecider as decider } from './prosecution-matter.decider.js';
import type { ProsecutionMatterEvent } from './prosecution-matter.events.js';
import { matterIdFor } from './prosecution-matter.repository.js';

const referralId = '6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e';
const matterId = matterIdFor(referralId);
const open: OpenMatter = {
  type: 'OpenMatter',
  matterId,
  referralId,
  participantId: '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d',
  jurisdiction: 'denver',
  offenseCode: 'CO-18-18-403.5',
  protocolVersion: '2018-07',
  prosecutorReviewRequired: true,
  arrestedAt: '2024-03-01T22:30:00.000Z',
  intakeDeadlineDays: 30,
};
const prosecutor = { subject: 'ada-2', agency: 'DCAO', agencyIsProsecutorOffice: true };
const decide = (over: Partial<DecideEligibility> = {}): DecideEligibility => ({
  type: 'DecideEligibility',
  eligible: true,
  reasonCode: 'meets_protocol',
  prosecutor,
  at: '2024-03-02T12:00:00.000Z',
  ...over,
});
const screened = (eligible = true): ProsecutionMatterCommand => ({
  type: 'NoteOfficerScreening',
  eligible,
  protocolVersion: '2018-07',
});
const ended: ProsecutionMatterCommand = {
  type: 'NoteReferralEnded',
  reason: 'declined_by_person',
  at: '2024-03-01T22:40:00.000Z',
};

/** given events, when a command: the events decided, or the rule broken. */
const given = (events: ProsecutionMatterEvent[]) => {
  const state = events.reduce(decider.evolve, decider.initialState);
  return {
    state,
    when: (command: ProsecutionMatterCommand) => decider.decide(command, state),
    /** The events after `command`, for the next `given`. */
    then: (command: ProsecutionMatterCommand) => [...events, ...decider.decide(command, state)],
    breaks: (command: ProsecutionMatterCommand, code: string) => {
      let error: unknown;
      try {
        decider.decide(command, state);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainRuleViolation);
      expect((error as DomainRuleViolation).code).toBe(code);
    },
  };
};
const opened = (over: Partial<OpenMatter> = {}) => given([]).then({ ...open, ...over });
const awaitingDecision = (officerEligible = true) => given(opened()).then(screened(officerEligible));

describe('ProsecutionMatter decider', () => {
  describe('OpenMatter', () => {
    it('opens the matter and holds the charge from the arrest day to the intake deadline', () => {
      expect(given([]).when(open)).toEqual([
        {
          type: 'MatterOpened',
          matterId,
          referralId,
          participantId: open.participantId,
          jurisdiction: 'denver',
          offenseCode: 'CO-18-18-403.5',
          protocolVersion: '2018-07',
          prosecutorReviewRequired: true,
          arrestedAt: '2024-03-01T22:30:00.000Z',
        },
        {
          type: 'ChargeHeld',
          matterId,
          referralId,
          offenseCode: 'CO-18-18-403.5',
          heldOn: '2024-03-01',
          intakeDeadline: '2024-03-31',
        },
      ]);
    });

    it('counts the deadline in calendar days across month, leap-day and year ends', () => {
      expect(given([]).when({ ...open, arrestedAt: '2024-02-20T08:00:00Z', intakeDeadlineDays: 14 })[1]).toMatchObject({
        heldOn: '2024-02-20',
        intakeDeadline: '2024-03-05',
      });
      expect(
        given([]).when({ ...open, arrestedAt: '2025-12-25T23:59:59.999Z', intakeDeadlineDays: 7 })[1],
      ).toMatchObject({ heldOn: '2025-12-25', intakeDeadline: '2026-01-01' });
      expect(dayOf('2024-03-10T02:00:00-07:00')).toBe('2024-03-10');
      expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    });

    it('opens nothing twice however often the referral is delivered', () => {
      expect(given(opened()).when(open)).toEqual([]);
      expect(given(opened()).when({ ...open, offenseCode: 'CO-18-18-428' })).toEqual([]);
    });
  });

  describe("the referral's facts", () => {
    it("notes the officer's screening once", () => {
      expect(given(opened()).when(screened(false))).toEqual([
        { type: 'OfficerScreeningNoted', eligible: false, protocolVersion: '2018-07' },
      ]);
      expect(awaitingDecision().length).toBe(3);
      expect(given(awaitingDecision()).when(screened(false))).toEqual([]);
    });

    it('notes the end of the referral once, and only records it (the charge stays held until a later issue)', () => {
      expect(given(opened()).when(ended)).toEqual([
        { type: 'ReferralEnded', reason: 'declined_by_person', at: '2024-03-01T22:40:00.000Z' },
      ]);
      const state = given(given(opened()).then(ended)).state;
      expect(state.referralEnded).toEqual({ reason: 'declined_by_person', at: '2024-03-01T22:40:00.000Z' });
      expect(state.charge).toEqual({
        offenseCode: 'CO-18-18-403.5',
        heldOn: '2024-03-01',
        intakeDeadline: '2024-03-31',
      });
      expect(
        given(given(opened()).then(ended)).when({
          ...ended,
          reason: 'prosecutor_found_ineligible',
        } as ProsecutionMatterCommand),
      ).toEqual([]);
    });

    it('needs an open matter', () => {
      given([]).breaks(screened(), 'matter_not_found');
      given([]).breaks(ended, 'matter_not_found');
    });
  });

  describe('DecideEligibility', () => {
    it("confirms the officer's screening when the prosecutor agrees, attributed to the prosecutor, not to the office flag", () => {
      expect(given(awaitingDecision()).when(decide())).toEqual([
        {
          type: 'EligibilityDecided',
          matterId,
          referralId,
          eligible: true,
          basis: 'confirmed',
          reasonCode: 'meets_protocol',
          prosecutor: { subject: 'ada-2', agency: 'DCAO' },
          at: '2024-03-02T12:00:00.000Z',
        },
      ]);
      expect(
        given(awaitingDecision(false)).when(decide({ eligible: false, reasonCode: 'violent_history' }))[0],
      ).toMatchObject({ eligible: false, basis: 'confirmed' });
    });

    it('records an override in either direction', () => {
      expect(
        given(awaitingDecision(true)).when(decide({ eligible: false, reasonCode: 'pending_felony' }))[0],
      ).toMatchObject({ eligible: false, basis: 'overridden' });
      expect(given(awaitingDecision(false)).when(decide({ reasonCode: 'trespass_at_shelter' }))[0]).toMatchObject({
        eligible: true,
        basis: 'overridden',
      });
    });

    it('matter_not_found: there is no matter', () => {
      given([]).breaks(decide(), 'matter_not_found');
    });

    it('not_a_prosecutor_office: the caller acts for an agency that is not a prosecutor office of the jurisdiction', () => {
      given(awaitingDecision()).breaks(
        decide({ prosecutor: { ...prosecutor, agency: 'DPD', agencyIsProsecutorOffice: false } }),
        'not_a_prosecutor_office',
      );
    });

    it("review_not_required: the referral's protocol version does not ask the prosecutor", () => {
      given(given(opened({ prosecutorReviewRequired: false })).then(screened())).breaks(
        decide(),
        'review_not_required',
      );
    });

    it("screening_not_received: the officer's screening has not arrived yet", () => {
      given(opened()).breaks(decide(), 'screening_not_received');
    });

    it('referral_ended: the referral ended before the decision', () => {
      given(given(awaitingDecision()).then(ended)).breaks(decide(), 'referral_ended');
    });

    it('eligibility_already_decided: once only, even after the referral then ended', () => {
      const decided = given(awaitingDecision()).then(decide({ eligible: false, reasonCode: 'pending_felony' }));
      given(decided).breaks(decide(), 'eligibility_already_decided');
      const closed = given(decided).then({
        type: 'NoteReferralEnded',
        reason: 'prosecutor_found_ineligible',
        at: '2024-03-02T12:00:01.000Z',
      });
      given(closed).breaks(decide(), 'eligibility_already_decided');
    });

    it('reason_code_invalid: a lower-case code, never free text', () => {
      for (const reasonCode of [
        'He told me where his dealer lives',
        'Meets_Protocol',
        'x',
        '9_lives',
        'meets-protocol',
        'a'.repeat(65),
        '',
      ]) {
        given(awaitingDecision()).breaks(decide({ reasonCode }), 'reason_code_invalid');
      }
      expect(given(awaitingDecision()).when(decide({ reasonCode: 'a'.repeat(64) }))).toHaveLength(1);
    });

    it('staff_id_invalid: a token subject the published decision could not carry (an e-mail address) is refused before it is stored', () => {
      given(awaitingDecision()).breaks(
        decide({ prosecutor: { ...prosecutor, subject: 'ada.two@da.denver.gov' } }),
        'staff_id_invalid',
      );
      given(awaitingDecision()).breaks(
        decide({ prosecutor: { ...prosecutor, subject: 'auth0|ada-2' } }),
        'staff_id_invalid',
      );
      expect(
        given(awaitingDecision()).when(decide({ prosecutor: { ...prosecutor, subject: 'idp:ada_2.denver' } })),
      ).toHaveLength(1);
    });

    it('decided_before_arrest: a decision time before the arrest is a clock or typing error', () => {
      given(awaitingDecision()).breaks(decide({ at: '2024-03-01T22:29:59.999Z' }), 'decided_before_arrest');
      expect(given(awaitingDecision()).when(decide({ at: '2024-03-01T22:30:00.000Z' }))).toHaveLength(1);
    });
  });

  it('derives one matter id per referral, a v5 UUID', () => {
    expect(matterIdFor(referralId)).toBe(matterId);
    expect(matterId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(matterIdFor('7f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e')).not.toBe(matterId);
  });
});
