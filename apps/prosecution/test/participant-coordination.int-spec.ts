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
import { coordinationStream } from '../src/participant-coordination/participant-coordination.repository.js';
import { call, eventually, recordReferral, startProsecutionApp, type ProsecutionApp } from './prosecution-app.js';

const PURPOSE = { 'X-Purpose-Of-Use': 'prosecution-coordination' };

/*
 * A participant's legal matters on the embedded bus: case management's case, consent and intake reach the
 * prosecutor's office as that service publishes them (a social contact: a case, no prosecution matter); a DA
 * records a new charge; the liaison (Denver's DCAO) sees the participation status only under a consent naming it,
 * coordinates the charge with the plan (published for case management), and a deferral comes back once, after a
 * restart.
 */
describe('participant coordination', () => {
  let app: ProsecutionApp | undefined;
  let da: string;
  let liaison: string;
  const start = new Date('2026-12-02T16:30:00.000Z');

  beforeAll(async () => {
    app = await startProsecutionApp({}, start);
    da = await app.token('prosecutor', ['denver'], { subject: 'dda-4', agency: 'DDA' });
    liaison = await app.token('prosecutor', ['denver'], { subject: 'dcao-2', agency: 'DCAO' });
  });
  afterAll(async () => {
    await app?.close();
  });

  const events = (on: ProsecutionApp, participantId: string): Promise<RecordedEvent[]> =>
    on.store.readStream(coordinationStream(participantId)).catch((error: unknown) => {
      if (error instanceof StreamNotFound) return [];
      throw error;
    });
  const published = async (on: ProsecutionApp, participantId: string): Promise<IntegrationEvent[]> =>
    (await on.store.readStream(topicStream(TOPICS.prosecution)).catch(() => []))
      .map((event) => decodeIntegrationEvent(receivedMessage(event)))
      .filter((event) => event.participantId === participantId);

  /** A Denver social contact with a case by ARTS, a consent naming `recipients`, and the intake. */
  async function enrolled(
    on: ProsecutionApp,
    recipients: string[],
  ): Promise<{ testCase: TestCase; consentId: string }> {
    const referral = await recordReferral(on.store, {
      door: 'social_contact',
      protocolVersion: '2026-12',
      referredAt: '2026-12-01T16:00:00.000Z',
    });
    const testCase = await publishCaseOpened(on.store, referral, 'ARTS', '2026-12-01T18:00:00.000Z');
    const consentId = await publishConsentRecorded(on.store, testCase, recipients, '2026-12-01T18:30:00.000Z');
    await publishIntakeCompleted(on.store, testCase, '2026-12-01T19:00:00.000Z');
    await eventually(
      () => events(on, testCase.participantId),
      (e) => e.some((x) => x.type === 'IntakeNoted'),
      'the case, consent and intake to reach the coordination',
    );
    return { testCase, consentId };
  }

  const recordCharge = (on: ProsecutionApp, participantId: string, token = da, body: Record<string, unknown> = {}) =>
    call(on, 'POST', `/v1/participants/${participantId}/legal-matters`, token, {
      kind: 'new_charge',
      jurisdiction: 'denver',
      offenseCode: 'CO-18-4-401-PETTY',
      occurredOn: '2026-12-01',
      ...body,
    });
  const status = (on: ProsecutionApp, participantId: string, token = liaison) =>
    call(on, 'GET', `/v1/participants/${participantId}/coordination/participation-status`, token, undefined, PURPOSE);

  it('a new charge of an enrolled participant, coordinated by the liaison, who sees the status under consent and not after its revocation', async () => {
    const on = app!;
    const { testCase, consentId } = await enrolled(on, ['DCAO']);
    const { participantId } = testCase;

    // Nothing recorded yet: the coordination answers 404, with no hint that a case exists.
    expect((await call(on, 'GET', `/v1/participants/${participantId}/coordination`, da)).status).toBe(404);

    const recorded = await recordCharge(on, participantId);
    expect(recorded.status).toBe(201);
    const [matter] = recorded.body.legalMatters as Array<Record<string, unknown>>;
    expect(matter).toMatchObject({
      kind: 'new_charge',
      offenseCode: 'CO-18-4-401-PETTY',
      occurredOn: '2026-12-01',
      recordingOffice: 'DDA',
      status: 'awaiting_decision',
    });
    expect(recorded.body).not.toHaveProperty('participationStatus');
    const legalMatterId = matter!.legalMatterId as string;

    // The liaison, under the consent naming DCAO: the status, audited, with the §2.32 notice.
    const seen = await status(on, participantId);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({
      participantId,
      status: { enrolled: true, engaged: true, exited: false },
      consent: { consentId },
    });
    // The DA's office is not the liaison, nor named by the consent: nothing, as for a participant never seen.
    expect((await status(on, participantId, da)).status).toBe(404);

    // Only the liaison decides.
    const byDa = await call(
      on,
      'POST',
      `/v1/participants/${participantId}/legal-matters/${legalMatterId}/decision`,
      da,
      {
        decision: 'coordinate',
        reasonCode: 'plan_addresses_conduct',
      },
    );
    expect(byDa).toMatchObject({ status: 422, body: { code: 'not_the_liaison' } });
    const coordinated = await call(
      on,
      'POST',
      `/v1/participants/${participantId}/legal-matters/${legalMatterId}/decision`,
      liaison,
      { decision: 'coordinate', reasonCode: 'plan_addresses_conduct' },
    );
    expect(coordinated.status).toBe(200);
    expect((coordinated.body.legalMatters as Array<Record<string, unknown>>)[0]).toMatchObject({
      status: 'coordinate',
      since: '2026-12-02',
    });
    const out = await eventually(
      () => published(on, participantId),
      (e) => e.some((x) => x.type === 'lead.prosecution.legal-matter-coordinated'),
      'the coordination to be published',
    );
    const message = out.find((x) => x.type === 'lead.prosecution.legal-matter-coordinated')!;
    expect(validateIntegrationEvent(message, TOPICS.prosecution).valid).toBe(true);
    expect(message.data).toEqual({ legalMatterId, kind: 'new_charge', status: 'coordinate', since: '2026-12-02' });

    // The consent revoked for DCAO: the liaison still sees the legal matter, never the status.
    await publishCaseEvent(
      on.store,
      testCase,
      'lead.case.consent-revoked',
      { caseId: testCase.caseId, consentId, recipients: ['DCAO'], revokedAt: '2026-12-02T16:00:00.000Z' },
      '2026-12-02T16:00:00.000Z',
    );
    await eventually(
      () => events(on, participantId),
      (e) => e.some((x) => x.type === 'ConsentRevocationNoted'),
      'the revocation to reach the coordination',
    );
    expect((await status(on, participantId)).status).toBe(404);
    const after = await call(on, 'GET', `/v1/participants/${participantId}/coordination`, liaison);
    expect(after.status).toBe(200);
    expect(JSON.stringify(after.body)).not.toMatch(/enrolled|engaged|consent/);

    // The reads were audited: one disclosed, then withheld.
    const audit = (await on.store.readStream(`audit-${participantId}`)).map((e) => e.data as Record<string, unknown>);
    expect(audit.map((e) => e.outcome)).toEqual(['disclosed', 'withheld', 'withheld']);
  });

  it('refuses an offense outside the catalogue, and a participant of another jurisdiction answers 404', async () => {
    const on = app!;
    const { testCase } = await enrolled(on, ['DCAO']);
    const refused = await recordCharge(on, testCase.participantId, da, { offenseCode: 'CO-NOT-AN-OFFENSE' });
    expect(refused).toMatchObject({ status: 422, body: { code: 'offense_not_catalogued' } });
    const other = await on.token('prosecutor', ['san-luis-valley'], { subject: 'da12-1', agency: 'DA12' });
    expect((await recordCharge(on, testCase.participantId, other, { jurisdiction: 'san-luis-valley' })).status).toBe(
      404,
    );
  });

  it('brings a deferred matter back for a decision on its day, once, after a restart', async () => {
    const first = await startProsecutionApp({}, start);
    let second: ProsecutionApp | undefined;
    try {
      const { testCase } = await enrolled(first, ['DCAO']);
      const token = await first.token('prosecutor', ['denver'], { subject: 'dcao-2', agency: 'DCAO' });
      const recorded = await recordCharge(first, testCase.participantId, token, {
        kind: 'warrant',
        offenseCode: undefined,
      });
      const legalMatterId = (recorded.body.legalMatters as Array<{ legalMatterId: string }>)[0]!.legalMatterId;
      const deferred = await call(
        first,
        'POST',
        `/v1/participants/${testCase.participantId}/legal-matters/${legalMatterId}/decision`,
        token,
        { decision: 'defer', reasonCode: 'awaiting_treatment_start', deferUntil: '2026-12-05' },
      );
      expect(deferred.status).toBe(200);
      expect((deferred.body.legalMatters as Array<Record<string, unknown>>)[0]).toMatchObject({
        status: 'deferred',
        deferral: { until: '2026-12-05', reviewAt: '2026-12-05T07:00:00.000Z' },
      });
      const env = first.env;
      await first.app.close();
      await first.db.end();

      // Up again, a new process, after the deferral's day began in Denver.
      second = await startProsecutionApp({ ...env }, new Date('2026-12-06T12:00:00.000Z'));
      const on = second;
      const due = await eventually(
        () => events(on, testCase.participantId),
        (e) => e.some((x) => x.type === 'DeferralCameDue'),
        'the deferral to come due after the restart',
      );
      expect(due.filter((x) => x.type === 'DeferralCameDue').map((x) => x.data)).toEqual([
        { type: 'DeferralCameDue', legalMatterId, deferredUntil: '2026-12-05', at: '2026-12-05T07:00:00.000Z' },
      ]);
      const again = await call(on, 'GET', `/v1/participants/${testCase.participantId}/coordination`, token);
      expect((again.body.legalMatters as Array<Record<string, unknown>>)[0]).toMatchObject({
        status: 'awaiting_decision',
        since: '2026-12-05',
      });
    } finally {
      await second?.close();
    }
  });
});
