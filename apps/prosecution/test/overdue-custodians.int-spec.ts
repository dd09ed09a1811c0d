import { publishCaseOpened, publishConsentRecorded, publishIntakeCompleted } from '@lead/testing';
import { matterIdFor } from '../src/prosecution-matter/prosecution-matter.repository.js';
import {
  call,
  eventually,
  recordReferral,
  startProsecutionApp,
  type Answer,
  type ProsecutionApp,
} from './prosecution-app.js';

const DAY = 86_400_000;

interface Listed {
  matterId: string;
  jurisdiction: string;
  custodian: string;
  sealableSince: string;
  dueOn: string;
  daysOverdue: number;
}
const listed = (answer: Answer) => (answer.body.custodians ?? []) as Listed[];
const custodiansOf = (answer: Answer) =>
  ((answer.body.sealing as { custodians?: Array<{ custodian: string; overdue: boolean }> } | null)?.custodians ??
    []) as Array<{ custodian: string; sealedOn: string | null; overdue: boolean }>;

/*
 * A Denver (2026-12) arrest whose intake is disclosed in time: the charge is declined on 2 December (Denver's day)
 * and the records are sealable from then. A custodian without a confirmation is overdue from the 31st day after,
 * in the matter itself and in the list of overdue custodians; a confirmation takes it off the list; another
 * jurisdiction's prosecutor never sees it. The service's clock is a manual one, moved by the test (never the UTC day).
 */
describe('overdue sealing custodians', () => {
  let app: ProsecutionApp | undefined;

  beforeAll(async () => {
    // 13:00 in Denver on 2 December 2026 (MST, UTC-7).
    app = await startProsecutionApp({}, new Date('2026-12-02T20:00:00.000Z'));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('lists the custodians overdue 30 days after sealing became possible, until each confirms', async () => {
    const on = app!;
    const da = await on.token('prosecutor', ['denver'], { subject: 'dda-7', agency: 'DDA' });
    const admin = await on.token('program_admin', ['denver']);
    const elsewhere = await on.token('prosecutor', ['san-luis-valley'], { subject: 'da12-1', agency: 'DA12' });
    const referral = await recordReferral(on.store, {
      protocolVersion: '2026-12',
      referredAt: '2026-12-02T16:00:00.000Z',
    });
    const testCase = await publishCaseOpened(on.store, referral, 'ARTS', '2026-12-02T18:00:00.000Z');
    await publishConsentRecorded(on.store, testCase, ['DDA'], '2026-12-02T18:30:00.000Z');
    await publishIntakeCompleted(on.store, testCase, '2026-12-02T19:00:00.000Z');
    const matterId = matterIdFor(referral.referralId);
    const matter = () => call(on, 'GET', `/v1/matters/${matterId}`, da);
    const list = (token = da, query = '') => call(on, 'GET', `/v1/sealing/overdue-custodians${query}`, token);

    const sealable = await eventually(matter, (answer) => answer.body.sealing != null, 'the arrest to be sealable');
    expect(sealable.body.sealing).toMatchObject({ eligibleOn: '2026-12-02', effect: 'sealable_on_request' });
    expect(custodiansOf(sealable).map((c) => c.overdue)).toEqual([false, false, false, false]);
    const none = await list();
    expect(none.status).toBe(200);
    expect(listed(none)).toEqual([]);

    // 1 January 2027 in Denver (the 30th day after): still in time.
    on.clock.advance(30 * DAY);
    expect(custodiansOf(await matter()).some((c) => c.overdue)).toBe(false);
    expect(listed(await list())).toEqual([]);

    // 2 January 2027 in Denver: every custodian is overdue, by one day.
    on.clock.advance(DAY);
    expect(custodiansOf(await matter()).map((c) => [c.custodian, c.overdue])).toEqual([
      ['police', true],
      ['prosecutor', true],
      ['court', true],
      ['jail', true],
    ]);
    const overdue = await eventually(
      () => list(),
      (answer) => listed(answer).length === 4,
      'the four custodians to be listed overdue (the projection reached the sealing)',
    );
    expect(overdue.headers.get('content-type')).toMatch(/^application\/json/);
    expect(listed(overdue)).toEqual(
      ['court', 'jail', 'police', 'prosecutor'].map((custodian) => ({
        matterId,
        jurisdiction: 'denver',
        custodian,
        sealableSince: '2026-12-02',
        dueOn: '2027-01-01',
        daysOverdue: 1,
      })),
    );
    expect(overdue.body.next).toBeUndefined();
    // Codes and days only: nothing of the referral or the participant.
    expect(JSON.stringify(overdue.body)).not.toContain(testCase.participantId);
    expect(JSON.stringify(overdue.body)).not.toContain(referral.referralId);

    // Program admins of the jurisdiction see the same; another jurisdiction's prosecutor sees none of it.
    expect(listed(await list(admin))).toEqual(listed(overdue));
    const other = await list(elsewhere);
    expect(other.status).toBe(200);
    expect(listed(other)).toEqual([]);
    expect(listed(await list(da, '?jurisdiction=san-luis-valley'))).toEqual([]);

    // Filtered by custodian, and paged: pages follow one another with no gap and no repeat.
    expect(listed(await list(da, '?custodian=court')).map((c) => c.custodian)).toEqual(['court']);
    const first = await list(da, '?limit=3');
    expect(listed(first).map((c) => c.custodian)).toEqual(['court', 'jail', 'police']);
    expect(typeof first.body.next).toBe('string');
    const second = await list(da, `?limit=3&after=${encodeURIComponent(first.body.next as string)}`);
    expect(listed(second).map((c) => c.custodian)).toEqual(['prosecutor']);
    expect(second.body.next).toBeUndefined();

    // The police confirm (on Denver's day): off the list, the three others stay, now two days overdue.
    on.clock.advance(DAY);
    const confirmed = await call(on, 'POST', `/v1/matters/${matterId}/sealing-confirmations`, da, {
      custodian: 'police',
      sealedOn: '2027-01-03',
    });
    expect(confirmed.status).toBe(200);
    expect(custodiansOf(confirmed).find((c) => c.custodian === 'police')).toMatchObject({
      sealedOn: '2027-01-03',
      overdue: false,
    });
    const after = await eventually(
      () => list(),
      (answer) => listed(answer).length === 3,
      'the police to leave the list once confirmed',
    );
    expect(listed(after).map((c) => [c.custodian, c.daysOverdue])).toEqual([
      ['court', 2],
      ['jail', 2],
      ['prosecutor', 2],
    ]);
    // The cursor of the earlier page still reads on from where it ended.
    expect(
      listed(await list(da, `?limit=3&after=${encodeURIComponent(first.body.next as string)}`)).map((c) => c.custodian),
    ).toEqual(['prosecutor']);
  });

  it('refuses unknown and malformed query parameters, naming the field (problem+json)', async () => {
    const on = app!;
    const da = await on.token('prosecutor', ['denver'], { subject: 'dda-7', agency: 'DDA' });
    for (const [query, field] of [
      ['?matterId=x', 'matterId'],
      ['?custodian=janitor', 'custodian'],
      ['?limit=0', 'limit'],
      ['?limit=201', 'limit'],
      ['?limit=ten', 'limit'],
      ['?after=2027-01-01_nope', 'after'],
      ['?jurisdiction=Denver%20County', 'jurisdiction'],
    ] as const) {
      const answer = await call(on, 'GET', `/v1/sealing/overdue-custodians${query}`, da);
      expect([query, answer.status]).toEqual([query, 400]);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(answer.body)).toContain(field);
    }
  });
});
