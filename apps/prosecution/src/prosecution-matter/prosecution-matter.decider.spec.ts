import { DeciderSpecification } from '@lead/testing';
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
  jurisdiction: 'denver',
  eligible,
  protocolVersion: '2018-07',
});
const ended: ProsecutionMatterCommand = {
  type: 'NoteReferralEnded',
  jurisdiction: 'denver',
  reason: 'declined_by_person',
  at: '2024-03-01T22:40:00.000Z',
};

const spec = DeciderSpecification.for(decider);
const opened = (over: Partial<OpenMatter> = {}): ProsecutionMatterEvent[] => spec.eventsOf({ ...open, ...over });
const awaitingDecision = (officerEligible = true) => [
  ...opened(),
  ...spec.given(opened()).when(screened(officerEligible)).events,
];
const after = (history: ProsecutionMatterEvent[], command: ProsecutionMatterCommand) => [
  ...history,
  ...spec.given(history).when(command).events,
];

describe('ProsecutionMatter decider', () => {
  describe('OpenMatter', () => {
    it('opens the matter and holds the charge from the arrest day to the intake deadline', () => {
      spec
        .given([])
        .when(open)
        .then([
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
      expect(
        spec.given([]).when({ ...open, arrestedAt: '2024-02-20T08:00:00Z', intakeDeadlineDays: 14 }).events[1],
      ).toMatchObject({
        heldOn: '2024-02-20',
        intakeDeadline: '2024-03-05',
      });
      expect(
        spec.given([]).when({ ...open, arrestedAt: '2025-12-25T23:59:59.999Z', intakeDeadlineDays: 7 }).events[1],
      ).toMatchObject({ heldOn: '2025-12-25', intakeDeadline: '2026-01-01' });
      expect(dayOf('2024-03-10T02:00:00-07:00')).toBe('2024-03-10');
      expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    });

    it('opens nothing twice however often the referral is delivered', () => {
      spec.given(opened()).when(open).thenNothing();
      spec
        .given(opened())
        .when({ ...open, offenseCode: 'CO-18-18-428' })
        .thenNothing();
    });
  });

  describe("the referral's facts", () => {
    it("notes the officer's screening once", () => {
      spec
        .given(opened())
        .when(screened(false))
        .then([{ type: 'OfficerScreeningNoted', eligible: false, protocolVersion: '2018-07' }]);
      expect(awaitingDecision().length).toBe(3);
      spec.given(awaitingDecision()).when(screened(false)).thenNothing();
    });

    it('notes the end of the referral once, and releases the held charge at once, with its reason', () => {
      spec
        .given(opened())
        .when(ended)
        .then([
          { type: 'ReferralEnded', reason: 'declined_by_person', at: '2024-03-01T22:40:00.000Z' },
          {
            type: 'ChargeReleased',
            matterId,
            referralId,
            reason: 'referral_closed',
            referralEndReason: 'declined_by_person',
            releasedOn: '2024-03-01',
            at: '2024-03-01T22:40:00.000Z',
          },
        ]);
      const state = spec.given(after(opened(), ended)).state;
      expect(state.referralEnded).toEqual({ reason: 'declined_by_person', at: '2024-03-01T22:40:00.000Z' });
      expect(state.charge).toEqual({
        offenseCode: 'CO-18-18-403.5',
        heldOn: '2024-03-01',
        intakeDeadline: '2024-03-31',
        released: { reason: 'referral_closed', on: '2024-03-01' },
      });
      // Once: a redelivery, or another reason for the same end, releases nothing more.
      expect(
        spec.given(after(opened(), ended)).when({
          ...ended,
          reason: 'prosecutor_found_ineligible',
        } as ProsecutionMatterCommand).events,
      ).toEqual([]);
    });

    it("releases the charge as the prosecutor's decision when the prosecutor found the person ineligible", () => {
      spec
        .given(opened())
        .when({ ...ended, reason: 'prosecutor_found_ineligible' } as ProsecutionMatterCommand)
        .thenMatches([{ type: 'ReferralEnded' }, { type: 'ChargeReleased', reason: 'prosecutor_decision' }]);
    });

    it('needs an open matter', () => {
      spec.given([]).when(screened()).thenThrows('matter_not_found');
      spec.given([]).when(ended).thenThrows('matter_not_found');
    });

    it('matter_in_other_jurisdiction: a fact from another jurisdiction than the matter is a producer bug', () => {
      spec
        .given(opened())
        .when({ ...ended, jurisdiction: 'seattle-king-county' })
        .thenThrows('matter_in_other_jurisdiction');
      spec
        .given(opened())
        .when({ ...screened(), jurisdiction: 'seattle-king-county' } as ProsecutionMatterCommand)
        .thenThrows('matter_in_other_jurisdiction');
    });
  });

  describe('DecideEligibility', () => {
    it("confirms the officer's screening when the prosecutor agrees, attributed to the prosecutor, not to the office flag", () => {
      spec
        .given(awaitingDecision())
        .when(decide())
        .then([
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
        spec.given(awaitingDecision(false)).when(decide({ eligible: false, reasonCode: 'violent_history' })).events[0],
      ).toMatchObject({ eligible: false, basis: 'confirmed' });
    });

    it('records an override in either direction', () => {
      expect(
        spec.given(awaitingDecision(true)).when(decide({ eligible: false, reasonCode: 'pending_felony' })).events[0],
      ).toMatchObject({ eligible: false, basis: 'overridden' });
      expect(
        spec.given(awaitingDecision(false)).when(decide({ reasonCode: 'trespass_at_shelter' })).events[0],
      ).toMatchObject({
        eligible: true,
        basis: 'overridden',
      });
    });

    it('matter_not_found: there is no matter', () => {
      spec.given([]).when(decide()).thenThrows('matter_not_found');
    });

    it('not_a_prosecutor_office: the caller acts for an agency that is not a prosecutor office of the jurisdiction', () => {
      spec
        .given(awaitingDecision())
        .when(decide({ prosecutor: { ...prosecutor, agency: 'DPD', agencyIsProsecutorOffice: false } }))
        .thenThrows('not_a_prosecutor_office');
    });

    it("review_not_required: the referral's protocol version does not ask the prosecutor", () => {
      spec
        .given(after(opened({ prosecutorReviewRequired: false }), screened()))
        .when(decide())
        .thenThrows('review_not_required');
    });

    it("screening_not_received: the officer's screening has not arrived yet", () => {
      spec.given(opened()).when(decide()).thenThrows('screening_not_received');
    });

    it('referral_ended: the referral ended before the decision', () => {
      spec.given(after(awaitingDecision(), ended)).when(decide()).thenThrows('referral_ended');
    });

    it('eligibility_already_decided: once only, even after the referral then ended', () => {
      const decided = after(awaitingDecision(), decide({ eligible: false, reasonCode: 'pending_felony' }));
      spec.given(decided).when(decide()).thenThrows('eligibility_already_decided');
      const closed = after(decided, {
        type: 'NoteReferralEnded',
        jurisdiction: 'denver',
        reason: 'prosecutor_found_ineligible',
        at: '2024-03-02T12:00:01.000Z',
      });
      spec.given(closed).when(decide()).thenThrows('eligibility_already_decided');
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
        spec.given(awaitingDecision()).when(decide({ reasonCode })).thenThrows('reason_code_invalid');
      }
      expect(spec.given(awaitingDecision()).when(decide({ reasonCode: 'a'.repeat(64) })).events).toHaveLength(1);
    });

    it('staff_id_invalid: a token subject the published decision could not carry (an e-mail address) is refused before it is stored', () => {
      spec
        .given(awaitingDecision())
        .when(decide({ prosecutor: { ...prosecutor, subject: 'ada.two@da.denver.gov' } }))
        .thenThrows('staff_id_invalid');
      spec
        .given(awaitingDecision())
        .when(decide({ prosecutor: { ...prosecutor, subject: 'auth0|ada-2' } }))
        .thenThrows('staff_id_invalid');
      expect(
        spec.given(awaitingDecision()).when(decide({ prosecutor: { ...prosecutor, subject: 'idp:ada_2.denver' } }))
          .events,
      ).toHaveLength(1);
    });

    it('decided_before_arrest: a decision time before the arrest is a clock or typing error', () => {
      spec
        .given(awaitingDecision())
        .when(decide({ at: '2024-03-01T22:29:59.999Z' }))
        .thenThrows('decided_before_arrest');
      expect(spec.given(awaitingDecision()).when(decide({ at: '2024-03-01T22:30:00.000Z' })).events).toHaveLength(1);
    });
  });

  it('derives one matter id per referral, a v5 UUID', () => {
    expect(matterIdFor(referralId)).toBe(matterId);
    expect(matterId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(matterIdFor('7f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e')).not.toBe(matterId);
  });
});
