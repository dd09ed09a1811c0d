import { publishCaseOpened, publishConsentRecorded, publishIntakeCompleted } from '@lead/testing';
import { MatterTimers } from '../src/prosecution-matter/matter-timers/matter-timers.js';
import { matterIdFor, matterStream } from '../src/prosecution-matter/prosecution-matter.repository.js';
import {
  call,
  configWithSealingWait,
  eventually,
  recordReferral,
  startProsecutionApp,
  type ProsecutionApp,
} from './prosecution-app.js';

const DAY = 86_400_000;

/*
 * A prosecutor's decline that makes the arrest sealable on a later day arms the sealing timer before its append as
 * well as after: a process that dies between the append and the arming after it (injected here: the arming after
 * the append fails) still seals on the day the rule says.
 */
describe('the sealing timer across a crash after the decline', () => {
  let app: ProsecutionApp | undefined;
  let config: ReturnType<typeof configWithSealingWait>;

  beforeAll(async () => {
    config = configWithSealingWait(10);
    app = await startProsecutionApp({ JURISDICTIONS_CONFIG_DIR: config.dir }, new Date('2026-12-02T20:00:00.000Z'));
  });
  afterAll(async () => {
    await app?.close();
    config?.remove();
  });

  it('seals ten days after the decline though the arming after the append failed', async () => {
    const on = app!;
    const da = await on.token('prosecutor', ['test-sealing-wait'], { subject: 'dda-4', agency: 'DDA' });
    const referral = await recordReferral(on.store, {
      jurisdiction: 'test-sealing-wait',
      protocolVersion: '2026-12',
      referredAt: '2026-12-02T16:00:00.000Z',
    });
    const testCase = await publishCaseOpened(on.store, referral, 'ARTS', '2026-12-02T18:00:00.000Z');
    await publishConsentRecorded(on.store, testCase, ['DDA'], '2026-12-02T18:30:00.000Z');
    await publishIntakeCompleted(on.store, testCase, '2026-12-02T19:00:00.000Z');
    const matterId = matterIdFor(referral.referralId);
    const matter = () => call(on, 'GET', `/v1/matters/${matterId}`, da);
    await eventually(
      matter,
      (answer) => (answer.body.charge as { status?: string } | undefined)?.status === 'awaiting_decision',
      'the charge to await the decision after the disclosed intake',
    );

    // Every arming once the decline is stored fails, as if the process died between the append and the arming
    // after it; an arming before the append goes through.
    const timers = on.app.get(MatterTimers);
    const arm = timers.arm.bind(timers);
    timers.arm = async (...args) => {
      const stored = (await on.store.readStream(matterStream(matterId))).map((e) => e.type);
      if (stored.includes('ChargeDeclined')) throw new Error('killed between the append and the arming after it');
      return arm(...args);
    };
    const declined = await call(on, 'POST', `/v1/matters/${matterId}/charge-decision`, da, {
      decision: 'decline',
      declineReason: 'prosecutorial_discretion',
    });
    expect(declined.status).toBe(500);
    timers.arm = arm;
    const types = (await on.store.readStream(matterStream(matterId))).map((e) => e.type);
    expect(types.slice(-1)).toEqual(['ChargeDeclined']);
    const { rows } = await on.db.query<{ due_at: Date }>(
      `SELECT due_at FROM "${on.schema}".scheduled_timers WHERE timer_id = $1 AND fired_at IS NULL`,
      [`sealing:${matterId}`],
    );
    // Declined on 2 December (Denver); sealable from the start of 12 December there (MST).
    expect(rows.map((r) => r.due_at.toISOString())).toEqual(['2026-12-12T07:00:00.000Z']);

    on.clock.advance(11 * DAY);
    const sealable = await eventually(
      matter,
      (answer) => answer.body.sealing !== null,
      'the arrest to become sealable on its day',
    );
    expect(sealable.body.sealing).toMatchObject({ eligibleOn: '2026-12-12', effect: 'sealable_on_request' });
  });
});
