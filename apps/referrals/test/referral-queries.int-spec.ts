import { comparePositions, type RecordedEvent } from '@lead/event-store';
import { READ_MODEL_DATA_SOURCE, SERVICE_SCHEMA } from '@lead/platform';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ReferralProjectionWorker } from '../src/projections/referral-projection.worker.js';
import { PROJECTED_STREAM_PREFIXES, ReferralSummaryProjector } from '../src/projections/referral-summary.projector.js';
import { ReferralRepository } from '../src/referral/referral.repository.js';
import { eventually } from './eventually.js';
import {
  call,
  denverArrestDiversion,
  noScreeningConcerns,
  startReferralsApp,
  type Answer,
  type ReferralsApp,
} from './referrals-app.js';

const PEOPLE = {
  A1: {
    givenName: 'Ottoline',
    familyName: 'Brandvold',
    dateOfBirth: '1981-02-03',
    address: '100 Larimer St',
    phone: '720-555-0101',
  },
  A2: {
    givenName: 'Casimir',
    familyName: 'Ngata-Ruiz',
    dateOfBirth: '1979-04-05',
    address: '200 Blake St',
    phone: '720-555-0102',
  },
  A3: {
    givenName: 'Perpetua',
    familyName: 'Lindqvist',
    dateOfBirth: '1990-06-07',
    address: '300 Wazee St',
    phone: '720-555-0103',
  },
  S1: {
    givenName: 'Thaddeus',
    familyName: 'Okonkwo-Hale',
    dateOfBirth: '1968-08-09',
    address: '400 Market St',
    phone: '720-555-0104',
  },
  S2: {
    givenName: 'Ysolde',
    familyName: 'Marchetti',
    dateOfBirth: '1995-10-11',
    address: '500 Champa St',
    phone: '720-555-0105',
  },
  C1: {
    givenName: 'Leopoldo',
    familyName: 'Ferreira-Quist',
    dateOfBirth: '1987-12-13',
    address: '600 Curtis St',
    phone: '720-555-0106',
  },
  V1: {
    givenName: 'Araminta',
    familyName: 'Vasquez-Doyle',
    dateOfBirth: '1972-01-14',
    address: '7 State Ave, Alamosa',
    phone: '719-555-0107',
  },
};
const NARRATIVE = 'Seen passing a small baggie near the 16th Street Mall';
const PERSONAL_VALUES = [...Object.values(PEOPLE).flatMap((person) => Object.values(person)), NARRATIVE];

const ineligibleScreening = { ...noScreeningConcerns, amenable: false };
const arrest = (person: keyof typeof PEOPLE, referredAt: string, over: Record<string, unknown> = {}) =>
  denverArrestDiversion({
    person: PEOPLE[person],
    referredAt,
    offense: { code: 'CO-18-18-403.5', probableCause: NARRATIVE },
    ...over,
  });
const social = (person: keyof typeof PEOPLE, referredAt: string, over: Record<string, unknown> = {}) =>
  denverArrestDiversion({ door: 'social_contact', offense: undefined, person: PEOPLE[person], referredAt, ...over });

/** The problem body without what differs between any two requests. */
const comparable = (answer: Answer) => {
  const { instance: _instance, correlationId: _correlationId, ...rest } = answer.body;
  return rest;
};

/**
 * The referral read model through HTTP: the projection builds the list and the counts (ineligible and
 * declined referrals counted too) and stays the same when events are delivered again; the one-referral
 * read comes from the stream with its revision as ETag, scoped to the officer's agency.
 */
