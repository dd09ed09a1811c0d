import { HistoryScanSlots, type DisclosureAccounting, type JourneyEvent, type Role } from '@lead/access';
import {
  AGENCIES,
  contactBody,
  DENVER,
  preparedCase,
  RECIPIENTS,
  SAN_LUIS_VALLEY,
  staffOf,
  type Jurisdiction,
  type PreparedCase,
} from './case-fixtures.js';
import { call, CASE_WORK, eventually, startCaseManagementApp, type CaseManagementApp } from './case-management-app.js';

const PERSON = { name: 'Evangelina Whitcombe', dateOfBirth: '1983-06-21', phone: '720-555-0199' };
const COORDINATION = { 'x-purpose-of-use': 'care-coordination' };
const AUDIT = { 'x-purpose-of-use': 'audit' };

interface Journey {
  participantId: string;
  asOf: string | null;
  personalValues: boolean;
  events: JourneyEvent[];
}

/**
 * The auditor's questions about one participant (issue 16), on the case-management service: every event as of an
 * instant, with who did what, personal values only for the auditor's purpose; and the accounting of disclosures
 * after reads, a disclosure under consent and its revocation. The auditor's own reads are in it too.
 */
describe("a participant's history for auditors: the journey as of an instant, and who was disclosed what", () => {
  let app: CaseManagementApp;
  let worked: PreparedCase;
  let auditor: string;
  const tokenFor = (role: Role, jurisdiction: Jurisdiction) =>
    app.token(role, [jurisdiction], { agency: AGENCIES[jurisdiction][role], subject: staffOf(role, jurisdiction) });
  const journey = async (query = '', headers: Record<string, string> = {}, token = auditor) =>
    call(app, 'GET', `/v1/audit/participants/${worked.participantId}/journey${query}`, token, undefined, headers);
  const disclosures = async (token = auditor) =>
    call(app, 'GET', `/v1/audit/participants/${worked.participantId}/disclosures`, token);

  beforeAll(async () => {
    app = await startCaseManagementApp();
    auditor = await tokenFor('auditor', DENVER);
    worked = await preparedCase(app, DENVER, { assigned: true, intake: PERSON, consent: RECIPIENTS[DENVER] });
    const caseManager = await tokenFor('case_manager', DENVER);
    const officer = await tokenFor('officer', DENVER);
    const status = () =>
      call(
        app,
        'GET',
        `/v1/participants/${worked.participantId}/participation-status`,
        officer,
        undefined,
        COORDINATION,
      );
    expect((await call(app, 'GET', `/v1/cases/${worked.caseId}`, caseManager, undefined, CASE_WORK)).status).toBe(200);
    expect((await status()).status).toBe(200);
    const revoked = await call(
      app,
      'POST',
      `/v1/cases/${worked.caseId}/consents/${worked.consentId}/revocation`,
      caseManager,
      { recipients: ['DPD'] },
    );
    expect(revoked.status).toBe(200);
    expect((await status()).status).toBe(404);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  /** The routes read `$all`: on a busy machine the xid fence may hold back what was just written, for a moment. */
  const journeyWith = (accept: (body: Journey) => boolean, what: string, query = '') =>
    eventually(
      async () => (await journey(query)).body as unknown as Journey,
      (body) => Array.isArray(body.events) && accept(body),
      what,
    );

  it('lists every event of the participant in order, who did what, and as of an instant before a later one', async () => {
    await journeyWith((body) => body.events.some((e) => e.type === 'ConsentRevoked'), 'the revocation in the journey');
    const before = await journey();
    expect(before.status).toBe(200);
    const { events, personalValues } = before.body as unknown as Journey;
    expect(personalValues).toBe(false);
    const types = events.map((event) => event.type);
    expect(types).toEqual(
      expect.arrayContaining(['CaseOpened', 'IntakeCompleted', 'ConsentRecorded', 'ConsentRevoked']),
    );
    expect(types.indexOf('ConsentRecorded')).toBeLessThan(types.indexOf('ConsentRevoked'));
    expect(events.find((event) => event.type === 'ConsentRevoked')?.actor).toEqual({
      subject: staffOf('case_manager', DENVER),
      agency: AGENCIES[DENVER].case_manager,
      role: 'case_manager',
    });
    // The access audit is the accounting's, not the journey's; no data, so no personal value, without the purpose.
    expect(events.some((event) => event.streamId.startsWith('audit-'))).toBe(false);
    expect(events.every((event) => event.data === undefined)).toBe(true);
    expect(JSON.stringify(before.body)).not.toContain(PERSON.name);

    const asOf = events[events.length - 1]!.recordedAt;
    const caseManager = await tokenFor('case_manager', DENVER);
    expect((await call(app, 'POST', `/v1/cases/${worked.caseId}/contacts`, caseManager, contactBody(app))).status).toBe(
      201,
    );
    const now = await journeyWith(
      (body) => body.events.some((e) => e.type === 'ContactLogged'),
      'the contact in the journey',
    );
    expect(now.events.map((event) => event.type)).toEqual([...types, 'ContactLogged']);
    const then = (await journey(`?asOf=${asOf}`)).body as unknown as Journey;
    expect(then).toMatchObject({ asOf, personalValues: false });
    expect(then.events.map((event) => event.eventId)).toEqual(events.map((event) => event.eventId));
  });

  it("opens personal values only for the auditor's purpose of use", async () => {
    const opened = await journey('', AUDIT);
    expect(opened.status).toBe(200);
    expect((opened.body as unknown as Journey).personalValues).toBe(true);
    expect(JSON.stringify(opened.body)).toContain(PERSON.name);
    const other = await journey('', COORDINATION);
    expect((other.body as unknown as Journey).personalValues).toBe(false);
    expect(JSON.stringify(other.body)).not.toContain(PERSON.name);
  });

  it('accounts for every read and disclosure, under which consent, and for the revocation', async () => {
    await eventually(
      async () => (await disclosures()).body as unknown as DisclosureAccounting,
      (body) => body.reads?.length === 3 && body.historyReads?.length >= 2,
      'the reads in the accounting',
    );
    const answer = await disclosures();
    expect(answer.status).toBe(200);
    const accounting = answer.body as unknown as DisclosureAccounting;
    expect(accounting.reads.map((read) => [read.actor.role, read.purpose, read.view, read.outcome])).toEqual([
      ['case_manager', 'case-management', 'full', 'disclosed'],
      ['officer', 'care-coordination', 'participation-status', 'disclosed'],
      ['officer', 'care-coordination', 'participation-status', 'withheld'],
    ]);
    expect(accounting.reads[1]).toMatchObject({ consentId: worked.consentId, redisclosureNotice: true });
    expect(accounting.consents.map((consent) => [consent.type, consent.consentId])).toEqual([
      ['ConsentRecorded', worked.consentId],
      ['ConsentRevoked', worked.consentId],
    ]);
    expect(accounting.consents[1]!.recipients).toEqual(['DPD']);
    // The auditor's own reads of the history are accounted for, with the purpose and whether values were opened.
    expect(accounting.historyReads.map((read) => [read.history, read.purpose, read.personalValues])).toEqual(
      expect.arrayContaining([
        ['journey', null, false],
        ['journey', 'audit', true],
      ]),
    );
    expect(accounting.historyReads.every((read) => read.actor.role === 'auditor')).toBe(true);
    expect(JSON.stringify(accounting)).not.toContain(PERSON.name);
  });

  it("answers another jurisdiction's auditor as for a stranger, refuses other roles and bad input", async () => {
    const slv = await tokenFor('auditor', SAN_LUIS_VALLEY);
    expect((await journey('', {}, slv)).status).toBe(404);
    expect((await disclosures(slv)).status).toBe(404);
    for (const role of ['case_manager', 'supervisor', 'program_admin', 'officer', 'prosecutor', 'evaluator'] as const)
      expect({ role, status: (await journey('', {}, await tokenFor(role, DENVER))).status }).toEqual({
        role,
        status: 403,
      });
    const badPurpose = await journey('', { 'x-purpose-of-use': 'curiosity' });
    expect(badPurpose.status).toBe(400);
    expect(JSON.stringify(badPurpose.body)).toContain('X-Purpose-Of-Use');
    const badAsOf = await journey('?asOf=yesterday');
    expect(badAsOf.status).toBe(400);
    expect(badAsOf.body.errors).toEqual([{ field: 'asOf', messages: [expect.any(String)] }]);
    expect((await journey('?participant=x')).status).toBe(400);
    expect((await call(app, 'GET', '/v1/audit/participants/not-a-uuid/journey', auditor)).status).toBe(400);
  });

  it('reads one history per auditor at a time, and a bounded number in all: 429 with Retry-After beyond', async () => {
    const slots = app.app.get(HistoryScanSlots);
    // The auditor's earlier read still running (a scan of a large log takes seconds): held here, deterministically.
    const running = slots.acquire(staffOf('auditor', DENVER));
    if (!('release' in running)) throw new Error('the auditor already held a history slot');
    try {
      for (const busy of [await journey(), await disclosures()]) {
        expect(busy.status).toBe(429);
        expect(busy.headers.get('content-type')).toContain('application/problem+json');
        expect(busy.headers.get('retry-after')).toBe('5');
        expect(busy.body).toMatchObject({ type: 'urn:lead:problem:history-scans-busy' });
      }
      // Another auditor is served meanwhile, and the slot it took is given back with its answer.
      const other = await app.token('auditor', [DENVER], { agency: AGENCIES[DENVER].auditor, subject: 'auditor-2' });
      expect((await journey('', {}, other)).status).toBe(200);
      expect(slots.inUse).toBe(1);
    } finally {
      running.release();
    }
    expect((await journey()).status).toBe(200);
    expect(slots.inUse).toBe(0);
  });
});
