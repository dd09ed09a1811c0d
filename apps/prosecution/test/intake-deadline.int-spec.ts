import { TOPICS, validateIntegrationEvent, type IntegrationEvent } from '@lead/contracts';
import { StreamNotFound, type RecordedEvent } from '@lead/event-store';
import { decodeIntegrationEvent, receivedMessage, topicStream } from '@lead/messaging';
import {
  publishCaseEvent,
  publishCaseOpened,
  publishConsentRecorded,
  publishIntakeCompleted,
  type TestCase,
} from '@lead/testing';
import { matterIdFor, matterStream } from '../src/prosecution-matter/prosecution-matter.repository.js';
import {
  call,
  eventually,
  recordReferral,
  startProsecutionApp,
  type ProsecutionApp,
  type ReferralOptions,
  type TestReferral,
} from './prosecution-app.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/*
 * The held charge after enrolment, on the embedded bus: case management's case, consents and intake reach the
 * prosecutor's office as that service publishes them, and the intake counts for the charge only when a consent
 * names a prosecutor office. Denver's 2026-12 protocol declines the charge on such an intake within the deadline
 * (30 days, counted in local days in America/Denver); when the deadline runs out first, the durable timer releases
 * the charge, dated the instant the deadline ran out, once, even across a restart.
 */