describe('referral queries and the referral read model', () => {
  let app: ReferralsApp;
  let officer: string;
  let communityPartner: string;
  let otherAgencyOfficer: string;
  let admin: string;
  let evaluator: string;
  let slvAdmin: string;
  const ids: Record<string, string> = {};
  const participants: Record<string, string> = {};
  let protocolVersion: string;

  const record = async (key: keyof typeof PEOPLE, token: string, body: Record<string, unknown>) => {
    const answer = await call(app, 'POST', '/v1/referrals', token, body);
    if (answer.status !== 201) throw new Error(`fixture ${key}: ${answer.status} ${JSON.stringify(answer.body)}`);
    ids[key] = answer.body.referralId as string;
    participants[key] = answer.body.participantId as string;
    return answer;
  };
  const step = async (key: string, token: string, route: string, body: Record<string, unknown>) => {
    const answer = await call(app, 'POST', `/v1/referrals/${ids[key]}/${route}`, token, body);
    if (answer.status !== 200)
      throw new Error(`fixture ${key} ${route}: ${answer.status} ${JSON.stringify(answer.body)}`);
  };
  /** The prosecution service's decision, as its consumer applies it (the bus itself has tests of its own). */
  const prosecutorDecides = (key: string, eligible: boolean, basis: 'confirmed' | 'overridden', reasonCode: string) =>
    app.app.get(ReferralRepository).handle(
      `referral-${ids[key]}`,
      {
        type: 'ApplyProsecutorDecision',
        jurisdiction: 'denver',
        eligible,
        basis,
        reasonCode,
        prosecutor: { subject: 'dda-4', agency: 'DDA' },
        at: '2025-03-08T09:00:00.000Z',
      },
      {
        metadata: {
          correlationId: randomUUID(),
          actor: { subject: 'dda-4', agency: 'DDA', role: 'prosecutor' },
          jurisdiction: 'denver',
          participantId: participants[key],
        },
      },
    );
  const list = async (token: string, query = '') => {
    const answer = await call(app, 'GET', `/v1/referrals${query}`, token);
    expect(answer.status).toBe(200);
    return answer.body as { referrals: Array<Record<string, unknown> & { referralId: string }>; next?: string };
  };
  const listed = async (token: string, query = '') =>
    (await list(token, query)).referrals.map((r) => Object.keys(ids).find((key) => ids[key] === r.referralId));
  const counts = async (token: string, query = '') => {
    const answer = await call(app, 'GET', `/v1/referrals/counts${query}`, token);
    expect(answer.status).toBe(200);
    return answer.body as { groups: Array<Record<string, unknown>> };
  };
  const snapshot = async () => {
    const schema = app.app.get<string>(SERVICE_SCHEMA);
    return (await app.db.query(`SELECT * FROM "${schema}".referral_summaries ORDER BY referral_id`)).rows as Array<{
      referral_id: string;
    }>;
  };
  const projectedEvents = async () => {
    const events: RecordedEvent[] = [];
    for (
      let page = await app.store.readAll({ filter: { streamPrefixes: PROJECTED_STREAM_PREFIXES }, maxCount: 500 });
      page.length > 0;
    ) {
      events.push(...page);
      page = await app.store.readAll({
        after: page[page.length - 1].position,
        filter: { streamPrefixes: PROJECTED_STREAM_PREFIXES },
        maxCount: 500,
      });
    }
    return events;
  };

  /**
   * The events as the log holds them now, once the live projector has applied all of them: a snapshot taken before
   * then would miss what it was still applying (on a busy machine it lags by a page).
   */
  const projectedOnceCaughtUp = async () => {
    const events = await projectedEvents();
    const last = events[events.length - 1].position;
    const worker = app.app.get(ReferralProjectionWorker);
    await eventually(async () => {
      const at = worker.lastPosition;
      if (!at || comparePositions(at, last) < 0) throw new Error('the projector is still behind the log');
    });
    return events;
  };

  const expectedDenverGroups = [
    {
      jurisdiction: 'denver',
      door: 'arrest_diversion',
      recorded: 3,
      screenedEligible: 2,
      screenedIneligible: 1,
      eligible: 1,
      ineligible: 2,
      prosecutorDecided: 2,
      prosecutorOverrode: 1,
      offerAccepted: 2,
      offerDeclined: 0,
      open: 1,
      accepted: 1,
      closed: 1,
      closedByReason: {
        ineligible: 0,
        declined_by_person: 0,
        aggrieved_party_disagreed: 0,
        prosecutor_found_ineligible: 1,
      },
      handOffs: 1,
      handOffsWithinTarget: 1,
    },
    {
      jurisdiction: 'denver',
      door: 'community',
      recorded: 1,
      screenedEligible: 1,
      screenedIneligible: 0,
      eligible: 1,
      ineligible: 0,
      prosecutorDecided: 0,
      prosecutorOverrode: 0,
      offerAccepted: 0,
      offerDeclined: 0,
      open: 1,
      accepted: 0,
      closed: 0,
      closedByReason: {
        ineligible: 0,
        declined_by_person: 0,
        aggrieved_party_disagreed: 0,
        prosecutor_found_ineligible: 0,
      },
      handOffs: 0,
      handOffsWithinTarget: 0,
    },
    {
      jurisdiction: 'denver',
      door: 'social_contact',
      recorded: 2,
      screenedEligible: 1,
      screenedIneligible: 1,
      eligible: 1,
      ineligible: 1,
      prosecutorDecided: 0,
      prosecutorOverrode: 0,
      offerAccepted: 0,
      offerDeclined: 1,
      open: 0,
      accepted: 0,
      closed: 2,
      closedByReason: {
        ineligible: 1,
        declined_by_person: 1,
        aggrieved_party_disagreed: 0,
        prosecutor_found_ineligible: 0,
      },
      handOffs: 0,
      handOffsWithinTarget: 0,
    },
  ];

  beforeAll(async () => {
    app = await startReferralsApp();
    officer = await app.token('officer', ['denver']);
    communityPartner = await app.token('officer', ['denver'], { agency: 'DEN-COMMUNITY', subject: 'partner-1' });
    otherAgencyOfficer = await app.token('officer', ['denver'], { agency: 'ADAMS-SO', subject: 'deputy-9' });
    admin = await app.token('program_admin', ['denver']);
    evaluator = await app.token('evaluator', ['denver']);
    slvAdmin = await app.token('program_admin', ['san-luis-valley'], { agency: 'SLV-ADMIN' });
    const caseManager = await app.token('case_manager', ['denver']);

    // A1: an arrest diversion walked to enrolment; the prosecutor confirms the screening.
    protocolVersion = (await record('A1', officer, arrest('A1', '2025-03-01T10:00:00.000Z'))).body
      .protocolVersion as string;
    await step('A1', officer, 'offer-answer', { accepted: true, at: '2025-03-01T10:05:00Z' });
    await step('A1', officer, 'lead-line-call', { at: '2025-03-01T10:10:00Z' });
    await step('A1', caseManager, 'case-manager-arrival', { at: '2025-03-01T10:30:00Z' });
    await step('A1', officer, 'custody-relinquished', { at: '2025-03-01T10:35:00Z' });
    await prosecutorDecides('A1', true, 'confirmed', 'meets_protocol');
    // A2: accepted by the person, found ineligible by the prosecutor (overriding the screening): closed.
    await record('A2', officer, arrest('A2', '2025-03-02T10:00:00.000Z'));
    await step('A2', officer, 'offer-answer', { accepted: true, at: '2025-03-02T10:05:00Z' });
    await prosecutorDecides('A2', false, 'overridden', 'prior_delivery_case');
    // A3: screened ineligible; an arrest diversion stays open for the prosecutor's final word.
    await record('A3', officer, arrest('A3', '2025-03-03T10:00:00.000Z', { screening: ineligibleScreening }));
    // S1: a social contact screened ineligible: closed at once, and still counted.
    await record(
      'S1',
      officer,
      social('S1', '2025-03-04T10:00:00.000Z', { district: '1', screening: ineligibleScreening }),
    );
    // S2: a social contact the person declines.
    await record('S2', officer, social('S2', '2025-03-05T10:00:00.000Z'));
    await step('S2', officer, 'offer-answer', { accepted: false, at: '2025-03-05T10:05:00Z' });
    // C1: a community partner's referral.
    await record(
      'C1',
      communityPartner,
      denverArrestDiversion({
        door: 'community',
        offense: undefined,
        person: PEOPLE.C1,
        referredAt: '2025-03-06T10:00:00.000Z',
      }),
    );
    // V1: another jurisdiction's.
    const slvOfficer = await app.token('officer', ['san-luis-valley'], { agency: 'APD', subject: 'apd-3' });
    await record('V1', slvOfficer, {
      ...arrest('V1', '2025-03-04T12:00:00.000Z'),
      jurisdiction: 'san-luis-valley',
      district: 'alamosa',
      area: 'AREA-1',
    });
    // The projection is eventually consistent: wait until it has reached the last of these. V1 is recorded last,
    // but Denver's groups being complete says nothing about it, so wait on both jurisdictions.
    await eventually(async () => {
      expect((await counts(admin)).groups).toEqual(expectedDenverGroups);
      expect((await counts(slvAdmin)).groups).toHaveLength(1);
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  describe('GET /v1/referrals/counts', () => {
    it('counts every referral by jurisdiction × door × outcome, the ineligible and the declined included', async () => {
      expect(await counts(admin)).toEqual({
        referredFrom: null,
        referredTo: null,
        suppressedBelow: null,
        groups: expectedDenverGroups,
      });
      // Evaluators get the same aggregates with small cells (1–10) withheld: every count here is small, zeros stay.
      const small = (n: unknown) => (typeof n === 'number' && n > 0 && n < 11 ? null : n);
      const withheld = expectedDenverGroups.map((group) =>
        Object.fromEntries(
          Object.entries(group).map(([key, value]) => [
            key,
            key === 'closedByReason'
              ? Object.fromEntries(Object.entries(value as Record<string, number>).map(([r, n]) => [r, small(n)]))
              : small(value),
          ]),
        ),
      );
      expect(await counts(evaluator)).toEqual({
        referredFrom: null,
        referredTo: null,
        suppressedBelow: 11,
        groups: withheld,
      });
      // Another jurisdiction's admin gets only theirs.
      expect((await counts(slvAdmin)).groups).toEqual([
        expect.objectContaining({ jurisdiction: 'san-luis-valley', door: 'arrest_diversion', recorded: 1, open: 1 }),
      ]);
    });

    it('counts over a referral-time range and filters by district and door', async () => {
      const range = await counts(admin, '?referredFrom=2025-03-01T00:00:00Z&referredTo=2025-03-04T00:00:00Z');
      // Instants leave validation in their canonical form, UTC with seconds and milliseconds.
      expect(range).toMatchObject({ referredFrom: '2025-03-01T00:00:00.000Z', referredTo: '2025-03-04T00:00:00.000Z' });
      expect(range.groups).toEqual([expectedDenverGroups[0]]);
      expect((await counts(admin, '?district=1')).groups).toEqual([
        expect.objectContaining({
          door: 'social_contact',
          recorded: 1,
          screenedIneligible: 1,
          closedByReason: expect.objectContaining({ ineligible: 1 }),
        }),
      ]);
      expect((await counts(admin, '?door=community')).groups).toEqual([expectedDenverGroups[1]]);
      // A jurisdiction that is not the caller's: nothing, as if it had no referrals.
      expect((await counts(admin, '?jurisdiction=san-luis-valley')).groups).toEqual([]);
    });

    it('is not taken for a referral id, and refuses unknown or malformed parameters (400)', async () => {
      expect((await call(app, 'GET', '/v1/referrals/counts?groupBy=officer', admin)).body).toMatchObject({
        status: 400,
        errors: [expect.objectContaining({ field: 'groupBy' })],
      });
      expect((await call(app, 'GET', '/v1/referrals/counts?referredFrom=yesterday', admin)).body).toMatchObject({
        status: 400,
        errors: [expect.objectContaining({ field: 'referredFrom' })],
      });
      expect((await call(app, 'GET', '/v1/referrals/counts', officer)).status).toBe(403);
    });
  });

  describe('GET /v1/referrals', () => {
    it("lists a program admin's jurisdictions' referrals, newest first, with their workflow status", async () => {
      expect(await listed(admin)).toEqual(['C1', 'S2', 'S1', 'A3', 'A2', 'A1']);
      const { referrals } = await list(admin);
      const a1 = referrals.find((r) => r.referralId === ids.A1);
      expect(a1).toEqual({
        referralId: ids.A1,
        participantId: participants.A1,
        jurisdiction: 'denver',
        district: '6',
        door: 'arrest_diversion',
        referrer: { agency: 'DPD', subject: 'officer-1' },
        referredAt: '2025-03-01T10:00:00.000Z',
        protocolVersion,
        status: 'accepted',
        closeReason: null,
        eligible: true,
        screenedEligible: true,
        prosecutorDecision: {
          eligible: true,
          basis: 'confirmed',
          reasonCode: 'meets_protocol',
          prosecutorAgency: 'DDA',
        },
        offerAccepted: true,
        handOff: { minutesFromCall: 20, withinTarget: true },
        revision: 7,
        updatedAt: expect.any(String),
      });
      expect(referrals.find((r) => r.referralId === ids.S2)).toMatchObject({
        status: 'closed',
        closeReason: 'declined_by_person',
        offerAccepted: false,
        eligible: true,
      });
      expect(referrals.find((r) => r.referralId === ids.S1)).toMatchObject({
        status: 'closed',
        closeReason: 'ineligible',
        eligible: false,
        screenedEligible: false,
      });
      expect(referrals.find((r) => r.referralId === ids.A3)).toMatchObject({
        status: 'open',
        eligible: false,
        prosecutorDecision: null,
      });
      const text = JSON.stringify(referrals);
      for (const value of PERSONAL_VALUES) expect(text).not.toContain(value);
    });

    it("shows an officer only the officer's agency's referrals", async () => {
      expect(await listed(officer)).toEqual(['S2', 'S1', 'A3', 'A2', 'A1']);
      expect(await listed(communityPartner)).toEqual(['C1']);
      expect(await listed(otherAgencyOfficer)).toEqual([]);
      expect(await listed(slvAdmin)).toEqual(['V1']);
      expect(await listed(admin, '?jurisdiction=san-luis-valley')).toEqual([]);
    });

    it('filters by status, door, district, participant and referral time', async () => {
      expect(await listed(admin, '?status=closed')).toEqual(['S2', 'S1', 'A2']);
      expect(await listed(admin, '?door=social_contact')).toEqual(['S2', 'S1']);
      expect(await listed(admin, '?district=1')).toEqual(['S1']);
      expect(await listed(admin, `?participantId=${participants.A3}`)).toEqual(['A3']);
      expect(await listed(admin, '?referredFrom=2025-03-02T00:00:00Z&referredTo=2025-03-05T00:00:00Z')).toEqual([
        'S1',
        'A3',
        'A2',
      ]);
      expect(await listed(admin, '?status=open&door=arrest_diversion&jurisdiction=denver')).toEqual(['A3']);
    });

    it('pages with a cursor, each referral once', async () => {
      const first = await list(admin, '?limit=4');
      expect(first.referrals).toHaveLength(4);
      expect(first.next).toEqual(expect.any(String));
      const second = await list(admin, `?limit=4&after=${first.next}`);
      expect(second.next).toBeUndefined();
      expect([...first.referrals, ...second.referrals].map((r) => r.referralId)).toEqual(
        (await list(admin)).referrals.map((r) => r.referralId),
      );
    });

    it('refuses unknown parameters, a page over 200, a bad cursor or status (400 naming it)', async () => {
      for (const [query, field] of [
        ['?name=Ottoline', 'name'],
        ['?limit=201', 'limit'],
        ['?limit=0', 'limit'],
        ['?after=1234', 'after'],
        ['?status=pending', 'status'],
        ['?participantId=12', 'participantId'],
      ]) {
        const answer = await call(app, 'GET', `/v1/referrals${query}`, admin);
        expect({
          query,
          status: answer.status,
          fields: (answer.body.errors as Array<{ field: string }>)?.map((e) => e.field),
        }).toEqual({ query, status: 400, fields: [field] });
      }
    });
  });

  describe('GET /v1/referrals/:referralId', () => {
    it('answers the workflow status from the stream, its revision as ETag, and nothing personal', async () => {
      const answer = await call(app, 'GET', `/v1/referrals/${ids.A1}`, officer);
      expect(answer.status).toBe(200);
      expect(answer.etag).toBe('"7"');
      expect(answer.body).toEqual({
        referralId: ids.A1,
        participantId: participants.A1,
        jurisdiction: 'denver',
        district: '6',
        door: 'arrest_diversion',
        referredAt: '2025-03-01T10:00:00.000Z',
        protocolVersion,
        referrer: { agency: 'DPD', subject: 'officer-1' },
        requirements: {
          aggrievedPartyAgreementRequired: false,
          prosecutorReviewRequired: true,
          handOffTargetMinutes: 30,
        },
        status: 'accepted',
        acceptedAt: '2025-03-08T09:00:00.000Z',
        closedAt: null,
        closeReason: null,
        eligible: true,
        screening: {
          protocolVersion,
          eligible: true,
          criteria: expect.arrayContaining([
            { criterion: 'amenability', outcome: 'pass' },
            { criterion: 'drug_quantity', outcome: 'pass' },
          ]),
        },
        offer: { accepted: true, at: '2025-03-01T10:05:00.000Z' },
        aggrievedParty: null,
        handOff: {
          calledAt: '2025-03-01T10:10:00.000Z',
          arrivedAt: '2025-03-01T10:30:00.000Z',
          minutesFromCall: 20,
          targetMinutes: 30,
          withinTarget: true,
        },
        custodyRelinquishedAt: '2025-03-01T10:35:00.000Z',
        arrestExpungedOn: null,
        prosecutorDecision: {
          eligible: true,
          basis: 'confirmed',
          reasonCode: 'meets_protocol',
          prosecutorAgency: 'DDA',
          at: '2025-03-08T09:00:00.000Z',
        },
      });
      const text = JSON.stringify(answer.body);
      for (const value of [
        ...PERSONAL_VALUES,
        '"answers"',
        '"identity"',
        '"offense"',
        '"area"',
        '$sealed',
        'ageAtReferral',
      ])
        expect(text).not.toContain(value);
      expect(await call(app, 'GET', `/v1/referrals/${ids.S1}`, admin)).toMatchObject({
        status: 200,
        body: { status: 'closed', closeReason: 'ineligible', eligible: false, closedAt: '2025-03-04T10:00:00.000Z' },
      });
    });

    it('gives the ETag a following step sends as If-Match (a stale one is a 409)', async () => {
      const read = await call(app, 'GET', `/v1/referrals/${ids.A3}`, officer);
      expect(read).toMatchObject({ status: 200, etag: '"1"', body: { status: 'open', eligible: false, offer: null } });
      const call1 = await call(
        app,
        'POST',
        `/v1/referrals/${ids.A3}/lead-line-call`,
        officer,
        { at: '2025-03-03T10:10:00Z' },
        { 'if-match': read.etag! },
      );
      expect(call1).toMatchObject({ status: 200, etag: '"2"' });
      const stale = await call(
        app,
        'POST',
        `/v1/referrals/${ids.A3}/offer-answer`,
        officer,
        { accepted: true, at: '2025-03-03T10:12:00Z' },
        { 'if-match': read.etag! },
      );
      expect(stale).toMatchObject({ status: 409, body: { currentRevision: 2 } });
      expect(await call(app, 'GET', `/v1/referrals/${ids.A3}`, officer)).toMatchObject({
        etag: '"2"',
        body: { handOff: { calledAt: '2025-03-03T10:10:00.000Z', arrivedAt: null } },
      });
    });

    it("answers another agency's officer exactly like a missing referral (404)", async () => {
      const missing = await call(app, 'GET', `/v1/referrals/${randomUUID()}`, otherAgencyOfficer);
      expect(missing.status).toBe(404);
      for (const [token, key] of [
        [otherAgencyOfficer, 'A1'],
        [communityPartner, 'A1'],
        [officer, 'C1'],
        [slvAdmin, 'A1'],
        [admin, 'V1'],
      ] as const) {
        const answer = await call(app, 'GET', `/v1/referrals/${ids[key]}`, token);
        expect({ key, status: answer.status, body: comparable(answer) }).toEqual({
          key,
          status: 404,
          body: comparable(missing),
        });
      }
      expect((await call(app, 'GET', `/v1/referrals/${ids.C1}`, communityPartner)).status).toBe(200);
      expect((await call(app, 'GET', `/v1/referrals/${ids.C1}`, admin)).status).toBe(200);
    });

    it('refuses other roles (403) and a malformed id (400)', async () => {
      expect((await call(app, 'GET', `/v1/referrals/${ids.A1}`, evaluator)).status).toBe(403);
      expect(
        (await call(app, 'GET', `/v1/referrals/${ids.A1}`, await app.token('case_manager', ['denver']))).status,
      ).toBe(403);
      expect((await call(app, 'GET', '/v1/referrals/not-a-referral', admin)).status).toBe(400);
    });
  });

  describe('the projection', () => {
    it('changes nothing when every event is delivered again, twice', async () => {
      const events = await projectedOnceCaughtUp();
      const before = await snapshot();
      const again = new ReferralSummaryProjector(app.app.get<DataSource>(READ_MODEL_DATA_SOURCE));
      expect(events.length).toBeGreaterThan(20);
      for (const event of events) await again.apply(event);
      for (const event of [...events].reverse()) await again.apply(event);
      expect(await snapshot()).toEqual(before);
      expect((await counts(admin)).groups).toEqual(expectedDenverGroups);
    });

    it('changes nothing when restarted from the start of the log (checkpoint lost), and goes on projecting', async () => {
      const worker = app.app.get(ReferralProjectionWorker);
      await projectedOnceCaughtUp();
      const before = await snapshot();
      await worker.stop();
      await app.db.query(`DELETE FROM "${app.eventStoreSchema}".checkpoints WHERE subscription_id = $1`, [
        `$all:${worker.checkpointId}`,
      ]);
      worker.start();
      // Events are applied in log order: once a referral recorded now shows, the replay of everything before it is done.
      await record('A2', officer, arrest('A2', '2025-03-07T10:00:00.000Z'));
      const marker = ids.A2;
      await eventually(async () => expect((await snapshot()).map((row) => row.referral_id)).toContain(marker));
      expect((await snapshot()).filter((row) => row.referral_id !== marker)).toEqual(before);
    });

    it('reports its lag on /metrics', async () => {
      const worker = app.app.get(ReferralProjectionWorker);
      const metrics = await (await fetch(`${app.url}/metrics`)).text();
      expect(metrics).toMatch(
        new RegExp(`lead_subscription_lag_events\\{[^}]*subscription="${worker.checkpointId}"[^}]*\\} \\d+`),
      );
    });
  });
});
