import { DomainRuleViolation } from '@lead/event-store';
import { JurisdictionRegistry, REFERRAL_DOORS, type Protocol, type ReferralDoor } from '@lead/jurisdictions';
import { join } from 'node:path';
import type { RecordReferral, ReferralCommand } from './referral.commands.js';
import { referralDecider } from './referral.decider.js';
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
const prosecutor = { subject: 'ada-2', agency: 'DCAO' };

function recordReferral(overrides: Partial<RecordReferral> = {}): RecordReferral {
  const protocol = overrides.protocol ?? denver;
  const door = overrides.door ?? 'arrest_diversion';
  return {
    type: 'RecordReferral',
    referralId: 'r-1',
    participantId: 'p-1',
    protocol,
    district: protocol.districts[0].id,
    door,
    referredAt: T0,
    referrer: { subject: 'officer-17', agency: protocol.doors[door].referrers[0] ?? 'NONE' },
    offense: door === 'arrest_diversion' ? { code: protocol.divertibleOffenses[0], probableCause: sealed } : null,
    identity: sealed,
    area: 'cell-8a2',
    answers: eligibleAnswers,
    ...overrides,
  };
}

/** given events, when a command: the events decided (or the rule broken). */
function given(events: ReferralEvent[]) {
  const state = events.reduce(referralDecider.evolve, referralDecider.initialState);
  return {
    when: (command: ReferralCommand) => referralDecider.decide(command, state),
    thenBreaks: (command: ReferralCommand, code: string) => {
      let error: unknown;
      try {
        referralDecider.decide(command, state);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainRuleViolation);
      expect((error as DomainRuleViolation).code).toBe(code);
    },
  };
}
const types = (events: ReferralEvent[]) => events.map((e) => e.type);
const recorded = (overrides: Partial<RecordReferral> = {}) => given([]).when(recordReferral(overrides));

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
        requirements: { protocolVersion: '2018-07', handOffTargetMinutes: 30, prosecutorReviewRequired: true },
      });
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
      const events = recorded({ door: 'social_contact', offense: null, answers: { ...eligibleAnswers, ...answers } });
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
      const events = recorded({ offense: { code: 'CO-18-4-504', probableCause: sealed } });
      expect(types(events)).toEqual(['ReferralRecorded', 'ReferralScreened']);
      expect(events[1]).toMatchObject({ eligible: false });
    });

    it('requires an offense for an arrest diversion and forbids one otherwise', () => {
      given([]).thenBreaks(recordReferral({ offense: null }), 'offense_required');
      given([]).thenBreaks(
        recordReferral({ door: 'social_contact', offense: { code: 'CO-18-18-403.5', probableCause: sealed } }),
        'offense_without_arrest',
      );
    });

    it('refuses a district outside the program and a second recording', () => {
      given([]).thenBreaks(recordReferral({ district: '3' }), 'district_not_in_program');
      given(recorded()).thenBreaks(recordReferral(), 'referral_exists');
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
      const command = recordReferral({ protocol, door, referrer: { subject: 's-1', agency } });
      if (expected === 'recorded')
        expect(types(given([]).when(command)).slice(0, 2)).toEqual(['ReferralRecorded', 'ReferralScreened']);
      else given([]).thenBreaks(command, expected);
    });

    it('keeps the San Luis Valley closed to community referrals and Denver open to them', () => {
      expect(registry.versionsOf('san-luis-valley')[0].doors.community.open).toBe(false);
      expect(registry.versionsOf('denver')[0].doors.community.open).toBe(true);
    });
  });

  describe('from offer to enrollment', () => {
    const arrest = () => recorded();

    it('enrolls an arrest diversion only once offer, prosecutor, hand-off and custody are all done, in any order', () => {
      let history = arrest();
      const steps: ReferralCommand[] = [
        { type: 'RecordLeadLineCall', at: minutesAfter(1) },
        { type: 'AnswerOffer', accepted: true, at: minutesAfter(2) },
        { type: 'RecordCaseManagerArrival', at: minutesAfter(25), caseManager },
        { type: 'RelinquishCustody', at: minutesAfter(26) },
        {
          type: 'ApplyProsecutorDecision',
          eligible: true,
          basis: 'confirmed',
          reasonCode: 'meets_protocol',
          prosecutor,
          at: minutesAfter(90),
        },
      ];
      for (const [i, step] of steps.entries()) {
        const events = given(history).when(step);
        expect(types(events).includes('ReferralAccepted')).toBe(i === steps.length - 1);
        history = [...history, ...events];
      }
      expect(history.at(-1)).toMatchObject({ type: 'ReferralAccepted', at: minutesAfter(90) });
    });

    it('measures the warm hand-off against the target of the version in force when the referral was made', () => {
      const history = [...arrest(), ...given(arrest()).when({ type: 'RecordLeadLineCall', at: minutesAfter(0) })];
      const late = given(history).when({ type: 'RecordCaseManagerArrival', at: minutesAfter(42), caseManager });
      expect(late[0]).toMatchObject({ minutesFromCall: 42, withinTarget: false });
      const slv = registry.versionsOf('san-luis-valley')[0];
      const rural = recorded({ protocol: slv, referrer: { subject: 'd-1', agency: 'APD' } });
      const ruralCalled = [...rural, { type: 'LeadLineCalled' as const, at: minutesAfter(0) }];
      expect(
        given(ruralCalled).when({ type: 'RecordCaseManagerArrival', at: minutesAfter(42), caseManager })[0],
      ).toMatchObject({ withinTarget: true });
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
      const underOld = recorded({ answers, door: 'social_contact', offense: null });
      expect(underOld[1]).toMatchObject({ protocolVersion: '2018-07', eligible: false });
      expect(recorded({ protocol: later, answers, door: 'social_contact', offense: null })[1]).toMatchObject({
        protocolVersion: '2021-01',
        eligible: true,
      });
      // Later steps of an old referral keep its own version's requirements.
      const old = [...arrest(), { type: 'LeadLineCalled' as const, at: minutesAfter(0) }];
      expect(given(old).when({ type: 'RecordCaseManagerArrival', at: minutesAfter(45), caseManager })[0]).toMatchObject(
        { withinTarget: false },
      );
    });

    it('enrolls a social contact referral on acceptance, with no hand-off or prosecutor step', () => {
      const social = recorded({ door: 'social_contact', offense: null });
      expect(types(given(social).when({ type: 'AnswerOffer', accepted: true, at: minutesAfter(5) }))).toEqual([
        'OfferAnswered',
        'ReferralAccepted',
      ]);
      given(social).thenBreaks({ type: 'RelinquishCustody', at: minutesAfter(5) }, 'no_custody');
      given(social).thenBreaks(
        { type: 'ApplyProsecutorDecision', eligible: true, basis: 'confirmed', reasonCode: 'x', prosecutor, at: T0 },
        'no_prosecutor_review',
      );
    });

    it('closes on a decline (normal processing follows) and refuses further steps', () => {
      const declined = [
        ...arrest(),
        ...given(arrest()).when({ type: 'AnswerOffer', accepted: false, at: minutesAfter(3) }),
      ];
      expect(declined.at(-1)).toMatchObject({ type: 'ReferralClosed', reason: 'declined_by_person' });
      given(declined).thenBreaks({ type: 'RecordLeadLineCall', at: minutesAfter(4) }, 'referral_not_open');
    });

    it("lets the prosecutor override the officer's screening either way", () => {
      const screenedOut = recorded({ offense: { code: 'CO-18-4-504', probableCause: sealed } });
      const overridden = given(screenedOut).when({
        type: 'ApplyProsecutorDecision',
        eligible: true,
        basis: 'overridden',
        reasonCode: 'trespass_at_shelter',
        prosecutor,
        at: minutesAfter(60),
      });
      expect(types(overridden)).toEqual(['ProsecutorEligibilityDecided']);
      const refused = given(arrest()).when({
        type: 'ApplyProsecutorDecision',
        eligible: false,
        basis: 'overridden',
        reasonCode: 'pending_felony',
        prosecutor,
        at: minutesAfter(60),
      });
      expect(types(refused)).toEqual(['ProsecutorEligibilityDecided', 'ReferralClosed']);
    });

    it("requires the aggrieved party's agreement only where the protocol does, and closes when they disagree", () => {
      given(arrest()).thenBreaks(
        { type: 'RecordAggrievedPartyAgreement', agreed: true, at: T0 },
        'aggrieved_party_not_required',
      );
      const rochesterLike: Protocol = {
        ...denver,
        aggrievedPartyAgreementRequired: true,
        prosecutorReviewRequired: false,
      };
      let history = recorded({ protocol: rochesterLike });
      for (const step of [
        { type: 'AnswerOffer', accepted: true, at: minutesAfter(1) },
        { type: 'RecordLeadLineCall', at: minutesAfter(1) },
        { type: 'RecordCaseManagerArrival', at: minutesAfter(20), caseManager },
        { type: 'RelinquishCustody', at: minutesAfter(21) },
      ] as ReferralCommand[])
        history = [...history, ...given(history).when(step)];
      expect(history.some((e) => e.type === 'ReferralAccepted')).toBe(false);
      expect(
        types(given(history).when({ type: 'RecordAggrievedPartyAgreement', agreed: true, at: minutesAfter(22) })),
      ).toEqual(['AggrievedPartyAgreementRecorded', 'ReferralAccepted']);
      expect(
        given(history)
          .when({ type: 'RecordAggrievedPartyAgreement', agreed: false, at: minutesAfter(22) })
          .at(-1),
      ).toMatchObject({ reason: 'aggrieved_party_disagreed' });
    });

    it('keeps the hand-off in order and each step once', () => {
      given(arrest()).thenBreaks(
        { type: 'RecordCaseManagerArrival', at: minutesAfter(5), caseManager },
        'lead_line_not_called',
      );
      const called = [...arrest(), { type: 'LeadLineCalled' as const, at: minutesAfter(10) }];
      given(called).thenBreaks(
        { type: 'RecordCaseManagerArrival', at: minutesAfter(5), caseManager },
        'arrival_before_call',
      );
      given(called).thenBreaks({ type: 'RelinquishCustody', at: minutesAfter(11) }, 'case_manager_not_arrived');
      given(called).thenBreaks({ type: 'RecordLeadLineCall', at: minutesAfter(11) }, 'lead_line_already_called');
      given([]).thenBreaks({ type: 'AnswerOffer', accepted: true, at: T0 }, 'referral_not_found');
    });
  });
});
