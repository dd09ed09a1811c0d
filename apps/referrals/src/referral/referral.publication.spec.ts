import { validateIntegrationEvent, type IntegrationEvent } from '@lead/contracts';
import { newEventId, type RecordedEvent } from '@lead/event-store';
import { JurisdictionRegistry } from '@lead/jurisdictions';
import { referralsPublication } from './referral.publication.js';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { participantDecider } from '../participant/participant.decider.js';
import type { ParticipantEvent } from '../participant/participant.events.js';
import type { RecordReferral, ReferralCommand, ReferralIntake } from './referral.commands.js';
import { admitReferral, referralDecider, type ReferralState } from './referral.decider.js';
import type { ReferralEvent } from './referral.events.js';

/*
 * The referrals service's real decider output, stored as the store stores it, through the publication that the
 * relay and the embedded bus use, checked against the published contracts: the two sides cannot drift apart
 * without this failing.
 */

const registry = JurisdictionRegistry.load(join(process.cwd(), 'config'));
const denver = registry.versionsOf('denver')[0];
const sealed = { $sealed: 'aes-256-gcm/v1' as const, data: 'AAEC' };
const referralId = randomUUID();
const participantId = randomUUID();

function stored(streamId: string, events: Array<ReferralEvent | ParticipantEvent>): RecordedEvent[] {
  return events.map((event, revision) => ({
    eventId: newEventId(),
    type: event.type,
    schemaVersion: 1,
    data: event,
    metadata: {
      correlationId: randomUUID(),
      jurisdiction: 'denver',
      participantId,
      actor: { subject: 'officer-17', agency: 'DPD', role: 'officer' },
    },
    streamId,
    streamRevision: revision,
    position: { commit: 1n, prepare: BigInt(revision) },
    recordedAt: new Date('2024-03-01T10:00:00.000Z'),
    hash: '',
    previousHash: '',
  }));
}

function walk(commands: ReferralCommand[]): ReferralEvent[] {
  const events: ReferralEvent[] = [];
  let state: ReferralState = referralDecider.initialState;
  for (const command of commands) {
    const decided = referralDecider.decide(command, state);
    state = decided.reduce(referralDecider.evolve, state);
    events.push(...decided);
  }
  return events;
}

const intake = (over: Partial<ReferralIntake> = {}): ReferralIntake => ({
  jurisdiction: 'denver',
  protocol: denver,
  district: denver.districts[0].id,
  door: 'arrest_diversion',
  referredAt: '2024-03-01T10:00:00.000Z',
  referrer: { subject: 'officer-17', agency: denver.doors.arrest_diversion.referrers[0] },
  offenseCode: denver.divertibleOffenses[0],
  area: 'D6-CAPITOL-HILL',
  answers: {
    ageAtReferral: 34,
    drugQuantity: { form: 'heroin', grams: 0.5 },
    deliveryForProfit: false,
    exploitingMinors: false,
    promotingProstitution: false,
    violentHistory: [],
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
    referralId,
    participantId,
    intake: admitted,
    identity: sealed,
    probableCause: admitted.offenseCode === null ? null : sealed,
    sealedAnswers: sealed,
  };
};

function publish(events: RecordedEvent[]): IntegrationEvent[] {
  const published = events
    .map((event) => referralsPublication.map(event))
    .filter((e): e is IntegrationEvent => e !== null);
  for (const event of published) {
    const validation = validateIntegrationEvent(event, referralsPublication.topic);
    expect({ type: event.type, problems: validation.valid ? [] : validation.problems }).toEqual({
      type: event.type,
      problems: [],
    });
  }
  return published;
}

describe('the referrals publication', () => {
  it("publishes a Denver arrest diversion's whole journey as contract-valid events, nothing personal", () => {
    const events = walk([
      record(),
      { type: 'AnswerOffer', accepted: true, at: '2024-03-01T10:05:00.000Z' },
      { type: 'RecordLeadLineCall', at: '2024-03-01T10:06:00.000Z' },
      {
        type: 'RecordCaseManagerArrival',
        at: '2024-03-01T10:31:00.000Z',
        caseManager: { subject: 'cm-3', agency: 'ARTS', agencyIsProvider: true },
      },
      { type: 'RelinquishCustody', at: '2024-03-01T10:35:00.000Z' },
      {
        type: 'ApplyProsecutorDecision',
        jurisdiction: 'denver',
        eligible: true,
        basis: 'confirmed',
        reasonCode: 'meets_protocol',
        prosecutor: { subject: 'ada-2', agency: 'DDA' },
        at: '2024-03-01T12:00:00.000Z',
      },
    ]);
    const published = publish(stored(`referral-${referralId}`, events));
    expect(published.map((e) => e.type)).toEqual([
      'lead.referral.recorded',
      'lead.referral.screened',
      'lead.referral.offer-accepted',
      'lead.referral.handed-off',
      'lead.referral.prosecutor-eligibility-decided',
      'lead.referral.accepted',
    ]);
    expect(published.every((e) => e.participantId === participantId && e.jurisdiction === 'denver')).toBe(true);
    expect(published[3]).toMatchObject({
      schemaVersion: 2,
      data: {
        referralId,
        calledAt: '2024-03-01T10:06:00.000Z',
        arrivedAt: '2024-03-01T10:31:00.000Z',
        minutesFromCall: 25,
        targetMinutes: denver.handOffTargetMinutes,
        caseManagerAgency: 'ARTS',
      },
    });
    const wire = JSON.stringify(published);
    expect(wire).not.toContain('AAEC');
    expect(wire).not.toContain('heroin');
  });

  it('publishes an ineligible social contact and a decline as contract-valid events, and is the same message when mapped again', () => {
    const social = walk([
      record({
        door: 'social_contact',
        offenseCode: null,
        referrer: { subject: 'officer-17', agency: denver.doors.social_contact.referrers[0] },
      }),
    ]);
    const declined = walk([record(), { type: 'AnswerOffer', accepted: false, at: '2024-03-01T10:05:00.000Z' }]);
    const ineligible = walk([
      record({
        door: 'social_contact',
        offenseCode: null,
        referrer: { subject: 'officer-17', agency: denver.doors.social_contact.referrers[0] },
        answers: { ...intake().answers, amenable: false },
      }),
    ]);
    const events = stored(`referral-${referralId}`, [...social, ...declined, ...ineligible]);
    const published = publish(events);
    expect(published.map((e) => e.type)).toContain('lead.referral.offer-declined');
    expect(
      published.filter((e) => e.type === 'lead.referral.closed').map((e) => (e.data as { reason: string }).reason),
    ).toEqual(['declined_by_person', 'ineligible']);
    expect(publish(events)).toEqual(published);
  });

  it('publishes a participant merge, and keeps registration internal', () => {
    const other = randomUUID();
    const registered = participantDecider.decide(
      {
        type: 'RegisterParticipant',
        participantId: other,
        jurisdiction: 'denver',
        at: '2024-03-01T10:00:00.000Z',
      },
      participantDecider.initialState,
    );
    const state = registered.reduce(participantDecider.evolve, participantDecider.initialState);
    const merged = participantDecider.decide(
      {
        type: 'MergeParticipant',
        into: participantId,
        mergedBy: { subject: 'admin-1', agency: 'OBHS' },
        reasonCode: 'same_person_confirmed',
        at: '2024-03-02T09:00:00.000Z',
      },
      state,
    );
    const published = publish(stored(`participant-${other}`, [...registered, ...merged]));
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      type: 'lead.participant.merged',
      participantId: other,
      data: { mergedInto: participantId, reasonCode: 'same_person_confirmed' },
    });
  });
});