describe('the intake deadline of a held charge', () => {
  let app: ProsecutionApp | undefined;
  let da: string;
  let cityAttorney: string;
  // Clocks start before the arrests they see; the service's clock drives its timers.
  const start = new Date('2026-12-02T16:30:00.000Z');

  beforeAll(async () => {
    app = await startProsecutionApp({ MESSAGING_MAX_ATTEMPTS: '2' }, start);
    da = await app.token('prosecutor', ['denver'], { subject: 'dda-4', agency: 'DDA' });
    cityAttorney = await app.token('prosecutor', ['denver'], { subject: 'dcao-2', agency: 'DCAO' });
  });
  afterAll(async () => {
    await app?.close();
  });

  /** The matter's events; none before the consumer opened it. */
  const matterEvents = (on: ProsecutionApp, referral: TestReferral): Promise<RecordedEvent[]> =>
    on.store.readStream(matterStream(matterIdFor(referral.referralId))).catch((error: unknown) => {
      if (error instanceof StreamNotFound) return [];
      throw error;
    });
  const matter = (on: ProsecutionApp, referral: TestReferral, token = da) =>
    call(on, 'GET', `/v1/referrals/${referral.referralId}/matter`, token);
  const published = async (on: ProsecutionApp, referral: TestReferral): Promise<IntegrationEvent[]> =>
    (await on.store.readStream(topicStream(TOPICS.prosecution)))
      .map((event) => decodeIntegrationEvent(receivedMessage(event)))
      .filter((event) => event.participantId === referral.participantId);

  /** A Denver arrest diversion under the 2026-12 protocol, its matter opened, its case opened by ARTS. */
  async function enrolled(
    on: ProsecutionApp,
    options: ReferralOptions = {},
  ): Promise<{ referral: TestReferral; testCase: TestCase }> {
    const referral = await recordReferral(on.store, {
      protocolVersion: '2026-12',
      referredAt: '2026-12-02T16:00:00.000Z',
      ...options,
    });
    const testCase = await publishCaseOpened(on.store, referral, 'ARTS', '2026-12-02T18:00:00.000Z');
    await eventually(
      () => matterEvents(on, referral),
      (events) => events.some((e) => e.type === 'CaseLinked'),
      `the case of referral ${referral.referralId} to reach its matter`,
    );
    return { referral, testCase };
  }

  it('declines the charge on an intake disclosed in the last instant of the deadline day, and shows it to the office the consent names', async () => {
    const on = app!;
    const { referral, testCase } = await enrolled(on);
    const opened = await matter(on, referral);
    expect(opened.body).toMatchObject({
      protocolVersion: '2026-12',
      charge: {
        status: 'held',
        heldOn: '2026-12-02',
        intakeDeadline: '2027-01-01',
        // The end of 1 January in Denver (MST, UTC-7).
        deadlineRunsOutAt: '2027-01-02T07:00:00.000Z',
      },
      intake: null,
    });
    await publishConsentRecorded(on.store, testCase, ['DPD', 'DDA'], '2026-12-03T17:00:00.000Z');
    // 23:59:59.999 on 1 January in Denver: already 2 January in UTC, still in time.
    await publishIntakeCompleted(on.store, testCase, '2027-01-02T06:59:59.999Z');
    const declined = await eventually(
      () => matter(on, referral),
      (answer) => (answer.body.charge as { status: string }).status === 'declined',
      'the charge to be declined',
    );
    expect(declined.body).toMatchObject({
      charge: { status: 'declined', declined: { reason: 'intake_completed', on: '2027-01-01' }, released: null },
      intake: { completedOn: '2027-01-02', disclosedAt: '2027-01-02T06:59:59.999Z', inTime: true },
    });
    // The city attorney's office, which the consent does not name, sees the charge's course but not the intake.
    expect((await matter(on, referral, cityAttorney)).body).toMatchObject({
      charge: { status: 'declined' },
      intake: null,
    });
    const outcomes = await eventually(
      () => published(on, referral),
      (events) => events.some((e) => e.type === 'lead.prosecution.charge-declined'),
      'the decline to be published',
    );
    const decline = outcomes.find((e) => e.type === 'lead.prosecution.charge-declined')!;
    expect(validateIntegrationEvent(decline, TOPICS.prosecution)).toMatchObject({ valid: true });
    expect(decline.data).toEqual({
      matterId: matterIdFor(referral.referralId),
      reason: 'intake_completed',
      declinedOn: '2027-01-01',
    });
    // Nothing is left armed for a declined charge: the deadline's timer fires and releases nothing.
    on.clock.set(new Date('2027-01-02T09:00:00.000Z'));
    await eventually(
      async () =>
        (
          await on.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM "${on.schema}".scheduled_timers WHERE fired_at IS NULL AND timer_id = $1`,
            [`intake-deadline:${matterIdFor(referral.referralId)}`],
          )
        ).rows[0]!.n,
      (n) => n === 0,
      'the deadline timer to settle',
    );
    expect((await matterEvents(on, referral)).map((e) => e.type)).not.toContain('ChargeReleased');
    on.clock.set(start);
  });

  it('does not count an intake recorded at the instant the deadline ran out, nor one no consent discloses to a prosecutor office; the timer releases both charges then', async () => {
    const on = app!;
    const late = await enrolled(on);
    await publishConsentRecorded(on.store, late.testCase, ['DDA'], '2026-12-03T17:00:00.000Z');
    await publishIntakeCompleted(on.store, late.testCase, '2027-01-02T07:00:00.000Z');
    const undisclosed = await enrolled(on);
    await publishConsentRecorded(on.store, undisclosed.testCase, ['DPD'], '2026-12-03T17:00:00.000Z');
    await publishIntakeCompleted(on.store, undisclosed.testCase, '2026-12-10T17:00:00.000Z');
    for (const { referral } of [late, undisclosed]) {
      await eventually(
        () => matterEvents(on, referral),
        (events) => events.some((e) => e.type === 'IntakeReported'),
        'the intake to reach the matter',
      );
      expect((await matter(on, referral)).body).toMatchObject({ charge: { status: 'held' } });
    }
    expect((await matter(on, late.referral)).body.intake).toMatchObject({ inTime: false });
    expect((await matter(on, undisclosed.referral)).body.intake).toBeNull();

    // The deadline ran out at 07:00 UTC; the timer waits the grace for late messages (60 minutes) and releases.
    on.clock.set(new Date(Date.parse('2027-01-02T07:00:00.000Z') + 61 * MINUTE));
    for (const { referral } of [late, undisclosed]) {
      const released = await eventually(
        () => matter(on, referral),
        (answer) => (answer.body.charge as { status: string }).status === 'released',
        'the charge to be released at the deadline',
      );
      expect(released.body.charge).toMatchObject({
        released: { reason: 'intake_deadline_passed', on: '2027-01-02' },
      });
      const release = (await matterEvents(on, referral)).filter((e) => e.type === 'ChargeReleased');
      expect(release.map((e) => e.data)).toEqual([
        expect.objectContaining({ reason: 'intake_deadline_passed', at: '2027-01-02T07:00:00.000Z' }),
      ]);
    }
    on.clock.set(start);
  });

  it('releases, at the instant the deadline ran out, a charge whose deadline passed while the service was down, across the change to daylight time, once', async () => {
    // Arrested 1 March 2027 at 13:00 in Denver; 30 days end with 31 March, on daylight time since 14 March.
    const first = await startProsecutionApp({}, new Date('2027-03-01T20:30:00.000Z'));
    let second: ProsecutionApp | undefined;
    try {
      const { referral } = await enrolled(first, { referredAt: '2027-03-01T20:00:00.000Z' });
      const held = await matter(first, referral);
      expect(held.body.charge).toMatchObject({
        intakeDeadline: '2027-03-31',
        deadlineRunsOutAt: '2027-04-01T06:00:00.000Z',
      });
      const { rows } = await first.db.query<{ due_at: Date }>(
        `SELECT due_at FROM "${first.schema}".scheduled_timers WHERE timer_id = $1 AND fired_at IS NULL`,
        [`intake-deadline:${matterIdFor(referral.referralId)}`],
      );
      expect(rows.map((r) => r.due_at.toISOString())).toEqual(['2027-04-01T07:00:00.000Z']);
      const env = first.env;
      await first.app.close();
      await first.db.end();

      // Up again, a new process, three days after the deadline ran out.
      second = await startProsecutionApp({ ...env }, new Date(Date.parse('2027-04-01T06:00:00.000Z') + 3 * DAY));
      const on = second;
      const released = await eventually(
        () => matterEvents(on, referral),
        (events) => events.some((e) => e.type === 'ChargeReleased'),
        'the charge to be released after the restart',
      );
      expect(released.filter((e) => e.type === 'ChargeReleased').map((e) => e.data)).toEqual([
        expect.objectContaining({
          reason: 'intake_deadline_passed',
          releasedOn: '2027-04-01',
          at: '2027-04-01T06:00:00.000Z',
        }),
      ]);
      const outcome = await eventually(
        () => published(on, referral),
        (events) => events.some((e) => e.type === 'lead.prosecution.charge-released'),
        'the release to be published',
      );
      expect(outcome.filter((e) => e.type === 'lead.prosecution.charge-released')).toHaveLength(1);
      // The intake that comes after the release is noted, and the charge stays released.
      const testCaseId = (released.find((e) => e.type === 'CaseLinked')!.data as { caseId: string }).caseId;
      const testCase: TestCase = {
        caseId: testCaseId,
        referralId: referral.referralId,
        participantId: referral.participantId,
        jurisdiction: 'denver',
        correlationId: referral.correlationId,
      };
      await publishIntakeCompleted(on.store, testCase, '2027-04-03T17:00:00.000Z');
      await eventually(
        () => matterEvents(on, referral),
        (events) => events.some((e) => e.type === 'IntakeReported'),
        'the late intake to be noted',
      );
      expect((await matterEvents(on, referral)).filter((e) => e.type === 'ChargeReleased')).toHaveLength(1);
    } finally {
      await second?.close();
    }
  });

  it('leaves the charge to the prosecutor after an intake in time under a protocol version that says so, who then declines it once', async () => {
    const on = app!;
    // Denver's 2018-07 protocol (before the setting) awaits the prosecutor's decision.
    const { referral, testCase } = await enrolled(on, {
      protocolVersion: '2018-07',
      referredAt: '2026-11-20T16:00:00.000Z',
    });
    await publishConsentRecorded(on.store, testCase, ['DCAO', 'DDA'], '2026-11-25T17:00:00.000Z');
    await publishIntakeCompleted(on.store, testCase, '2026-11-28T17:00:00.000Z');
    const awaiting = await eventually(
      () => matter(on, referral),
      (answer) => (answer.body.charge as { status: string }).status === 'awaiting_decision',
      'the charge to await the decision',
    );
    const matterId = awaiting.body.matterId as string;
    expect(awaiting.body.charge).toMatchObject({ intakeDeadline: '2026-12-20' });
    const decide = (body: Record<string, unknown>, token = da) =>
      call(on, 'POST', `/v1/matters/${matterId}/charge-decision`, token, body);
    expect(await decide({ decision: 'decline' })).toMatchObject({
      status: 422,
      body: { code: 'decline_reason_required' },
    });
    const declined = await decide({ decision: 'decline', declineReason: 'prosecutorial_discretion' }, cityAttorney);
    expect(declined).toMatchObject({
      status: 200,
      body: { charge: { status: 'declined', declined: { reason: 'prosecutorial_discretion', on: '2026-12-02' } } },
    });
    expect(await decide({ decision: 'file' })).toMatchObject({ status: 422, body: { code: 'charge_not_to_decide' } });
    const events = await matterEvents(on, referral);
    expect(events.find((e) => e.type === 'ChargeDeclined')!.metadata).toMatchObject({
      actor: { subject: 'dcao-2', agency: 'DCAO', role: 'prosecutor' },
    });
  });

  it('passes over the case of a social contact referral, which has no matter', async () => {
    const on = app!;
    const referral = await recordReferral(on.store, {
      door: 'social_contact',
      protocolVersion: '2026-12',
      referredAt: '2026-12-02T16:00:00.000Z',
    });
    const testCase = await publishCaseOpened(on.store, referral, 'ARTS', '2026-12-02T18:00:00.000Z');
    await publishConsentRecorded(on.store, testCase, ['DDA'], '2026-12-03T17:00:00.000Z');
    const marker = await enrolled(on);
    // Consumed in order on the one topic: once a later case is linked, the social contact's messages were handled.
    await publishCaseEvent(
      on.store,
      marker.testCase,
      'lead.case.exited',
      {
        caseId: marker.testCase.caseId,
        reason: 'transitioned_out',
        exitedAt: '2026-12-04T17:00:00.000Z',
      },
      '2026-12-04T17:00:00.000Z',
    );
    await eventually(
      () => matterEvents(on, marker.referral),
      (events) => events.some((e) => e.type === 'ParticipationEndedNoted'),
      'the later case to be followed',
    );
    const { rows } = await on.db.query(
      `SELECT count(*)::int AS n FROM "${on.schema}".dead_letters WHERE consumer_group = 'lead.prosecution.cases'`,
    );
    expect(rows[0]).toEqual({ n: 0 });
  });
});
