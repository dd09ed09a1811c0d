import { JurisdictionRegistry, REFERRAL_DOORS, type Protocol, type ReferralDoor } from '@lead/jurisdictions';
import { DeciderSpecification, expectRuleBroken } from '@lead/testing';
import { join } from 'node:path';
import type { ApplyProsecutorDecision, RecordReferral, ReferralCommand, ReferralIntake } from './referral.commands.js';
import { admitReferral, eligibilityOf, referralDecider } from './referral.decider.js';
import type { ReferralEvent } from './referral.events.js';
import type { ScreeningAnswers } from './screening.js';

const registry = JurisdictionRegistry.load(join(process.cwd(), 'config'));
const denver = registry.versionsOf('denver')[0];
const T0 = '2024-03-01T10:00:00.000Z';
const minutesAfter = (m: number) => new Date(Date.parse(T0) + m * 60_000).toISOString();

const eligibleAnswers: ScreeningAnswers = {
  ageAtReferral: 34,
  drugQuantity: { form: 'heroin', grams: 0.5 },
  deliveryForProfit: false,
  exploitingMinors: false,
  promotingProstitution: false,
  violentHistory: [],
  activeProtectiveOrder: false,
  pendingTreatmentCourtCase: false,
  amenable: true,
};
const sealed = { $sealed: 'aes-256-gcm/v1' as const, data: 'AAEC' };
const caseManager = { subject: 'cm-3', agency: 'ARTS' };
/** The case manager as the handler passes them: ARTS is one of Denver's providers. */
const arriving = { ...caseManager, agencyIsProvider: true };
const prosecutor = { subject: 'ada-2', agency: 'DCAO' };

/** What the officer reports and the handler looked up (a protocol in force, unless given `protocol: null`). */
function intake(overrides: Partial<ReferralIntake> = {}): ReferralIntake {
  const protocol = overrides.protocol === undefined ? denver : overrides.protocol;
  const door = overrides.door ?? 'arrest_diversion';
  const shown = protocol ?? denver;
  return {
    jurisdiction: shown.jurisdiction,
    protocol,
    district: shown.districts[0].id,
    door,
    referredAt: T0,
    referrer: { subject: 'officer-17', agency: shown.doors[door].referrers[0] ?? 'NONE' },
    offenseCode: door === 'arrest_diversion' ? shown.divertibleOffenses[0] : null,
    area: 'cell-8a2',
    answers: eligibleAnswers,
    ...overrides,
  };
}

function recordReferral(overrides: Partial<ReferralIntake> = {}): RecordReferral {
  const admitted = admitReferral(intake(overrides));
  return {
    type: 'RecordReferral',
    referralId: 'r-1',
    participantId: 'p-1',
    intake: admitted,
    identity: sealed,
    probableCause: admitted.offenseCode === null ? null : sealed,
    sealedAnswers: sealed,
  };
}

const decision = (overrides: Partial<ApplyProsecutorDecision> = {}): ApplyProsecutorDecision => ({
  type: 'ApplyProsecutorDecision',
  jurisdiction: 'denver',
  eligible: true,
  basis: 'confirmed',
  reasonCode: 'meets_protocol',
  prosecutor,
  at: minutesAfter(90),
  ...overrides,
});

const spec = DeciderSpecification.for(referralDecider);
const recorded = (overrides: Partial<ReferralIntake> = {}) => spec.eventsOf(recordReferral(overrides));
const types = (events: ReferralEvent[]) => events.map((e) => e.type);

