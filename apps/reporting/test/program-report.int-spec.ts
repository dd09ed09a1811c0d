import { randomUUID } from 'node:crypto';
import type { MessageSubject } from '@lead/testing';
import { ProgramFactProjection } from '../src/program-facts/program-fact-projection.js';
import { ProgramLog } from '../src/program-log/program-log.js';
import type { ProgramReport } from '../src/program-report/program-report.js';
import { ProgramFactsDiff } from '../src/read-model-diff/program-facts-diff.js';
import { ProgramFactsRebuild } from '../src/rebuild/program-facts-rebuild.js';
import { call, eventually, publish, startReportingApp, type ReportingApp } from './reporting-app.js';

const day = (d: string, time = '17:00:00Z') => `${d}T${time}`;

/**
 * A Denver quarter (2026-Q3) told as the other services publish it: 14 referrals by two doors and two districts,
 * screening, the prosecutor, the offer, hand-offs, enrolment, cases with intakes, a change of engagement, an exit, held
 * charges declined and released; one referral of the next quarter and one of another jurisdiction that must not count.
 */
describe('the program report', () => {
  let app: ReportingApp;
  let admin: string;
  let published = 0;
  const lateExitRecordedAt = '2026-11-15T10:00:00.000Z';

  async function send(subject: MessageSubject, type: Parameters<typeof publish>[2], data: unknown, time: string) {
    await publish(app, subject, type, data as never, time);
    published += 1;
  }

  beforeAll(async () => {
    app = await startReportingApp({}, new Date('2026-12-03T12:00:00Z'));
    admin = await app.token('program_admin', ['denver']);
    for (let i = 0; i < 14; i++) {
      const subject = { participantId: randomUUID(), jurisdiction: 'denver', correlationId: randomUUID() };
      const referralId = randomUUID();
      const referredAt = day(`2026-07-${String(i + 1).padStart(2, '0')}`);
      await send(
        subject,
        'lead.referral.recorded',
        {
          referralId,
          door: i < 10 ? 'arrest_diversion' : 'social_contact',
          district: i % 2 === 0 ? 'D1' : 'D2',
          referredBy: { agency: 'DPD', staffId: 'officer-1' },
          referredAt,
          ...(i < 10 ? { offenseCode: 'CO-18-18-403.5' } : {}),
          protocolVersion: '2026-12',
        },
        referredAt,
      );
      const excluded = i >= 12;
      await send(
        subject,
        'lead.referral.screened',
        {
          referralId,
          protocolVersion: '2026-12',
          outcome: excluded ? 'ineligible' : 'eligible',
          criteria: [
            { criterion: 'divertible_offense', outcome: 'pass' },
            { criterion: 'violent_history', outcome: excluded ? 'exclude' : 'pass' },
          ],
        },
        referredAt,
      );
      if (excluded) {
        await send(
          subject,
          'lead.referral.closed',
          { referralId, reason: 'ineligible', closedAt: referredAt },
          referredAt,
        );
        continue;
      }
      if (i < 10) {
        const overridden = i === 9;
        await send(
          subject,
          'lead.referral.prosecutor-eligibility-decided',
          {
            referralId,
            decision: overridden ? 'overridden' : 'confirmed',
            outcome: overridden ? 'ineligible' : 'eligible',
            reasonCode: overridden ? 'pending_case_elsewhere' : 'meets_protocol',
            prosecutorAgency: 'DDA',
            decidedAt: referredAt,
          },
          referredAt,
        );
        if (overridden) {
          await send(
            subject,
            'lead.referral.closed',
            { referralId, reason: 'prosecutor_found_ineligible', closedAt: referredAt },
            referredAt,
          );
          continue;
        }
      }
      if (i === 8) {
        await send(subject, 'lead.referral.offer-declined', { referralId, answeredAt: referredAt }, referredAt);
        await send(
          subject,
          'lead.referral.closed',
          { referralId, reason: 'declined_by_person', closedAt: referredAt },
          referredAt,
        );
        continue;
      }
      if (i > 8) continue; // social contacts 10 and 11: still open
      await send(subject, 'lead.referral.offer-accepted', { referralId, answeredAt: referredAt }, referredAt);
      const minutes = 10 + i * 5;
      await send(
        subject,
        'lead.referral.handed-off',
        {
          referralId,
          calledAt: referredAt,
          arrivedAt: referredAt,
          minutesFromCall: minutes,
          withinTarget: minutes <= 30,
          targetMinutes: 30,
          caseManagerAgency: 'ARTS',
        },
        referredAt,
      );
      await send(subject, 'lead.referral.accepted', { referralId, acceptedAt: referredAt }, referredAt);
      const caseId = randomUUID();
      const matterId = randomUUID();
      await send(
        subject,
        'lead.prosecution.charge-held',
        {
          matterId,
          referralId,
          offenseCode: 'CO-18-18-403.5',
          heldOn: referredAt.slice(0, 10),
          intakeDeadline: '2026-08-30',
        },
        referredAt,
      );
      await send(
        subject,
        'lead.case.opened',
        { caseId, referralId, providerAgency: 'ARTS', openedAt: referredAt },
        referredAt,
      );
      if (i <= 5) {
        const completedOn = `2026-07-${String(i + 10).padStart(2, '0')}`;
        await send(
          subject,
          'lead.case.intake-completed',
          {
            caseId,
            completedOn,
            deadline: { due: '2026-07-14', met: i <= 4 },
            releaseOfInformationSigned: true,
          },
          day(completedOn),
        );
      }
      if (i <= 4)
        await send(
          subject,
          'lead.prosecution.charge-declined',
          { matterId, reason: 'intake_completed', declinedOn: '2026-07-20' },
          day('2026-07-20'),
        );
      if (i === 6)
        await send(
          subject,
          'lead.prosecution.charge-released',
          { matterId, reason: 'intake_deadline_passed', releasedOn: '2026-08-30' },
          day('2026-08-30'),
        );
      // Service connections: one referred in July and closed in August (got help); one referred in June and never
      // changed since (not the quarter's); one referred in September and pending only in October (referred at the end).
      const connection = (serviceConnectionId: string, status: string, changedAt: string) =>
        send(
          subject,
          'lead.case.service-referral-status-changed',
          { caseId, serviceConnectionId, serviceCategory: 'housing', status, changedAt },
          changedAt,
        );
      if (i === 0) {
        const id = randomUUID();
        await connection(id, 'referred', day('2026-07-20'));
        await connection(id, 'got_help', day('2026-08-20'));
      }
      if (i === 1) await connection(randomUUID(), 'referred', day('2026-06-20'));
      if (i === 2) {
        const id = randomUUID();
        await connection(id, 'referred', day('2026-09-01'));
        await connection(id, 'pending', day('2026-10-05'));
      }
      if (i === 0)
        await send(
          subject,
          'lead.case.engagement-changed',
          { caseId, level: 'low', previousLevel: 'engaged', reengaged: false, changedOn: '2026-08-10' },
          day('2026-08-10'),
        );
      if (i === 7)
        await send(
          subject,
          'lead.case.exited',
          { caseId, reason: 'moved_away', exitedAt: day('2026-09-15') },
          day('2026-09-15'),
        );
      // Recorded in November, about September: a report as of 1 November does not know it.
      if (i === 6)
        await send(
          subject,
          'lead.case.exited',
          { caseId, reason: 'incarcerated', exitedAt: day('2026-09-20') },
          lateExitRecordedAt,
        );
    }
    const outside = [
      { jurisdiction: 'denver', referredAt: day('2026-10-01', '12:00:00Z') },
      // 1 October 03:00 UTC is still 30 September in Denver: it counts in Q3.
      { jurisdiction: 'denver', referredAt: day('2026-10-01', '03:00:00Z'), inQ3: true },
      { jurisdiction: 'hartford-new-haven', referredAt: day('2026-07-10') },
    ];
    for (const { jurisdiction, referredAt } of outside)
      await send(
        { participantId: randomUUID(), jurisdiction, correlationId: randomUUID() },
        'lead.referral.recorded',
        {
          referralId: randomUUID(),
          door: 'community',
          district: 'D1',
          referredBy: { agency: 'DPD', staffId: 'officer-1' },
          referredAt,
          protocolVersion: '2026-12',
        },
        referredAt,
      );
    await eventually(
      async () => (await app.db.query(`SELECT count(*)::int AS n FROM "${app.schema}".program_facts`)).rows[0].n,
      (n: number) => n === published,
      'every published event to be projected',
    );
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  const report = async (query: string, token = admin) => call(app, `/v1/reports/program?${query}`, token);

  it('counts the quarter exactly for a program admin, in Denver’s local days', async () => {
    const answer = await report('jurisdiction=denver&period=2026-Q3');
    expect(answer.status).toBe(200);
    const body = answer.body as unknown as ProgramReport;
    expect(body.period).toEqual({ label: '2026-Q3', kind: 'quarter', firstDay: '2026-07-01', lastDay: '2026-09-30' });
    expect(body.suppressedBelow).toBeNull();
    expect(body.referrals).toEqual({
      total: 15,
      byDoor: { arrest_diversion: 10, community: 1, social_contact: 4 },
      byDistrict: { D1: 8, D2: 7 },
    });
    expect(body.screening.eligible).toBe(12);
    expect(body.screening.ineligible).toBe(2);
    expect(body.screening.excludedBy).toEqual({ violent_history: 2 });
    expect(body.prosecutor).toEqual({ eligible: 9, ineligible: 1, overridden: 1 });
    expect(body.offers).toEqual({ accepted: 8, declined: 1 });
    expect(body.enrolment.enrolled).toBe(8);
    expect(body.enrolment.rate).toEqual({ value: 8 / 15, unstable: true });
    expect(body.enrolment.closedByReason).toEqual({
      aggrieved_party_disagreed: 0,
      declined_by_person: 1,
      ineligible: 2,
      prosecutor_found_ineligible: 1,
    });
    // Hand-offs of 10, 15, …, 45 minutes; type 7 quantiles.
    expect(body.handOff).toEqual({
      handOffs: 8,
      medianMinutes: 27.5,
      p90Minutes: 41.5,
      withinTarget: 5,
      withinTargetShare: { value: 5 / 8, unstable: true },
    });
    expect(body.intake).toEqual({
      completed: 6,
      withinDeadline: 5,
      missedDeadline: 1,
      withinDeadlineRate: { value: 5 / 6, unstable: true },
    });
    expect(body.charges).toMatchObject({ declined: 5, released: 1, filed: 0 });
    expect(body.charges.declinedByReason).toMatchObject({ intake_completed: 5 });
    expect(body.exits.total).toBe(2);
    expect(body.exits.byReason).toMatchObject({ moved_away: 1, incarcerated: 1 });
    expect(body.serviceConnections).toHaveLength(1);
    expect(body.serviceConnections[0]).toMatchObject({ category: 'housing', total: 2, closedLoop: 1 });
    expect(body.serviceConnections[0].byStatus).toMatchObject({ got_help: 1, referred: 1, pending: 0 });
    expect(body.participants).toEqual([
      { month: '2026-07', active: 8, engaged: 8, low: 0, inactive: 0 },
      { month: '2026-08', active: 8, engaged: 7, low: 1, inactive: 0 },
      { month: '2026-09', active: 6, engaged: 5, low: 1, inactive: 0 },
    ]);
  });

  it('answers as the program knew it at an earlier instant', async () => {
    const answer = await report('jurisdiction=denver&period=2026-Q3&asOf=2026-11-01T00:00:00Z');
    expect(answer.status).toBe(200);
    const body = answer.body as unknown as ProgramReport;
    expect(body.asOf).toBe('2026-11-01T00:00:00.000Z');
    expect(body.exits.total).toBe(1);
    expect(body.participants.at(-1)).toEqual({ month: '2026-09', active: 7, engaged: 6, low: 1, inactive: 0 });
    // Before anything was recorded: an empty quarter, not an error.
    const before = (await report('jurisdiction=denver&period=2026-Q3&asOf=2026-06-01T00:00:00Z'))
      .body as unknown as ProgramReport;
    expect(before.referrals.total).toBe(0);
    expect(before.handOff.medianMinutes).toBeNull();
  });

  it('withholds small cells and what would give them back from an evaluator, for closed periods only', async () => {
    const evaluator = await app.token('evaluator', ['denver']);
    const answer = await report('jurisdiction=denver&period=2026-Q3', evaluator);
    expect(answer.status).toBe(200);
    const body = answer.body as unknown as ProgramReport;
    expect(body.suppressedBelow).toBe(11);
    expect(body.referrals.total).toBe(15);
    expect(body.referrals.byDoor).toEqual({ arrest_diversion: null, community: null, social_contact: null });
    expect(body.enrolment.enrolled).toBeNull();
    expect(body.enrolment.rate.value).toBeNull();
    expect(body.handOff.medianMinutes).toBeNull();
    expect(body.handOff.p90Minutes).toBeNull();
    // Every count shown is 0 or at least 11.
    // Rates, indexes and their intervals are not counts (an index of exactly 1 is no one).
    const NOT_COUNTS = new Set(['suppressedBelow', 'value', 'index', 'lower', 'upper', 'medianMinutes', 'p90Minutes']);
    const counts: number[] = [];
    const walk = (value: unknown, key = ''): void => {
      if (typeof value === 'number' && Number.isInteger(value) && !NOT_COUNTS.has(key)) counts.push(value);
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
    };
    walk(body);
    expect(counts.filter((n) => n > 0 && n < 11)).toEqual([]);

    const asOf = await report('jurisdiction=denver&period=2026-Q3&asOf=2026-11-01T00:00:00Z', evaluator);
    expect(asOf.status).toBe(400);
    expect(asOf.body).toMatchObject({ errors: [{ field: 'asOf' }] });
    const open = await report('jurisdiction=denver&period=2026-Q4', evaluator);
    expect(open.status).toBe(400);
    expect(open.body).toMatchObject({ errors: [{ field: 'period' }] });
    // Quarters only (a year less three of its quarters is the fourth), as of the latest release (30 days after a
    // quarter's end: 2026-10-31 on the service's day, 2026-12-03): asked again tomorrow, the same answer.
    expect(body.asOf).toBe('2026-10-31T00:00:00.000Z');
    for (const period of ['2026', '2026-08'])
      expect((await report(`jurisdiction=denver&period=${period}`, evaluator)).body).toMatchObject({
        status: 400,
        errors: [{ field: 'period' }],
      });
  });

  it('answers 404 for another jurisdiction, 403 to every other role, 400 naming a bad field', async () => {
    expect((await report('jurisdiction=hartford-new-haven&period=2026-Q3')).status).toBe(404);
    for (const role of ['officer', 'prosecutor', 'case_manager', 'integrator', 'supervisor'] as const)
      expect((await report('jurisdiction=denver&period=2026-Q3', await app.token(role, ['denver']))).status).toBe(403);
    for (const [query, field] of [
      ['jurisdiction=denver&period=2026-13', 'period'],
      ['jurisdiction=denver&period=2026-07-01', 'period'],
      ['period=2026-Q3', 'jurisdiction'],
      ['jurisdiction=denver&period=2026-Q3&asOf=yesterday', 'asOf'],
      ['jurisdiction=denver&period=2026-Q3&asOf=2027-01-01T00:00:00Z', 'asOf'],
      ['jurisdiction=denver&period=2026-Q3&district=D1', 'district'],
    ]) {
      const answer = await report(query);
      expect({ query, status: answer.status, type: answer.headers.get('content-type') }).toMatchObject({
        query,
        status: 400,
        type: expect.stringMatching(/^application\/problem\+json/),
      });
      expect(JSON.stringify(answer.body)).toContain(field);
    }
  });

  it('gives the same rows when events are applied again, and a rebuild from the log equals the live table', async () => {
    const facts = async () =>
      (await app.db.query(`SELECT * FROM "${app.schema}".program_facts ORDER BY event_id`)).rows as unknown[];
    const live = await facts();
    const projection = app.app.get(ProgramFactProjection);
    const log = app.app.get(ProgramLog);
    await projection.applyTo(app.db, 'program_facts', await log.readAfter(app.db, '0', 10_000));
    expect(await facts()).toEqual(live);

    const before = (await report('jurisdiction=denver&period=2026-Q3')).body;
    const result = await app.app.get(ProgramFactsRebuild).run();
    expect(result.events).toBe(published);
    expect(await facts()).toEqual(live);
    expect((await report('jurisdiction=denver&period=2026-Q3')).body).toEqual(before);
  });

  it('diffs the live facts against a replay of the log for an auditor: a match, then each planted mismatch named', async () => {
    const auditor = await app.token('auditor', ['denver']);
    const clean = await call(app, '/v1/audit/read-models/program-facts/diff', auditor);
    expect(clean.status).toBe(200);
    expect(clean.body).toMatchObject({ readModel: 'program_facts', matches: true, mismatches: 0, listed: [] });
    expect(clean.body.replayedEvents).toBe(published);

    // A row edited in place, a row deleted, a row no event accounts for.
    const facts = `"${app.schema}".program_facts`;
    const [edited, deleted] = (
      await app.db.query(`SELECT event_id FROM ${facts} WHERE jurisdiction = 'denver' ORDER BY event_id LIMIT 2`)
    ).rows.map((r) => r.event_id as string);
    await app.db.query(`UPDATE ${facts} SET outcome = 'tampered', district = 'D9' WHERE event_id = $1`, [edited]);
    await app.db.query(`DELETE FROM ${facts} WHERE event_id = $1`, [deleted]);
    const stray = randomUUID();
    await app.db.query(
      `INSERT INTO ${facts} SELECT $1, log_position, type, jurisdiction, participant_id, referral_id, case_id, matter_id,
              occurred_on, occurred_at, recorded_at, district, outcome, minutes, attrs
         FROM ${facts} WHERE event_id = $2`,
      [stray, edited],
    );
    const diff = app.app.get(ProgramFactsDiff);
    const found = await diff.run(['denver']);
    expect(found.matches).toBe(false);
    expect(found.listed).toEqual(
      expect.arrayContaining([
        { eventId: edited, jurisdiction: 'denver', kind: 'differs', columns: ['district', 'outcome'] },
        { eventId: deleted, jurisdiction: 'denver', kind: 'missing_from_live', columns: [] },
        { eventId: stray, jurisdiction: 'denver', kind: 'not_in_log', columns: [] },
      ]),
    );
    expect(found.mismatches).toBe(3);
    // Another jurisdiction's auditor is told nothing of Denver's rows.
    expect(await diff.run(['san-luis-valley'])).toMatchObject({ matches: true, mismatches: 0, liveRows: 0 });
    // A rebuild mends the table; the diff then matches again.
    await app.app.get(ProgramFactsRebuild).run();
    expect(await diff.run(['denver'])).toMatchObject({ matches: true });
    const officer = await call(app, '/v1/audit/read-models/program-facts/diff', await app.token('officer', ['denver']));
    expect(officer.status).toBe(403);
  });
});
