import { JurisdictionRegistry, type Protocol } from '@lead/jurisdictions';
import { join } from 'node:path';
import type { RecordReferral, ReferralCommand, ReferralIntake } from '../referral.commands.js';
import { admitReferral, referralDecider } from '../referral.decider.js';
import type { ReferralEvent } from '../referral.events.js';
import { referralRecordOf } from './referral-record.js';

const denver: Protocol = JurisdictionRegistry.load(join(process.cwd(), 'config')).versionsOf('denver')[0];
const T0 = '2024-03-01T10:00:00.000Z';
const sealed = { $sealed: 'aes-256-gcm/v1' as const, data: 'AAEC' };

const intake = (over: Partial<ReferralIntake> = {}): ReferralIntake => ({
  jurisdiction: 'denver',
  protocol: denver,
  district: denver.districts[0].id,
  door: 'social_contact',
  referredAt: T0,
  referrer: { subject: 'officer-17', agency: 'DPD' },
  offenseCode: null,
  area: 'cell-8a2',
  answers: {
    ageAtReferral: 34,
    drugQuantity: null,
    deliveryForProfit: false,
    exploitingMinors: false,
    promotingProstitution: false,
    violentHistory: [{ category: 'robbery', yearsAgo: 30 }],
    activeProtectiveOrder: false,
    pendingTreatmentCourtCase: false,
    amenable: true,
  },
  ...over,
});
const record = (over: Partial<ReferralIntake> = {}): RecordReferral => {
  const admitted = admitReferral(intake(over));
  return {
    type: 'RecordReferral',
    referralId: 'r-1',
    participantId: 'p-1',
    intake: admitted,
    identity: sealed,
    probableCause: admitted.offenseCode === null ? null : sealed,
    sealedAnswers: sealed,
  };
};

/** The events the decider writes for these commands, one after the other. */
function history(...commands: ReferralCommand[]): ReferralEvent[] {
  const events: ReferralEvent[] = [];
  for (const command of commands)
    events.push(
      ...referralDecider.decide(command, events.reduce(referralDecider.evolve, referralDecider.initialState)),
    );
  return events;
}

describe('the referral record (GET /v1/referrals/:referralId)', () => {
  it('is nothing without a ReferralRecorded', () => {
    expect(referralRecordOf([])).toBeUndefined();
    expect(referralRecordOf([{ type: 'LeadLineCalled', at: T0 }])).toBeUndefined();
  });

  it("shows each criterion's outcome, never the answers, the identity or the area", () => {
    const result = referralRecordOf(
      history(record(), { type: 'AnswerOffer', accepted: true, at: '2024-03-01T10:05:00.000Z' }),
    )!;
    expect(result).toMatchObject({
      status: 'accepted',
      acceptedAt: '2024-03-01T10:05:00.000Z',
      eligible: true,
      offer: { accepted: true, at: '2024-03-01T10:05:00.000Z' },
      screening: {
        eligible: true,
        criteria: expect.arrayContaining([{ criterion: 'violent_history', outcome: 'pass' }]),
      },
    });
    const text = JSON.stringify(result);
    for (const hidden of ['robbery', 'yearsAgo', 'ageAtReferral', '$sealed', 'cell-8a2'])
      expect(text).not.toContain(hidden);
  });

  it('keeps an ineligible referral, closed, with its reason and time', () => {
    const result = referralRecordOf(history(record({ answers: { ...intake().answers, amenable: false } })))!;
    expect(result).toMatchObject({ status: 'closed', closeReason: 'ineligible', closedAt: T0, eligible: false });
    expect(result.screening!.criteria).toContainEqual({ criterion: 'amenability', outcome: 'exclude' });
  });

  it("shows the hand-off from the call, and the prosecutor's decision as final eligibility", () => {
    const arrest = record({
      door: 'arrest_diversion',
      offenseCode: denver.divertibleOffenses[0],
    });
    const call: ReferralCommand = { type: 'RecordLeadLineCall', at: '2024-03-01T10:10:00.000Z' };
    expect(referralRecordOf(history(arrest, call))!.handOff).toEqual({
      calledAt: '2024-03-01T10:10:00.000Z',
      arrivedAt: null,
      minutesFromCall: null,
      targetMinutes: 30,
      withinTarget: null,
    });
    const prosecutor = { subject: 'ada-2', agency: 'DCAO' };
    const decided = referralRecordOf(
      history(arrest, call, {
        type: 'ApplyProsecutorDecision',
        jurisdiction: 'denver',
        eligible: false,
        basis: 'overridden',
        reasonCode: 'prior_delivery_case',
        prosecutor,
        at: '2024-03-02T09:00:00.000Z',
      }),
    );
    expect(decided).toMatchObject({
      status: 'closed',
      closeReason: 'prosecutor_found_ineligible',
      eligible: false,
      screening: { eligible: true },
      prosecutorDecision: {
        eligible: false,
        basis: 'overridden',
        reasonCode: 'prior_delivery_case',
        prosecutorAgency: 'DCAO',
        at: '2024-03-02T09:00:00.000Z',
      },
    });
    expect(JSON.stringify(decided)).not.toContain('ada-2');
  });

  it('answers every time in UTC, also from events stored with the offset they were sent with', () => {
    const [made, screened] = history(record({ door: 'arrest_diversion', offenseCode: denver.divertibleOffenses[0] }));
    const offset = (at: string) => at.replace('T10:', 'T11:').replace('.000Z', '+01:00');
    const stored: ReferralEvent[] = [
      { ...made, referredAt: offset(T0) } as ReferralEvent,
      screened,
      { type: 'OfferAnswered', accepted: true, at: offset('2024-03-01T10:05:00.000Z') },
      { type: 'LeadLineCalled', at: offset('2024-03-01T10:06:00.000Z') },
      {
        type: 'CaseManagerArrived',
        at: offset('2024-03-01T10:31:00.000Z'),
        caseManager: { subject: 'cm-3', agency: 'ARTS' },
        calledAt: offset('2024-03-01T10:06:00.000Z'),
        minutesFromCall: 25,
        targetMinutes: 30,
        withinTarget: true,
      },
      { type: 'CustodyRelinquished', at: offset('2024-03-01T10:35:00.000Z') },
      { type: 'ReferralClosed', reason: 'prosecutor_found_ineligible', at: offset('2024-03-01T10:50:00.000Z') },
    ];
    expect(referralRecordOf(stored)).toMatchObject({
      referredAt: T0,
      offer: { at: '2024-03-01T10:05:00.000Z' },
      handOff: { calledAt: '2024-03-01T10:06:00.000Z', arrivedAt: '2024-03-01T10:31:00.000Z' },
      custodyRelinquishedAt: '2024-03-01T10:35:00.000Z',
      closedAt: '2024-03-01T10:50:00.000Z',
    });
  });
});
