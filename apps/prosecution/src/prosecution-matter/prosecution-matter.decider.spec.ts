import { DeciderSpecification } from '@lead/testing';
import type { DecideEligibility, OpenMatter, ProsecutionMatterCommand } from './prosecution-matter.commands.js';
import { prosecutionMatterDecider as decider } from './prosecution-matter.decider.js';
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
  timeZone: 'America/Denver',
  afterIntake: 'decline_automatically',
  prosecutorOffices: ['DDA', 'DCAO'],
  sealing: {
    startsAt: 'charge_not_filed',
    eligibleAfterDays: 0,
    effect: 'sealable_on_request',
    custodians: ['police', 'prosecutor', 'court', 'jail'],
    authority: 'C.R.S. 24-72-704',
  },
};
/** The envelope of case management's messages about this matter's participant. */
const SOURCE = { jurisdiction: 'denver', participantId: open.participantId };
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
          {
            type: 'MatterTermsSet',
            deadline: '2024-03-31',
            // The end of 31 March in Denver, on daylight time since 10 March: 06:00 UTC, not 07:00.
            runsOutAt: '2024-04-01T06:00:00.000Z',
            timeZone: 'America/Denver',
            afterIntake: 'decline_automatically',
            prosecutorOffices: ['DDA', 'DCAO'],
            sealing: {
              startsAt: 'charge_not_filed',
              eligibleAfterDays: 0,
              effect: 'sealable_on_request',
              custodians: ['police', 'prosecutor', 'court', 'jail'],
              authority: 'C.R.S. 24-72-704',
            },
          },
        ]);
    });

    it('counts from the local day of the arrest, not the UTC one', () => {
      // 22:30 in Denver on 1 March is 05:30 UTC on 2 March.
      expect(
        spec
          .given([])
          .when({ ...open, arrestedAt: '2024-03-02T05:30:00.000Z' })
          .events.slice(1),
      ).toMatchObject([
        { heldOn: '2024-03-01', intakeDeadline: '2024-03-31' },
        { deadline: '2024-03-31', runsOutAt: '2024-04-01T06:00:00.000Z' },
      ]);
      expect(
        spec.given([]).when({ ...open, arrestedAt: '2024-03-02T05:30:00.000Z', timeZone: 'America/New_York' })
          .events[2],
      ).toMatchObject({ deadline: '2024-04-01', runsOutAt: '2024-04-02T04:00:00.000Z' });
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
      expect(awaitingDecision().length).toBe(4);
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
        status: 'released',
        released: { reason: 'referral_closed', on: '2024-03-01' },
        declined: null,
        filed: null,
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

  describe('the intake deadline', () => {
    // Arrested 1 March 2024 in Denver; the 30 days end with 31 March, on daylight time since 10 March.
    const runsOutAt = '2024-04-01T06:00:00.000Z';
    const justBefore = '2024-04-01T05:59:59.999Z';
    const caseId = '7b2c3d4e-5f60-4a1b-9c2d-3e4f5a6b7c8d';
    const link: ProsecutionMatterCommand = {
      type: 'LinkCase',
      source: SOURCE,
      caseId,
      providerAgency: 'ARTS',
      openedAt: '2024-03-02T16:00:00.000Z',
    };
    const consent = (over: Record<string, unknown> = {}): ProsecutionMatterCommand =>
      ({
        type: 'NoteConsent',
        source: SOURCE,
        consentId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
        recipients: ['DPD', 'DDA'],
        scope: ['participation-status'],
        purpose: 'care-coordination',
        signedAt: '2024-03-05T17:00:00.000Z',
        expiry: { kind: 'event', event: 'participation-ended' },
        ...over,
      }) as ProsecutionMatterCommand;
    const intake = (reportedAt: string): ProsecutionMatterCommand => ({
      type: 'NoteIntake',
      source: SOURCE,
      completedOn: reportedAt.slice(0, 10),
      reportedAt,
    });
    const expire = (at = runsOutAt): ProsecutionMatterCommand => ({ type: 'ExpireIntakeDeadline', at });
    const linked = (over: Partial<OpenMatter> = {}) => after(opened(over), link);
    const withConsent = (over: Partial<OpenMatter> = {}) => after(linked(over), consent());
    const charge = (decision: 'decline' | 'file', over: Record<string, unknown> = {}): ProsecutionMatterCommand =>
      ({
        type: 'DecideCharge',
        decision,
        ...(decision === 'decline' ? { declineReason: 'prosecutorial_discretion' } : {}),
        prosecutor: { subject: 'dda-7', agency: 'DDA', agencyIsProsecutorOffice: true },
        at: '2024-04-03T15:00:00.000Z',
        ...over,
      }) as ProsecutionMatterCommand;

    it('links the case once; another case for the same matter is refused', () => {
      spec
        .given(opened())
        .when(link)
        .then([{ type: 'CaseLinked', caseId, providerAgency: 'ARTS', openedAt: '2024-03-02T16:00:00.000Z' }]);
      spec.given(linked()).when(link).thenNothing();
      spec
        .given(linked())
        .when({ ...link, caseId: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a' } as ProsecutionMatterCommand)
        .thenThrows('case_already_linked');
      spec.given([]).when(link).thenThrows('matter_not_found');
      spec.given(opened()).when(intake('2024-03-10T12:00:00.000Z')).thenThrows('case_not_linked');
      spec.given(opened()).when(consent()).thenThrows('case_not_linked');
    });

    it('refuses a case message of another participant or jurisdiction: its consent would count for someone else', () => {
      spec
        .given(opened())
        .when({ ...link, source: { ...SOURCE, participantId: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a' } })
        .thenThrows('case_of_other_participant');
      spec
        .given(linked())
        .when({ ...consent(), source: { ...SOURCE, jurisdiction: 'san-luis-valley' } } as ProsecutionMatterCommand)
        .thenThrows('matter_in_other_jurisdiction');
      spec
        .given(withConsent())
        .when({
          ...intake('2024-03-10T12:00:00.000Z'),
          source: { ...SOURCE, participantId: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a' },
        } as ProsecutionMatterCommand)
        .thenThrows('case_of_other_participant');
    });

    it('declines the charge on an intake disclosed in time under a consent naming a prosecutor office', () => {
      spec
        .given(withConsent())
        .when(intake('2024-03-10T12:00:00.000Z'))
        .then([
          { type: 'IntakeReported', completedOn: '2024-03-10', reportedAt: '2024-03-10T12:00:00.000Z' },
          {
            type: 'IntakeDisclosed',
            completedOn: '2024-03-10',
            disclosedAt: '2024-03-10T12:00:00.000Z',
            consentId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
            inTime: true,
          },
          {
            type: 'ChargeDeclined',
            matterId,
            referralId,
            reason: 'intake_completed',
            decidedBy: null,
            declinedOn: '2024-03-10',
            at: '2024-03-10T12:00:00.000Z',
          },
          // No charge filed: under C.R.S. 24-72-704 (no waiting days) the arrest's records are sealable at once.
          {
            type: 'SealingEligible',
            matterId,
            referralId,
            eligibleOn: '2024-03-10',
            effect: 'sealable_on_request',
            custodians: ['police', 'prosecutor', 'court', 'jail'],
            at: '2024-03-10T12:00:00.000Z',
          },
        ]);
      // The deadline's timer then finds nothing to release.
      spec
        .given(after(withConsent(), intake('2024-03-10T12:00:00.000Z')))
        .when(expire())
        .thenNothing();
    });

    it('counts an intake at the last instant of the deadline day, and not one at the instant it ran out', () => {
      spec
        .given(withConsent())
        .when(intake(justBefore))
        .thenMatches([
          { type: 'IntakeReported' },
          { type: 'IntakeDisclosed', inTime: true },
          // 23:59:59.999 on 31 March in Denver: declined that local day, though it is 1 April in UTC.
          { type: 'ChargeDeclined', declinedOn: '2024-03-31' },
          { type: 'SealingEligible', eligibleOn: '2024-03-31' },
        ]);
      spec
        .given(withConsent())
        .when(intake(runsOutAt))
        .thenMatches([{ type: 'IntakeReported' }, { type: 'IntakeDisclosed', inTime: false }]);
      spec
        .given(after(withConsent(), intake(runsOutAt)))
        .when(expire('2024-04-01T07:00:00.000Z'))
        .thenMatches([
          { type: 'ChargeReleased', reason: 'intake_deadline_passed', releasedOn: '2024-04-01', at: runsOutAt },
        ]);
    });

    it('releases a charge still held when the deadline ran out, dated then, whenever the timer fires, once', () => {
      const late = '2024-04-09T10:00:00.000Z'; // the service was down for a week
      spec
        .given(linked())
        .when(expire(late))
        .then([
          {
            type: 'ChargeReleased',
            matterId,
            referralId,
            reason: 'intake_deadline_passed',
            referralEndReason: null,
            releasedOn: '2024-04-01',
            at: runsOutAt,
          },
        ]);
      spec
        .given(after(linked(), expire(late)))
        .when(expire(late))
        .thenNothing();
      spec.given(linked()).when(expire(justBefore)).thenThrows('deadline_not_reached');
      spec.given([]).when(expire()).thenThrows('matter_not_found');
    });

    it('keeps the charge held on an intake no consent discloses to a prosecutor office, and releases it at the deadline', () => {
      const policeOnly = after(linked(), consent({ recipients: ['DPD'] }));
      spec
        .given(policeOnly)
        .when(intake('2024-03-10T12:00:00.000Z'))
        .then([{ type: 'IntakeReported', completedOn: '2024-03-10', reportedAt: '2024-03-10T12:00:00.000Z' }]);
      const history = after(policeOnly, intake('2024-03-10T12:00:00.000Z'));
      expect(spec.given(history).state.charge?.status).toBe('held');
      spec
        .given(history)
        .when(expire())
        .thenMatches([{ type: 'ChargeReleased', reason: 'intake_deadline_passed' }]);
    });

    it('discloses an earlier intake when a consent naming the office is signed later, from the signature', () => {
      const reported = after(linked(), intake('2024-03-10T12:00:00.000Z'));
      spec
        .given(reported)
        .when(consent({ signedAt: '2024-03-20T09:00:00.000Z' }))
        .thenMatches([
          { type: 'ConsentNoted' },
          { type: 'IntakeDisclosed', disclosedAt: '2024-03-20T09:00:00.000Z', inTime: true },
          { type: 'ChargeDeclined', reason: 'intake_completed', declinedOn: '2024-03-20' },
          { type: 'SealingEligible', eligibleOn: '2024-03-20' },
        ]);
      // Signed after the deadline ran out: disclosed, but too late for the charge.
      spec
        .given(reported)
        .when(consent({ signedAt: '2024-04-02T09:00:00.000Z' }))
        .thenMatches([{ type: 'ConsentNoted' }, { type: 'IntakeDisclosed', inTime: false }]);
    });

    it('does not disclose under a consent revoked for every prosecutor office, or ended with participation', () => {
      const revokedForDa: ProsecutionMatterCommand = {
        type: 'NoteConsentRevoked',
        source: SOURCE,
        consentId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
        recipients: ['DDA'],
        revokedAt: '2024-03-08T10:00:00.000Z',
      };
      spec
        .given(after(withConsent(), revokedForDa))
        .when(intake('2024-03-10T12:00:00.000Z'))
        .thenMatches([{ type: 'IntakeReported' }]);
      const exited = after(withConsent(), {
        type: 'NoteParticipationEnded',
        source: SOURCE,
        at: '2024-03-09T10:00:00.000Z',
      });
      spec
        .given(exited)
        .when(intake('2024-03-10T12:00:00.000Z'))
        .thenMatches([{ type: 'IntakeReported' }]);
      // A consent naming the liaison too still discloses when only the DA's part was revoked.
      spec
        .given(after(after(linked(), consent({ recipients: ['DDA', 'DCAO'] })), revokedForDa))
        .when(intake('2024-03-10T12:00:00.000Z'))
        .thenMatches([
          { type: 'IntakeReported' },
          { type: 'IntakeDisclosed' },
          { type: 'ChargeDeclined' },
          { type: 'SealingEligible' },
        ]);
      spec
        .given(linked())
        .when({ ...revokedForDa })
        .thenThrows('consent_not_found');
      spec
        .given(linked())
        .when(consent({ expiry: { kind: 'date', expiresAt: '2024-03-01T00:00:00.000Z' } }))
        .thenThrows('consent_invalid');
      spec.given(withConsent()).when(consent()).thenNothing();
    });

    it('leaves the charge to the prosecutor after a disclosed intake where the protocol says so', () => {
      const awaiting = after(
        withConsent({ afterIntake: 'await_prosecutor_decision' }),
        intake('2024-03-10T12:00:00.000Z'),
      );
      expect(awaiting.map((e) => e.type).slice(-2)).toEqual(['IntakeReported', 'IntakeDisclosed']);
      expect(spec.given(awaiting).state.charge?.status).toBe('awaiting_decision');
      spec.given(awaiting).when(expire()).thenNothing();
      spec
        .given(awaiting)
        .when(charge('decline'))
        .then([
          {
            type: 'ChargeDeclined',
            matterId,
            referralId,
            reason: 'prosecutorial_discretion',
            decidedBy: { subject: 'dda-7', agency: 'DDA' },
            declinedOn: '2024-04-03',
            at: '2024-04-03T15:00:00.000Z',
          },
          {
            type: 'SealingEligible',
            matterId,
            referralId,
            eligibleOn: '2024-04-03',
            effect: 'sealable_on_request',
            custodians: ['police', 'prosecutor', 'court', 'jail'],
            at: '2024-04-03T15:00:00.000Z',
          },
        ]);
      spec
        .given(awaiting)
        .when(charge('file'))
        .then([
          {
            type: 'ChargeFiled',
            matterId,
            referralId,
            offenseCode: 'CO-18-18-403.5',
            decidedBy: { subject: 'dda-7', agency: 'DDA' },
            filedOn: '2024-04-03',
            at: '2024-04-03T15:00:00.000Z',
          },
        ]);
      spec
        .given(after(awaiting, charge('file')))
        .when(charge('decline'))
        .thenThrows('charge_not_to_decide');
    });

    it('takes the decision on a released charge too, and refuses it while the charge is held', () => {
      const released = after(linked(), expire());
      spec
        .given(released)
        .when(charge('file'))
        .thenMatches([{ type: 'ChargeFiled' }]);
      spec.given(linked()).when(charge('file')).thenThrows('charge_not_to_decide');
      spec
        .given(after(withConsent(), intake('2024-03-10T12:00:00.000Z')))
        .when(charge('file'))
        .thenThrows('charge_not_to_decide');
      spec
        .given(released)
        .when(charge('decline', { declineReason: undefined }))
        .thenThrows('decline_reason_required');
      spec
        .given(released)
        .when(charge('file', { declineReason: 'insufficient_evidence' }))
        .thenThrows('decline_reason_not_allowed');
      spec
        .given(released)
        .when(charge('file', { prosecutor: { subject: 'sgt-1', agency: 'DPD', agencyIsProsecutorOffice: false } }))
        .thenThrows('not_a_prosecutor_office');
      spec
        .given(released)
        .when(charge('file', { prosecutor: { subject: 'a@b.org', agency: 'DDA', agencyIsProsecutorOffice: true } }))
        .thenThrows('staff_id_invalid');
      spec
        .given(released)
        .when(charge('file', { at: '2024-02-01T00:00:00.000Z' }))
        .thenThrows('decided_before_arrest');
    });

    it('a disclosure in time that reaches the office after the timer released the charge leaves it released', () => {
      spec
        .given(after(withConsent(), expire()))
        .when(intake('2024-03-31T20:00:00.000Z'))
        .thenMatches([{ type: 'IntakeReported' }, { type: 'IntakeDisclosed', inTime: true }]);
    });

    it('runs out at local midnight across the autumn change too', () => {
      // Arrested 20 October 2024 in Denver; 30 days end with 19 November, on standard time since 3 November.
      spec
        .given([])
        .when({ ...open, arrestedAt: '2024-10-20T18:00:00.000Z' })
        .thenMatches([
          { type: 'MatterOpened' },
          { type: 'ChargeHeld', intakeDeadline: '2024-11-19' },
          { type: 'MatterTermsSet', runsOutAt: '2024-11-20T07:00:00.000Z' },
        ]);
    });
  });

  describe('sealing and expungement of the arrest', () => {
    const caseId = '7b2c3d4e-5f60-4a1b-9c2d-3e4f5a6b7c8d';
    const link = (openedAt = '2024-03-02T16:00:00.000Z'): ProsecutionMatterCommand => ({
      type: 'LinkCase',
      source: SOURCE,
      caseId,
      providerAgency: 'ARTS',
      openedAt,
    });
    const consent: ProsecutionMatterCommand = {
      type: 'NoteConsent',
      source: SOURCE,
      consentId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
      recipients: ['DDA'],
      scope: ['participation-status'],
      purpose: 'care-coordination',
      signedAt: '2024-03-05T17:00:00.000Z',
      expiry: { kind: 'event', event: 'participation-ended' },
    };
    const intake: ProsecutionMatterCommand = {
      type: 'NoteIntake',
      source: SOURCE,
      completedOn: '2024-03-10',
      reportedAt: '2024-03-10T12:00:00.000Z',
    };
    const recorder = { subject: 'dda-7', agency: 'DDA', agencyIsProsecutorOffice: true };
    const sealed = (custodian: string, over: Record<string, unknown> = {}): ProsecutionMatterCommand =>
      ({
        type: 'ConfirmCustodianSealed',
        custodian,
        sealedOn: '2024-04-02',
        recordedBy: recorder,
        at: '2024-04-02T16:00:00.000Z',
        ...over,
      }) as ProsecutionMatterCommand;
    const declined = (over: Partial<OpenMatter> = {}) => [link(), consent, intake].reduce(after, opened(over));
    /** Rochester: the infraction is expunged after 30 days of participation. */
    // Its terms; the matter stays in the spec's jurisdiction so that the case messages name it.
    const rochester: Partial<OpenMatter> = {
      timeZone: 'America/New_York',
      prosecutorOffices: ['MCDAO'],
      sealing: {
        startsAt: 'participation_days',
        eligibleAfterDays: 30,
        effect: 'expunged',
        custodians: ['police', 'prosecutor', 'court'],
        authority: 'program rule',
      },
    };

    it('records each custodian once, and closes LEAD’s own record when the last one sealed', () => {
      let history = declined();
      for (const custodian of ['police', 'prosecutor', 'court']) {
        spec
          .given(history)
          .when(sealed(custodian))
          .thenMatches([{ type: 'CustodianSealed', custodian }]);
        history = after(history, sealed(custodian));
      }
      spec
        .given(history)
        .when(sealed('jail'))
        .then([
          {
            type: 'CustodianSealed',
            matterId,
            custodian: 'jail',
            sealedOn: '2024-04-02',
            recordedBy: { subject: 'dda-7', agency: 'DDA' },
            at: '2024-04-02T16:00:00.000Z',
          },
          {
            type: 'ArrestExpunged',
            matterId,
            referralId,
            basis: 'sealed_by_custodians',
            expungedOn: '2024-04-02',
            at: '2024-04-02T16:00:00.000Z',
          },
        ]);
      spec.given(history).when(sealed('police')).thenThrows('custodian_already_sealed');
    });

    it('refuses a confirmation before sealing is possible, for an unlisted custodian, out of range, or by another office', () => {
      spec.given(after(opened(), link())).when(sealed('police')).thenThrows('sealing_not_eligible');
      spec
        .given(declined({ sealing: { ...open.sealing, custodians: ['police'] } }))
        .when(sealed('court'))
        .thenThrows('custodian_not_listed');
      spec
        .given(declined())
        .when(sealed('police', { sealedOn: '2024-03-09' }))
        .thenThrows('sealed_on_out_of_range');
      spec
        .given(declined())
        .when(sealed('police', { sealedOn: '2024-04-03' }))
        .thenThrows('sealed_on_out_of_range');
      spec
        .given(declined())
        .when(sealed('police', { recordedBy: { subject: 'sgt-1', agency: 'DPD', agencyIsProsecutorOffice: false } }))
        .thenThrows('not_a_prosecutor_office');
    });

    it('makes sealing due after waiting days from the decline, when the timer comes', () => {
      const history = declined({ sealing: { ...open.sealing, eligibleAfterDays: 10 } });
      expect(history.map((e) => e.type)).not.toContain('SealingEligible');
      // 10 days from 10 March, from local midnight in Denver (daylight time).
      expect(spec.given(history).state.sealingDueAt).toBe('2024-03-20T06:00:00.000Z');
      spec.given(history).when({ type: 'ReviewSealing', at: '2024-03-20T05:59:59.000Z' }).thenThrows('sealing_not_due');
      spec
        .given(history)
        .when({ type: 'ReviewSealing', at: '2024-03-20T06:00:00.000Z' })
        .thenMatches([{ type: 'SealingEligible', eligibleOn: '2024-03-20' }]);
    });

    it('expunges the infraction after 30 days of participation, and not for a participant who left before', () => {
      const mcdao = { ...consent, recipients: ['MCDAO'] } as ProsecutionMatterCommand;
      const participating = [link('2024-03-02T16:00:00.000Z'), mcdao, intake].reduce(after, opened(rochester));
      // Counted from the case's local day in New York, 2 March: due at the start of 1 April there (EDT).
      expect(spec.given(participating).state.sealingDueAt).toBe('2024-04-01T04:00:00.000Z');
      spec
        .given(participating)
        .when({ type: 'ReviewSealing', at: '2024-04-01T05:00:00.000Z' })
        .then([
          {
            type: 'SealingEligible',
            matterId,
            referralId,
            eligibleOn: '2024-04-01',
            effect: 'expunged',
            custodians: ['police', 'prosecutor', 'court'],
            at: '2024-04-01T04:00:00.000Z',
          },
          {
            type: 'ArrestExpunged',
            matterId,
            referralId,
            basis: 'expunged_by_rule',
            expungedOn: '2024-04-01',
            at: '2024-04-01T04:00:00.000Z',
          },
        ]);
      const left = after(participating, {
        type: 'NoteParticipationEnded',
        source: SOURCE,
        at: '2024-03-20T10:00:00.000Z',
      });
      spec.given(left).when({ type: 'ReviewSealing', at: '2024-04-01T05:00:00.000Z' }).thenNothing();
      // Expunged by rule: custodians still confirm, and LEAD's record is not closed twice.
      const expunged = after(participating, { type: 'ReviewSealing', at: '2024-04-01T05:00:00.000Z' });
      const confirm = (custodian: string) =>
        sealed(custodian, { sealedOn: '2024-04-02', at: '2024-04-02T16:00:00.000Z' });
      const all = ['police', 'prosecutor'].map(confirm).reduce(after, expunged);
      spec
        .given(all)
        .when(confirm('court'))
        .thenMatches([{ type: 'CustodianSealed', custodian: 'court' }]);
    });

    it('seals only a declined charge: not one still held when the days ran out, nor after the participant left', () => {
      // No consent naming the DA: the intake is not disclosed, the charge stays held past day 30.
      const held = [link('2024-03-02T16:00:00.000Z'), intake].reduce(after, opened(rochester));
      spec.given(held).when({ type: 'ReviewSealing', at: '2024-04-01T05:00:00.000Z' }).thenNothing();
      // Released at the deadline, declined by the DA later: sealable from the decline, while still participating.
      const released = after(held, { type: 'ExpireIntakeDeadline', at: '2024-04-02T05:00:00.000Z' });
      const decline: ProsecutionMatterCommand = {
        type: 'DecideCharge',
        decision: 'decline',
        declineReason: 'prosecutorial_discretion',
        prosecutor: recorder,
        at: '2024-04-10T15:00:00.000Z',
      };
      spec
        .given(released)
        .when(decline)
        .thenMatches([
          { type: 'ChargeDeclined' },
          { type: 'SealingEligible', eligibleOn: '2024-04-10', at: '2024-04-10T15:00:00.000Z' },
          { type: 'ArrestExpunged', expungedOn: '2024-04-10' },
        ]);
      // The participant left on day 5: a later decline makes nothing sealable by days of participation.
      const left = after(released, { type: 'NoteParticipationEnded', source: SOURCE, at: '2024-03-07T10:00:00.000Z' });
      spec
        .given(left)
        .when(decline)
        .thenMatches([{ type: 'ChargeDeclined' }]);
    });

    it('never makes a filed charge’s arrest sealable', () => {
      const filed = (
        [
          { type: 'ExpireIntakeDeadline', at: '2024-04-01T07:00:00.000Z' },
          {
            type: 'DecideCharge',
            decision: 'file',
            prosecutor: recorder,
            at: '2024-04-03T15:00:00.000Z',
          },
        ] as ProsecutionMatterCommand[]
      ).reduce(after, after(opened(rochester), link()));
      spec.given(filed).when({ type: 'ReviewSealing', at: '2024-04-05T05:00:00.000Z' }).thenNothing();
    });
  });

  it('derives one matter id per referral, a v5 UUID', () => {
    expect(matterIdFor(referralId)).toBe(matterId);
    expect(matterId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(matterIdFor('7f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e')).not.toBe(matterId);
  });
});
