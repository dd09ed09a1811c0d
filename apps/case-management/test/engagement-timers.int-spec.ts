import { caseStream, CaseRepository } from '../src/case/case.repository.js';
import { ServiceTimers } from '@lead/scheduling/service';
import {
  acceptedReferral,
  call,
  eventually,
  startCaseManagementApp,
  type CaseManagementApp,
} from './case-management-app.js';

const DAY = 86_400_000;

/*
 * The move to low and inactive is fired by the durable scheduler at its instant: the timers are rows in the
 * service's schema, so a service stopped before the instant and started again after it (another process) fires each
 * one, once.
 */
describe('engagement timers across a restart', () => {
  let first: CaseManagementApp | undefined;
  let second: CaseManagementApp | undefined;
  const start = new Date(Date.now() - 40 * DAY);

  afterAll(async () => {
    await first?.app.close();
    await second?.close();
  });

  it('fires the day counts that passed while the service was down, each exactly once, at its instant', async () => {
    first = await startCaseManagementApp({}, start);
    const { caseId } = await acceptedReferral(first, { handOffAgency: 'ARTS' });
    const [opened] = await first.store.readStream(caseStream(caseId));
    const openedAt = Date.parse((opened!.data as { openedAt: string }).openedAt);
    const { rows } = await first.db.query<{ timer_id: string }>(
      `SELECT timer_id FROM "${first.schema}".scheduled_timers WHERE fired_at IS NULL ORDER BY due_at`,
    );
    expect(rows.map((r) => r.timer_id)).toEqual([
      `engagement:${caseId}:${new Date(openedAt + 14 * DAY).toISOString()}`,
      `engagement:${caseId}:${new Date(openedAt + 30 * DAY).toISOString()}`,
    ]);
    // Down before the first day count; its database, timers and all, stays.
    const env = first.env;
    await first.app.close();
    await first.db.end();
    first = undefined;

    // Up again, a new process as far as the service knows, 31 days on: both counts passed while it was down.
    second = await startCaseManagementApp({ ...env }, new Date(openedAt + 31 * DAY));
    const app = second;
    const changes = await eventually(
      async () =>
        (await app.store.readStream(caseStream(caseId))).filter((event) => event.type === 'EngagementChanged'),
      (events) => events.length >= 2,
      'both day counts to fire',
    );
    expect(changes.map((e) => e.data)).toEqual([
      expect.objectContaining({ level: 'low', changedAt: new Date(openedAt + 14 * DAY).toISOString() }),
      expect.objectContaining({ level: 'inactive', changedAt: new Date(openedAt + 30 * DAY).toISOString() }),
    ]);
    // Fired and marked: nothing fires again, however long the worker runs on.
    await eventually(
      async () =>
        (
          await app.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM "${app.schema}".scheduled_timers WHERE fired_at IS NULL`,
          )
        ).rows[0]!.n,
      (pending) => pending === 0,
      'the timers to be marked fired',
    );
    app.clock.set(new Date(openedAt + 60 * DAY));
    const supervisor = await app.token('supervisor', ['denver'], { agency: 'ARTS', subject: 'arts-sup-1' });
    // A request through the same service proves it is running (and the worker with it).
    expect(
      (await call(app, 'POST', `/v1/cases/${caseId}/case-manager`, supervisor, { caseManager: 'arts-cm-1' })).status,
    ).toBe(200);
    const after = (await app.store.readStream(caseStream(caseId))).filter(
      (event) => event.type === 'EngagementChanged',
    );
    expect(after).toHaveLength(2);
  });

  it('re-engages a case whose timers had all fired even when the service dies between the append and the arming after it', async () => {
    const app = await startCaseManagementApp({}, new Date(Date.now() - 40 * DAY));
    try {
      const { caseId } = await acceptedReferral(app, { handOffAgency: 'ARTS' });
      const supervisor = await app.token('supervisor', ['denver'], { agency: 'ARTS', subject: 'arts-sup-1' });
      const caseManager = await app.token('case_manager', ['denver'], { agency: 'ARTS', subject: 'arts-cm-1' });
      await call(app, 'POST', `/v1/cases/${caseId}/case-manager`, supervisor, { caseManager: 'arts-cm-1' });
      const levels = async () =>
        (await app.store.readStream(caseStream(caseId)))
          .filter((event) => event.type === 'EngagementChanged')
          .map((event) => (event.data as { level: string }).level);
      app.clock.advance(31 * DAY);
      await eventually(levels, (seen) => seen.at(-1) === 'inactive', 'both day counts to fire');
      const pending = async () =>
        (
          await app.db.query<{ timer_id: string }>(
            `SELECT timer_id FROM "${app.schema}".scheduled_timers WHERE fired_at IS NULL ORDER BY due_at`,
          )
        ).rows.map((row) => row.timer_id);
      expect(await pending()).toEqual([]);

      // The "crash": once the contact is appended, every arming fails, as if the process died right there.
      const cases = app.app.get(CaseRepository);
      const schedule = app.app.get(ServiceTimers).schedule;
      const handle = cases.handle.bind(cases);
      const arm = schedule.schedule.bind(schedule);
      let appended = false;
      cases.handle = async (...args: Parameters<typeof handle>) => {
        const result = await handle(...args);
        appended = true;
        return result;
      };
      schedule.schedule = async (...args: Parameters<typeof arm>) => {
        if (appended) throw new Error('the process died after the append');
        return arm(...args);
      };
      const contactedAt = app.clock.now();
      const contact = await call(app, 'POST', `/v1/cases/${caseId}/contacts`, caseManager, {
        kind: 'phone',
        successful: true,
        contactedAt: contactedAt.toISOString(),
      });
      expect(contact.status).toBe(500);
      cases.handle = handle;
      schedule.schedule = arm;

      // The contact is stored, re-engaged, and its day counts were armed before the append.
      expect(await levels()).toEqual(['low', 'inactive', 'engaged']);
      expect(await pending()).toEqual([
        `engagement:${caseId}:${new Date(contactedAt.getTime() + 14 * DAY).toISOString()}`,
        `engagement:${caseId}:${new Date(contactedAt.getTime() + 30 * DAY).toISOString()}`,
      ]);
      app.clock.set(new Date(contactedAt.getTime() + 14 * DAY));
      await eventually(levels, (seen) => seen.at(-1) === 'low', 'the new day count to fire');
    } finally {
      await app.close();
    }
  });
});