describe('Referral decider', () => {
  describe('recording and screening', () => {
    it('records an eligible arrest diversion with every criterion and the protocol version', () => {
      const events = recorded();
      expect(types(events)).toEqual(['ReferralRecorded', 'ReferralScreened']);
      const screened = events[1] as Extract<ReferralEvent, { type: 'ReferralScreened' }>;
      expect(screened).toMatchObject({ protocolVersion: '2018-07', eligible: true });
      expect(screened.criteria).toHaveLength(10);
      expect(screened.criteria.every((c) => c.outcome === 'pass')).toBe(true);
      expect(events[0]).toMatchObject({
        referralId: 'r-1',
        participantId: 'p-1',
        offense: { code: denver.divertibleOffenses[0], probableCause: sealed },
        requirements: { protocolVersion: '2018-07', handOffTargetMinutes: 30, prosecutorReviewRequired: true },
      });
      spec
        .given([])
        .when(recordReferral())
        .thenState((state) =>
          expect({ status: state.status, eligible: eligibilityOf(state) }).toEqual({ status: 'open', eligible: true }),
        );
    });

    it.each<[string, Partial<ScreeningAnswers>, string]>([
      ['too much of a drug', { drugQuantity: { form: 'powder', grams: 3.5 } }, 'drug_quantity'],
      ['delivery for profit', { deliveryForProfit: true }, 'delivery_for_profit'],
      ['exploiting minors', { exploitingMinors: true }, 'exploiting_minors'],
      ['promoting prostitution', { promotingProstitution: true }, 'promoting_prostitution'],
      ['under 18', { ageAtReferral: 17 }, 'minimum_age'],
      ['a robbery 4 years ago', { violentHistory: [{ category: 'robbery', yearsAgo: 4 }] }, 'violent_history'],
      ['an active protective order', { activeProtectiveOrder: true }, 'active_protective_order'],
      ['a pending treatment-court case', { pendingTreatmentCourtCase: true }, 'pending_treatment_court_case'],
      ['not amenable in the officer’s judgement', { amenable: false }, 'amenability'],
    ])('screens out %s, and keeps the referral', (_, answers, criterion) => {
      const events = recorded({
        door: 'social_contact',
        offenseCode: null,
        answers: { ...eligibleAnswers, ...answers },
      });
      expect(types(events)).toEqual(['ReferralRecorded', 'ReferralScreened', 'ReferralClosed']);
      const screened = events[1] as Extract<ReferralEvent, { type: 'ReferralScreened' }>;
      expect(screened.eligible).toBe(false);
      expect(screened.criteria.filter((c) => c.outcome === 'exclude').map((c) => c.criterion)).toEqual([criterion]);
      expect(events[2]).toMatchObject({ reason: 'ineligible' });
    });

    it('does not exclude on history older than the look-back or outside its categories', () => {
      const answers = {
        ...eligibleAnswers,
        violentHistory: [
          { category: 'robbery', yearsAgo: 11 },
          { category: 'theft', yearsAgo: 1 },
        ],
      };
      expect((recorded({ answers })[1] as { eligible: boolean }).eligible).toBe(true);
    });

    it('records criteria a protocol version does not apply as not applied (Seattle has no protective-order exclusion)', () => {
      const seattle = registry.versionsOf('seattle-king-county')[0];
      const events = recorded({ protocol: seattle, answers: { ...eligibleAnswers, activeProtectiveOrder: true } });
      const screened = events[1] as Extract<ReferralEvent, { type: 'ReferralScreened' }>;
      expect(screened.eligible).toBe(true);
      expect(screened.criteria.find((c) => c.criterion === 'active_protective_order')?.outcome).toBe('not_applied');
    });

    it('screens a non-divertible offense out, leaving the prosecutor the final word on an arrest diversion', () => {
      spec
        .given([])
        .when(recordReferral({ offenseCode: 'CO-18-4-504' }))
        .thenMatches([{ type: 'ReferralRecorded' }, { type: 'ReferralScreened', eligible: false }]);
    });

    it('screens the answers it is given and records them only as sealed (an arrest’s erased with its expungement)', () => {
      const answers = { ...eligibleAnswers, drugQuantity: { form: 'powder' as const, grams: 99 } };
      const [, screenedEvent] = recorded({ answers });
      expect(screenedEvent).toMatchObject({ type: 'ReferralScreened', eligible: false, answers: sealed });
      expect(JSON.stringify(screenedEvent)).not.toContain('99');
    });

    it('refuses a second recording', () => {
      spec.given(recorded()).when(recordReferral()).thenThrows('referral_exists');
    });
  });

  describe('intake rules, before anyone is matched or anything sealed', () => {
    it('no_protocol_in_force: no protocol version was in force when the referral was made', () => {
      expectRuleBroken(() => admitReferral(intake({ protocol: null })), 'no_protocol_in_force');
    });

    it('offense_required / offense_without_arrest: an offense exactly on an arrest diversion', () => {
      expectRuleBroken(() => admitReferral(intake({ offenseCode: null })), 'offense_required');
      expectRuleBroken(
        () => admitReferral(intake({ door: 'social_contact', offenseCode: 'CO-18-18-403.5' })),
        'offense_without_arrest',
      );
    });

    it('district_not_in_program: the district is not in the program', () => {
      expectRuleBroken(() => admitReferral(intake({ district: '3' })), 'district_not_in_program');
    });

    it('born_after_referral: a birth date after the referral', () => {
      expectRuleBroken(
        () => admitReferral(intake({ answers: { ...eligibleAnswers, ageAtReferral: -1 } })),
        'born_after_referral',
      );
      expect(admitReferral(intake({ answers: { ...eligibleAnswers, ageAtReferral: 0 } })).protocol).toBe(denver);
    });
  });

  describe('doors, for every agency of every shipped jurisdiction', () => {
    const cases: Array<[string, ReferralDoor, string, 'recorded' | 'door_closed' | 'referrer_not_allowed']> = [];
    for (const jurisdiction of registry.jurisdictions()) {
      for (const protocol of registry.versionsOf(jurisdiction)) {
        for (const door of REFERRAL_DOORS) {
          for (const agency of [...protocol.agencies.map((a) => a.id), 'SELF', 'FAMILY']) {
            const expected = !protocol.doors[door].open
              ? 'door_closed'
              : protocol.doors[door].referrers.includes(agency)
                ? 'recorded'
                : 'referrer_not_allowed';
            cases.push([`${jurisdiction}@${protocol.version}`, door, agency, expected]);
          }
        }
      }
    }

    it.each(cases)('%s: %s referral by %s → %s', (id, door, agency, expected) => {
      const [jurisdiction, version] = id.split('@');
      const protocol = registry.version(jurisdiction, version) as Protocol;
      // An arrest diversion says whether an aggrieved party was present (Rochester requires it; others take it).
      const present = door === 'arrest_diversion' ? { aggrievedPartyPresent: false } : {};
      const overrides = { protocol, door, referrer: { subject: 's-1', agency }, ...present };
      if (expected === 'recorded')
        expect(types(recorded(overrides)).slice(0, 2)).toEqual(['ReferralRecorded', 'ReferralScreened']);
      else expectRuleBroken(() => admitReferral(intake(overrides)), expected);
    });

    it('keeps the San Luis Valley closed to community referrals and Denver open to them', () => {
      expect(registry.versionsOf('san-luis-valley')[0].doors.community.open).toBe(false);
      expect(registry.versionsOf('denver')[0].doors.community.open).toBe(true);
    });
  });

  describe('from offer to enrollment', () => {
    const arrest = () => recorded();
    const called = (at: string) => [...arrest(), { type: 'LeadLineCalled' as const, at }];

    it('enrolls an arrest diversion only once offer, prosecutor, hand-off and custody are all done, in any order', () => {
      let history = arrest();
      const steps: ReferralCommand[] = [
        { type: 'RecordLeadLineCall', at: minutesAfter(1) },
        { type: 'AnswerOffer', accepted: true, at: minutesAfter(2) },
        { type: 'RecordCaseManagerArrival', at: minutesAfter(25), caseManager: arriving },
        { type: 'RelinquishCustody', at: minutesAfter(26) },
        decision(),
      ];
      for (const [i, step] of steps.entries()) {
        const { events } = spec.given(history).when(step);
        expect(types(events).includes('ReferralAccepted')).toBe(i === steps.length - 1);
        history = [...history, ...events];
      }
      expect(history.at(-1)).toEqual({ type: 'ReferralAccepted', at: minutesAfter(90) });
      expect(spec.given(history).state.status).toBe('accepted');
    });

    it('measures the warm hand-off against the target of the version in force when the referral was made', () => {
      spec
        .given(called(minutesAfter(0)))
        .when({ type: 'RecordCaseManagerArrival', at: minutesAfter(42), caseManager: arriving })
        .then([
          {
            type: 'CaseManagerArrived',
            at: minutesAfter(42),
            caseManager,
            calledAt: minutesAfter(0),
            minutesFromCall: 42,
            targetMinutes: 30,
            withinTarget: false,
          },
        ]);
      const slv = registry.versionsOf('san-luis-valley')[0];
      const rural = recorded({ protocol: slv, referrer: { subject: 'd-1', agency: 'APD' } });
      spec
        .given([...rural, { type: 'LeadLineCalled', at: minutesAfter(0) }])
        .when({ type: 'RecordCaseManagerArrival', at: minutesAfter(42), caseManager: arriving })
        .thenMatches([{ withinTarget: true }]);
    });

    it('does not re-screen a referral when a later protocol version changes the threshold', () => {
      const later: Protocol = {
        ...denver,
        version: '2021-01',
        effectiveFrom: '2021-01-01',
        handOffTargetMinutes: 60,
        exclusions: { ...denver.exclusions, drugQuantityGrams: { powder: 6 } },
      };
      const answers = { ...eligibleAnswers, drugQuantity: { form: 'powder' as const, grams: 4 } };
      const social = { answers, door: 'social_contact' as const, offenseCode: null };
      expect(recorded(social)[1]).toMatchObject({ protocolVersion: '2018-07', eligible: false });
      expect(recorded({ ...social, protocol: later })[1]).toMatchObject({ protocolVersion: '2021-01', eligible: true });
      // Later steps of an old referral keep its own version's requirements.
      spec
        .given(called(minutesAfter(0)))
        .when({ type: 'RecordCaseManagerArrival', at: minutesAfter(45), caseManager: arriving })
        .thenMatches([{ withinTarget: false }]);
    });

    it('enrolls a social contact referral on acceptance, with no hand-off or prosecutor step', () => {
      const social = recorded({ door: 'social_contact', offenseCode: null });
      spec
        .given(social)
        .when({ type: 'AnswerOffer', accepted: true, at: minutesAfter(5) })
        .then([
          { type: 'OfferAnswered', accepted: true, at: minutesAfter(5) },
          { type: 'ReferralAccepted', at: minutesAfter(5) },
        ]);
      spec
        .given(social)
        .when({ type: 'RelinquishCustody', at: minutesAfter(5) })
        .thenThrows('no_custody');
      spec
        .given(social)
        .when(decision({ reasonCode: 'x', at: T0 }))
        .thenThrows('no_prosecutor_review');
      spec
        .given(social)
        .when({ type: 'RecordAggrievedPartyAgreement', agreed: true, at: T0 })
        .thenThrows('aggrieved_party_not_required');
    });

    it('closes on a decline (normal processing follows) and refuses further steps', () => {
      spec
        .given(arrest())
        .when({ type: 'AnswerOffer', accepted: false, at: minutesAfter(3) })
        .then([
          { type: 'OfferAnswered', accepted: false, at: minutesAfter(3) },
          { type: 'ReferralClosed', reason: 'declined_by_person', at: minutesAfter(3) },
        ]);
      const declined = spec.eventsOf(recordReferral(), { type: 'AnswerOffer', accepted: false, at: minutesAfter(3) });
      spec
        .given(declined)
        .when({ type: 'RecordLeadLineCall', at: minutesAfter(4) })
        .thenThrows('referral_not_open');
      spec
        .given(declined)
        .when({ type: 'AnswerOffer', accepted: true, at: minutesAfter(4) })
        .thenThrows('referral_not_open');
    });

    it('refuses a second answer to the offer', () => {
      const accepted = [...arrest(), { type: 'OfferAnswered' as const, accepted: true, at: minutesAfter(2) }];
      spec
        .given(accepted)
        .when({ type: 'AnswerOffer', accepted: false, at: minutesAfter(3) })
        .thenThrows('offer_already_answered');
    });

    it("lets the prosecutor override the officer's screening either way, once", () => {
      const screenedOut = recorded({ offenseCode: 'CO-18-4-504' });
      spec
        .given(screenedOut)
        .when(decision({ basis: 'overridden', reasonCode: 'trespass_at_shelter', at: minutesAfter(60) }))
        .thenState((state) => expect(eligibilityOf(state)).toBe(true));
      spec
        .given(arrest())
        .when(decision({ eligible: false, basis: 'overridden', reasonCode: 'pending_felony', at: minutesAfter(60) }))
        .then([
          {
            type: 'ProsecutorEligibilityDecided',
            eligible: false,
            basis: 'overridden',
            reasonCode: 'pending_felony',
            prosecutor,
            at: minutesAfter(60),
          },
          { type: 'ReferralClosed', reason: 'prosecutor_found_ineligible', at: minutesAfter(60) },
        ]);
      const decided = [...arrest(), ...spec.given(arrest()).when(decision()).events];
      spec.given(decided).when(decision()).thenThrows('prosecutor_already_decided');
    });

    it("referral_in_other_jurisdiction / referral_not_found: a prosecutor's decision the referral cannot take", () => {
      spec
        .given(arrest())
        .when(decision({ jurisdiction: 'seattle-king-county' }))
        .thenThrows('referral_in_other_jurisdiction');
      spec.given([]).when(decision()).thenThrows('referral_not_found');
    });

    it("requires the aggrieved party's agreement only where the protocol does, and closes when they disagree", () => {
      spec
        .given(arrest())
        .when({ type: 'RecordAggrievedPartyAgreement', agreed: true, at: T0 })
        .thenThrows('aggrieved_party_not_required');
      const rochesterLike: Protocol = {
        ...denver,
        aggrievedPartyAgreementRequired: true,
        prosecutorReviewRequired: false,
      };
      const history = spec.eventsOf(
        recordReferral({ protocol: rochesterLike }),
        { type: 'AnswerOffer', accepted: true, at: minutesAfter(1) },
        { type: 'RecordLeadLineCall', at: minutesAfter(1) },
        { type: 'RecordCaseManagerArrival', at: minutesAfter(20), caseManager: arriving },
        { type: 'RelinquishCustody', at: minutesAfter(21) },
      );
      expect(history.some((e) => e.type === 'ReferralAccepted')).toBe(false);
      spec
        .given(history)
        .when({ type: 'RecordAggrievedPartyAgreement', agreed: true, at: minutesAfter(22) })
        .then([
          { type: 'AggrievedPartyAgreementRecorded', agreed: true, at: minutesAfter(22) },
          { type: 'ReferralAccepted', at: minutesAfter(22) },
        ]);
      spec
        .given(history)
        .when({ type: 'RecordAggrievedPartyAgreement', agreed: false, at: minutesAfter(22) })
        .thenMatches([{ agreed: false }, { type: 'ReferralClosed', reason: 'aggrieved_party_disagreed' }]);
      const agreed = [
        ...history,
        { type: 'AggrievedPartyAgreementRecorded' as const, agreed: true, at: minutesAfter(22) },
      ];
      spec
        .given(agreed)
        .when({ type: 'RecordAggrievedPartyAgreement', agreed: true, at: minutesAfter(23) })
        .thenThrows('aggrieved_party_already_recorded');
    });

    it('keeps the hand-off in order and each step once', () => {
      spec
        .given(arrest())
        .when({ type: 'RecordCaseManagerArrival', at: minutesAfter(5), caseManager: arriving })
        .thenThrows('lead_line_not_called');
      const call = called(minutesAfter(10));
      spec
        .given(call)
        .when({ type: 'RecordCaseManagerArrival', at: minutesAfter(5), caseManager: arriving })
        .thenThrows('arrival_before_call');
      spec
        .given(call)
        .when({ type: 'RelinquishCustody', at: minutesAfter(11) })
        .thenThrows('case_manager_not_arrived');
      spec
        .given(call)
        .when({ type: 'RecordLeadLineCall', at: minutesAfter(11) })
        .thenThrows('lead_line_already_called');
      const arrived = spec.eventsOf(
        recordReferral(),
        { type: 'RecordLeadLineCall', at: minutesAfter(10) },
        {
          type: 'RecordCaseManagerArrival',
          at: minutesAfter(20),
          caseManager: arriving,
        },
      );
      spec
        .given(arrived)
        .when({ type: 'RecordCaseManagerArrival', at: minutesAfter(21), caseManager: arriving })
        .thenThrows('case_manager_already_arrived');
      const relinquished = [...arrived, { type: 'CustodyRelinquished' as const, at: minutesAfter(21) }];
      spec
        .given(relinquished)
        .when({ type: 'RelinquishCustody', at: minutesAfter(22) })
        .thenThrows('custody_already_relinquished');
      spec.given([]).when({ type: 'AnswerOffer', accepted: true, at: T0 }).thenThrows('referral_not_found');
    });
  });

  describe('the aggrieved party present (Rochester: "the person and any aggrieved party present must agree")', () => {
    const rochester = registry.version('rochester-monroe', '2026-12')!;
    const atRochester = (overrides: Partial<ReferralIntake> = {}) =>
      recordReferral({ protocol: rochester, offenseCode: 'NY-PL-155.25', ...overrides });
    /** The hand-off done: all Rochester asks for besides the aggrieved party (no prosecutor review there). */
    const handedOff = (present: boolean) =>
      spec.eventsOf(
        atRochester({ aggrievedPartyPresent: present }),
        { type: 'AnswerOffer', accepted: true, at: minutesAfter(1) },
        { type: 'RecordLeadLineCall', at: minutesAfter(1) },
        { type: 'RecordCaseManagerArrival', at: minutesAfter(20), caseManager: arriving },
      );

    it('records that an aggrieved party was present, and asks for their agreement before enrolling', () => {
      spec
        .given([])
        .when(atRochester({ aggrievedPartyPresent: true }))
        .thenMatches([
          {
            type: 'ReferralRecorded',
            jurisdiction: 'rochester-monroe',
            aggrievedPartyPresent: true,
            requirements: {
              protocolVersion: '2026-12',
              aggrievedPartyAgreementRequired: true,
              prosecutorReviewRequired: false,
            },
          },
          { type: 'ReferralScreened', protocolVersion: '2026-12', eligible: true },
        ]);
      const relinquished = [
        ...handedOff(true),
        ...spec.given(handedOff(true)).when({ type: 'RelinquishCustody', at: minutesAfter(21) }).events,
      ];
      expect(types(relinquished)).not.toContain('ReferralAccepted');
      spec
        .given(relinquished)
        .when({ type: 'RecordAggrievedPartyAgreement', agreed: true, at: minutesAfter(22) })
        .then([
          { type: 'AggrievedPartyAgreementRecorded', agreed: true, at: minutesAfter(22) },
          { type: 'ReferralAccepted', at: minutesAfter(22) },
        ]);
      spec
        .given(relinquished)
        .when({ type: 'RecordAggrievedPartyAgreement', agreed: false, at: minutesAfter(22) })
        .thenMatches([{ agreed: false }, { type: 'ReferralClosed', reason: 'aggrieved_party_disagreed' }]);
    });

    it('asks no agreement when none was present: custody handed over enrols the person', () => {
      spec
        .given([])
        .when(atRochester({ aggrievedPartyPresent: false }))
        .thenMatches([
          { aggrievedPartyPresent: false, requirements: { aggrievedPartyAgreementRequired: false } },
          { eligible: true },
        ]);
      spec
        .given(handedOff(false))
        .when({ type: 'RelinquishCustody', at: minutesAfter(21) })
        .then([
          { type: 'CustodyRelinquished', at: minutesAfter(21) },
          { type: 'ReferralAccepted', at: minutesAfter(21) },
        ]);
      spec
        .given(handedOff(false))
        .when({ type: 'RecordAggrievedPartyAgreement', agreed: true, at: minutesAfter(21) })
        .thenThrows('aggrieved_party_not_required');
    });

    it('aggrieved_party_presence_required: an arrest diversion there says whether one was present', () => {
      expectRuleBroken(
        () => admitReferral(intake({ protocol: rochester, offenseCode: 'NY-PL-155.25' })),
        'aggrieved_party_presence_required',
      );
      // Where the protocol does not ask, saying nothing is fine, and saying is recorded without asking for agreement.
      expect(recorded()[0]).not.toHaveProperty('aggrievedPartyPresent');
      expect(recorded({ aggrievedPartyPresent: true })[0]).toMatchObject({
        aggrievedPartyPresent: true,
        requirements: { aggrievedPartyAgreementRequired: false },
      });
    });

    it('aggrieved_party_without_arrest: no other door has an aggrieved party', () => {
      expectRuleBroken(
        () =>
          admitReferral(
            intake({ protocol: rochester, door: 'social_contact', offenseCode: null, aggrievedPartyPresent: false }),
          ),
        'aggrieved_party_without_arrest',
      );
      expect(recorded({ protocol: rochester, door: 'social_contact', offenseCode: null })[0]).toMatchObject({
        requirements: { aggrievedPartyAgreementRequired: false },
      });
    });

    it("reads an older version's boolean as `required` on every arrest diversion, present or not said", () => {
      const asked: Protocol = { ...denver, aggrievedPartyAgreementRequired: true };
      for (const aggrievedPartyPresent of [undefined, false, true]) {
        expect(
          recorded({ protocol: asked, ...(aggrievedPartyPresent !== undefined && { aggrievedPartyPresent }) })[0],
        ).toMatchObject({ requirements: { aggrievedPartyAgreementRequired: true } });
      }
    });
  });

  describe('the arrest expunged (the prosecution service closed LEAD’s record of it)', () => {
    const expunged = (over: Record<string, unknown> = {}): ReferralCommand =>
      ({
        type: 'NoteArrestExpunged',
        jurisdiction: 'denver',
        basis: 'expunged_by_rule',
        expungedOn: '2026-12-20',
        at: '2026-12-20T05:00:00.000Z',
        ...over,
      }) as ReferralCommand;

    it('is recorded once, whatever the referral’s status, for an arrest diversion of its jurisdiction', () => {
      spec
        .given(recorded())
        .when(expunged())
        .then([
          {
            type: 'ArrestExpunged',
            basis: 'expunged_by_rule',
            expungedOn: '2026-12-20',
            at: '2026-12-20T05:00:00.000Z',
          },
        ]);
      const history = [...recorded(), ...spec.given(recorded()).when(expunged()).events];
      expect(spec.given(history).state).toMatchObject({ status: 'open', arrestExpunged: { on: '2026-12-20' } });
      spec.given(history).when(expunged()).thenNothing();
      spec.given([]).when(expunged()).thenThrows('referral_not_found');
      spec
        .given(recorded())
        .when(expunged({ jurisdiction: 'seattle-king-county' }))
        .thenThrows('referral_in_other_jurisdiction');
      spec
        .given(recorded({ door: 'social_contact' }))
        .when(expunged())
        .thenThrows('not_an_arrest');
    });
  });

  describe('step times: after the referral, in their order, stored in UTC', () => {
    const minutesBefore = (m: number) => minutesAfter(-m);
    const aggrievedPartyAsked: Protocol = { ...denver, aggrievedPartyAgreementRequired: true };
    const arrest = () => recorded();
    const calledAt = (at: string) => [...arrest(), { type: 'LeadLineCalled' as const, at }];
    const arrivedAt = (at: string) => [
      ...calledAt(minutesAfter(1)),
      ...spec.given(calledAt(minutesAfter(1))).when({ type: 'RecordCaseManagerArrival', at, caseManager: arriving })
        .events,
    ];
    const history1900 = '1900-01-01T00:00:00Z';

    it.each<[string, () => ReferralEvent[], ReferralCommand]>([
      ['the answer to the offer', arrest, { type: 'AnswerOffer', accepted: true, at: history1900 }],
      ['a decline', arrest, { type: 'AnswerOffer', accepted: false, at: minutesBefore(1) }],
      ['the call to the LEAD line', arrest, { type: 'RecordLeadLineCall', at: history1900 }],
      [
        "the aggrieved party's answer",
        () => recorded({ protocol: aggrievedPartyAsked }),
        { type: 'RecordAggrievedPartyAgreement', agreed: true, at: minutesBefore(1) },
      ],
      ["the prosecutor's decision", arrest, decision({ at: minutesBefore(60) })],
      // A call stored before this rule, dated before the referral: the arrival after it is still before the referral.
      [
        "the case manager's arrival",
        () => calledAt(minutesBefore(30)),
        { type: 'RecordCaseManagerArrival', at: minutesBefore(10), caseManager: arriving },
      ],
    ])('step_before_referral: %s dated before the referral', (_, history, step) => {
      spec.given(history()).when(step).thenThrows('step_before_referral');
    });

    it('takes a step at the very instant of the referral', () => {
      spec
        .given(arrest())
        .when({ type: 'RecordLeadLineCall', at: T0 })
        .then([{ type: 'LeadLineCalled', at: T0 }]);
    });

    it('arrival_before_call / custody_before_arrival: the hand-off in its order (call, arrival, custody)', () => {
      spec
        .given(calledAt(minutesAfter(10)))
        .when({ type: 'RecordCaseManagerArrival', at: minutesAfter(9), caseManager: arriving })
        .thenThrows('arrival_before_call');
      spec
        .given(arrivedAt(minutesAfter(20)))
        .when({ type: 'RelinquishCustody', at: minutesAfter(19) })
        .thenThrows('custody_before_arrival');
      spec
        .given(arrivedAt(minutesAfter(20)))
        .when({ type: 'RelinquishCustody', at: minutesAfter(20) })
        .then([{ type: 'CustodyRelinquished', at: minutesAfter(20) }]);
      // The answer to the offer and the call are not ordered between themselves.
      spec
        .given(calledAt(minutesAfter(10)))
        .when({ type: 'AnswerOffer', accepted: true, at: minutesAfter(2) })
        .thenMatches([{ type: 'OfferAnswered' }]);
    });

    it('stores every time it decides in UTC with milliseconds, whatever offset it came with', () => {
      // +23:59 and -05:30 name the same instants as T0 and T0 + 1 min; the stored spelling is one.
      const offered = spec
        .given(recorded({ referredAt: '2024-03-02T09:59+23:59' }))
        .when({ type: 'AnswerOffer', accepted: false, at: '2024-03-01T04:31:00-05:30' });
      offered.then([
        { type: 'OfferAnswered', accepted: false, at: minutesAfter(1) },
        { type: 'ReferralClosed', reason: 'declined_by_person', at: minutesAfter(1) },
      ]);
      expect(recorded({ referredAt: '2024-03-02T09:59+23:59' })[0]).toMatchObject({ referredAt: T0 });
      const screenedOut = recorded({
        referredAt: '2024-03-01T11:00:00+01:00',
        door: 'social_contact',
        offenseCode: null,
        answers: { ...eligibleAnswers, amenable: false },
      });
      expect(screenedOut.at(-1)).toEqual({ type: 'ReferralClosed', reason: 'ineligible', at: T0 });
      spec
        .given(calledAt(T0))
        .when({ type: 'RecordCaseManagerArrival', at: '2024-03-01T10:25:30.5+00:00', caseManager: arriving })
        .thenMatches([{ at: '2024-03-01T10:25:30.500Z', calledAt: T0, minutesFromCall: 25.5 }]);
      spec
        .given(arrest())
        .when(decision({ at: '2024-03-01T13:30:00+02:00' }))
        .thenMatches([{ type: 'ProsecutorEligibilityDecided', at: minutesAfter(90) }]);
    });

    it('reads events stored with an offset as the same instants, and copies them on in UTC', () => {
      const [made, screened] = arrest();
      const stored: ReferralEvent[] = [
        { ...made, referredAt: '2024-03-02T09:59:00+23:59' } as ReferralEvent,
        screened,
        { type: 'LeadLineCalled', at: '2024-03-01T11:05:00+01:00' },
      ];
      expect(spec.given(stored).state).toMatchObject({ referredAt: T0, leadLineCall: { at: minutesAfter(5) } });
      // Compared as instants, not as text: '…T10:25:00.000Z' sorts before '…T11:05:00+01:00', yet is 20 minutes after it.
      spec
        .given(stored)
        .when({ type: 'RecordCaseManagerArrival', at: minutesAfter(25), caseManager: arriving })
        .thenMatches([{ calledAt: minutesAfter(5), minutesFromCall: 20, withinTarget: true }]);
      spec
        .given(stored)
        .when({ type: 'RecordCaseManagerArrival', at: minutesAfter(4), caseManager: arriving })
        .thenThrows('arrival_before_call');
      spec
        .given(stored)
        .when({ type: 'AnswerOffer', accepted: true, at: '2024-03-01T09:59:59.999Z' })
        .thenThrows('step_before_referral');
    });

    it('folds a stored time that names no instant without failing, and refuses nothing on it', () => {
      const [made, screened] = arrest();
      const stored: ReferralEvent[] = [screened, { type: 'LeadLineCalled', at: '2024-W09-5' }];
      stored.unshift(made);
      expect(spec.given(stored).state).toMatchObject({ leadLineCall: { at: '2024-W09-5' } });
      spec
        .given(stored)
        .when({ type: 'AnswerOffer', accepted: true, at: minutesAfter(1) })
        .thenMatches([{ type: 'OfferAnswered', at: minutesAfter(1) }]);
    });

    it('refuses a command whose time names no instant as a bug, not as a rule broken', () => {
      expect(() =>
        referralDecider.decide({ type: 'RecordLeadLineCall', at: 'yesterday' }, spec.given(arrest()).state),
      ).toThrow(RangeError);
    });
  });

  describe('who records the arrival: a provider agency of the referral’s jurisdiction', () => {
    const called = () => [...recorded(), { type: 'LeadLineCalled' as const, at: minutesAfter(1) }];

    it.each(denver.agencies.filter((a) => a.kind !== 'provider').map((a) => [a.id, a.kind]))(
      'not_a_provider_agency: a case manager of %s (%s)',
      (agency) => {
        spec
          .given(called())
          .when({
            type: 'RecordCaseManagerArrival',
            at: minutesAfter(20),
            caseManager: { subject: 'cm-9', agency, agencyIsProvider: false },
          })
          .thenThrows('not_a_provider_agency');
      },
    );

    it('is asked before the hand-off’s own rules, so no other agency learns where the hand-off stands', () => {
      spec
        .given(recorded())
        .when({
          type: 'RecordCaseManagerArrival',
          at: minutesAfter(20),
          caseManager: { subject: 'cm-9', agency: 'DPD', agencyIsProvider: false },
        })
        .thenThrows('not_a_provider_agency');
    });

    it("records a provider's arrival under the case manager and agency, without the handler's flag", () => {
      spec
        .given(called())
        .when({
          type: 'RecordCaseManagerArrival',
          at: minutesAfter(20),
          caseManager: { subject: 'cm-4', agency: 'TEP', agencyIsProvider: true },
        })
        .thenMatches([{ type: 'CaseManagerArrived', caseManager: { subject: 'cm-4', agency: 'TEP' } }]);
      const [arrived] = spec
        .given(called())
        .when({ type: 'RecordCaseManagerArrival', at: minutesAfter(20), caseManager: arriving }).events;
      expect(arrived).toMatchObject({ caseManager });
      expect((arrived as Extract<ReferralEvent, { type: 'CaseManagerArrived' }>).caseManager).toEqual(caseManager);
    });
  });
});
