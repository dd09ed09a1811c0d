import { assertValidIntegrationEvent, TOPICS, type IntegrationEvent } from '@lead/contracts';
import type { RecordedEvent } from '@lead/event-store';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { comparisonCohortId } from '../src/justice-record/justice-record.streams.js';
import { referralsPublication } from '../src/referral/referral.publication.js';
import { call, denverArrestDiversion, startReferralsApp, type ReferralsApp } from './referrals-app.js';

const HEADER =
  'kind,recordId,givenName,familyName,dateOfBirth,sourcePersonId,race,ethnicity,district,eventDate,offenseCode,felony,jailDays';
const MARISOL = { givenName: 'Marisol', familyName: "O'Connor-Vega", dateOfBirth: '1986-09-17' };
const TOBIAS = { givenName: 'Tobias', familyName: 'Lindqvist', dateOfBirth: '1979-04-03' };

/** Marisol (written as the justice system writes her), people who never entered LEAD, and two bad rows. */
const CSV = [
  HEADER,
  'arrest,DPD-A-100,MARISOL,OCONNOR VEGA,1986-09-17,DEN-77,W,H,6,2025-04-02,CO-18-18-403.5,,',
  `charge,DA-C-200,Marisol,"O'Connor-Vega",1986-09-17,DEN-77,W,H,6,2025-04-03,CO-18-18-403.5,true,`,
  "jail_release,JAIL-300,Marisol,O'Connor-Vega,1986-09-17,,W,H,6,2025-04-10,,,8",
  'arrest,DPD-A-101,Quentin,Ashby,1990-02-02,,B,N,6,2025-01-10,,,',
  'arrest,DPD-A-102,Quentin,Ashby,1990-02-02,,B,N,6,2025-02-09,,,',
  'charge,DA-C-201,Quentin,Ashby,1990-02-02,,B,N,6,2025-02-09,X-1,false,',
  'arrest,DPD-A-103,Rhea,Vantongeren,1975-07-07,,A,,1,2025-05-01,,,',
  'booking,JAIL-301,Rhea,Vantongeren,1975-07-07,,A,,1,2025-05-01,,,',
  'arrest,DPD-A-104,Sol,Brightwater,1988-08-08,,W,,6,2025-13-01,,,',
  'citation,DPD-A-105,Sol,Brightwater,1988-08-08,,W,,6,2025-03-01,,,',
].join('\r\n');

const tobias = (over: Record<string, unknown>) => ({ ...TOBIAS, district: '2', ...over });
const una = (over: Record<string, unknown>) => ({
  givenName: 'Una',
  familyName: 'Castellanos',
  dateOfBirth: '1999-09-09',
  race: 'w',
  ethnicity: 'h',
  district: '2',
  eventDate: '2025-06-15',
  ...over,
});
const NDJSON = [
  JSON.stringify(tobias({ kind: 'booking', recordId: 'JAIL-400', eventDate: '2025-05-05' })),
  JSON.stringify(tobias({ kind: 'prison_admission', recordId: 'DOC-500', eventDate: '2025-06-01' })),
  JSON.stringify(una({ kind: 'arrest', recordId: 'DPD-A-600' })),
  '{"kind": "arrest", "recordId": ',
  JSON.stringify(una({ kind: 'charge', recordId: 'DA-C-601', offenseCode: 'X-2', felony: 'yes', jailDays: 2 })),
].join('\n');

/** What must never be stored or published in clear: the rows' identity and the source's ids. */
const IDENTITY_VALUES = [
  'oconnor vega',
  '1986-09-17',
  'DEN-77',
  'DPD-A-100',
  'DA-C-200',
  'JAIL-300',
  'Quentin',
  'Ashby',
  '1990-02-02',
  'Vantongeren',
  'Lindqvist',
  '1979-04-03',
  'JAIL-400',
  'Castellanos',
  '1999-09-09',
];

describe('the justice-system import', () => {
  let app: ReferralsApp;
  const participants: Record<string, string> = {};

  const post = async (
    token: string,
    body: string | ReadableStream<Uint8Array>,
    { type = 'text/csv', query = 'jurisdiction=denver&coveredThrough=2025-06-30' } = {},
  ) => {
    const response = await fetch(`${app.url}/v1/justice-imports?${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body,
      ...(typeof body === 'string' ? {} : { duplex: 'half' }),
    } as RequestInit);
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type'), body: JSON.parse(text) };
  };
  /** The justice streams' events, read stream by stream (a read of `$all` lags behind other writers' transactions). */
  const justiceEvents = async (): Promise<RecordedEvent[]> => {
    const streams = await app.db.query<{ stream_id: string }>(
      `SELECT DISTINCT stream_id FROM "${app.eventStoreSchema}".events WHERE stream_id LIKE 'justice%' ORDER BY stream_id`,
    );
    const events = await Promise.all(streams.rows.map(({ stream_id }) => app.store.readStream(stream_id)));
    return events.flat().sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
  };
  beforeAll(async () => {
    app = await startReferralsApp({ AUTH_THROTTLE_BURST: '1000000' });
    const officer = await app.token('officer', ['denver']);
    for (const [name, person] of Object.entries({ MARISOL, TOBIAS })) {
      const recorded = await call(app, 'POST', '/v1/referrals', officer, denverArrestDiversion({ person }));
      expect(recorded.status).toBe(201);
      participants[name] = recorded.body.participantId as string;
    }
  });
  afterAll(async () => {
    await app?.close();
  });

  it('records matched rows, counts the others and lists the bad ones (CSV, as the program)', async () => {
    const answer = await post(await app.token('program_admin', ['denver']), CSV);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      jurisdiction: 'denver',
      coveredThrough: '2025-06-30',
      rows: 10,
      accepted: 8,
      matched: 3,
      comparison: 5,
      duplicates: 0,
      rejected: [
        { line: 10, reason: 'invalid_date', field: 'eventDate' },
        { line: 11, reason: 'unknown_kind', field: 'kind' },
      ],
      rejectedTotal: 2,
      comparisonCounts: { counted: true, parts: 1 },
    });
    const record = await app.store.readStream(`justicerecord-${participants.MARISOL}`);
    expect(record.map((e) => (e.data as { kind: string }).kind)).toEqual(['arrest', 'charge', 'jail_release']);
  });

  it('records and counts NDJSON too; the data warehouse is not told which rows matched', async () => {
    const answer = await post(await app.token('integrator', ['denver']), NDJSON, { type: 'application/x-ndjson' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      rows: 5,
      accepted: 3,
      matched: null,
      comparison: null,
      duplicates: null,
      comparisonCounts: null,
      rejected: [
        { line: 4, reason: 'invalid_json' },
        { line: 5, reason: 'jail_days_not_a_release', field: 'jailDays' },
      ],
      rejectedTotal: 2,
    });
    const record = await app.store.readStream(`justicerecord-${participants.TOBIAS}`);
    expect(record.map((e) => (e.data as { kind: string }).kind)).toEqual(['booking', 'prison_admission']);
  });

  it('appends nothing when the same file comes again', async () => {
    const before = (await justiceEvents()).length;
    const answer = await post(await app.token('program_admin', ['denver']), CSV);
    expect(answer.body).toMatchObject({
      rows: 10,
      matched: 0,
      duplicates: 3,
      comparison: 5,
      comparisonCounts: { counted: false, parts: 0 },
    });
    expect((await justiceEvents()).length).toBe(before);
  });

  it('counts the comparison cohort as aggregates only', async () => {
    const parts = (await justiceEvents())
      .filter((e) => e.streamId.startsWith('justicecomparison-'))
      .map((e) => e.data as { counts: unknown[]; survival: unknown[]; coveredThrough: string });
    expect(parts).toHaveLength(2);
    const zero = { arrests: 0, charges: 0, felonyCharges: 0, bookings: 0, jailDays: 0, prisonAdmissions: 0 };
    const [csv, ndjson] = parts;
    expect(csv.counts).toEqual([
      { ...zero, district: '1', month: '2025-05', equityGroup: 'asian_asian_american', arrests: 1, bookings: 1 },
      { ...zero, district: '6', month: '2025-01', equityGroup: 'black_african_american_african', arrests: 1 },
      {
        ...zero,
        district: '6',
        month: '2025-02',
        equityGroup: 'black_african_american_african',
        arrests: 1,
        charges: 1,
      },
    ]);
    expect(csv.survival).toEqual([
      {
        district: '1',
        indexYear: 2025,
        indexQuarter: 2,
        equityGroup: 'asian_asian_american',
        day: 60,
        outcome: 'censored',
        people: 1,
      },
      {
        district: '6',
        indexYear: 2025,
        indexQuarter: 1,
        equityGroup: 'black_african_american_african',
        day: 30,
        outcome: 'rearrested',
        people: 1,
      },
    ]);
    expect(ndjson.counts).toEqual([{ ...zero, district: '2', month: '2025-06', equityGroup: 'multiple', arrests: 1 }]);
    expect(ndjson.survival).toEqual([
      {
        district: '2',
        indexYear: 2025,
        indexQuarter: 2,
        equityGroup: 'multiple',
        day: 15,
        outcome: 'censored',
        people: 1,
      },
    ]);
  });

  it('stores no name, birth date or source id in clear anywhere in the event store', async () => {
    const schema = app.eventStoreSchema;
    const stored = await app.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM "${schema}".events WHERE stream_id LIKE 'justice%'`,
    );
    expect(Number(stored.rows[0].n)).toBe(7);
    for (const value of IDENTITY_VALUES) {
      const found = await app.db.query<{ n: string }>(
        `SELECT count(*) AS n FROM "${schema}".events x WHERE strpos(lower(x::text), lower($1)) > 0`,
        [value],
      );
      expect({ value, rows: Number(found.rows[0].n) }).toEqual({ value, rows: 0 });
    }
    // Sealed, not lost: the store opens the identity for the service that holds the key.
    const [arrest] = await app.store.readStream(`justicerecord-${participants.MARISOL}`, { maxCount: 1 });
    expect((arrest.data as { identity: { $sealed: string } }).identity.$sealed).toBeDefined();
  });

  it('publishes valid integration events with no identity, comparison counts under the cohort id', async () => {
    const published = (await justiceEvents()).map((event) => referralsPublication.map(event)!) as IntegrationEvent[];
    for (const event of published) {
      assertValidIntegrationEvent(event, TOPICS.referrals);
      const text = JSON.stringify(event).toLowerCase();
      for (const value of IDENTITY_VALUES)
        expect({ value, found: text.includes(value.toLowerCase()) }).toEqual({ value, found: false });
    }
    expect(
      published.filter((e) => e.type === 'lead.justice.record-imported').map((e) => [e.participantId, e.data]),
    ).toEqual(
      expect.arrayContaining([
        [
          participants.MARISOL,
          expect.objectContaining({
            kind: 'charge',
            felony: true,
            offenseCode: 'CO-18-18-403.5',
            occurredOn: '2025-04-03',
          }),
        ],
        [participants.MARISOL, expect.objectContaining({ kind: 'jail_release', jailDays: 8, district: '6' })],
        [participants.TOBIAS, expect.objectContaining({ kind: 'prison_admission', district: '2' })],
      ]),
    );
    const comparisons = published.filter((e) => e.type === 'lead.justice.comparison-counted');
    expect(comparisons.map((e) => e.participantId)).toEqual([
      comparisonCohortId('denver'),
      comparisonCohortId('denver'),
    ]);
  });

  it('recognises records imported before a merge, and records new ones for the surviving participant', async () => {
    const officer = await app.token('officer', ['denver']);
    const admin = await app.token('program_admin', ['denver']);
    const spelt = async (familyName: string) => {
      const person = { givenName: 'Ingrid', familyName, dateOfBirth: '1968-11-30' };
      const recorded = await call(app, 'POST', '/v1/referrals', officer, denverArrestDiversion({ person }));
      return recorded.body.participantId as string;
    };
    const [merged, survivor] = [await spelt('Solberg'), await spelt('Solberg Haugen')];
    const row = (recordId: string, eventDate: string) =>
      `${HEADER}\narrest,${recordId},Ingrid,Solberg,1968-11-30,,,,6,${eventDate},,,\n`;
    expect((await post(admin, row('MRG-1', '2025-03-01'))).body).toMatchObject({ matched: 1 });
    const merge = await call(app, 'POST', `/v1/participants/${merged}/merge`, admin, {
      into: survivor,
      reasonCode: 'name_misspelt',
    });
    expect(merge.status).toBe(200);
    // Another file with the same record and a new one: the first is known (in the merged record's stream).
    const again = await post(
      admin,
      `${row('MRG-1', '2025-03-01')}arrest,MRG-2,Ingrid,Solberg,1968-11-30,,,,6,2025-04-01,,,\n`,
    );
    expect(again.body).toMatchObject({ rows: 2, matched: 1, duplicates: 1, comparison: 0 });
    const ids = async (participantId: string) =>
      (await app.store.readStream(`justicerecord-${participantId}`).catch(() => [])).map(
        (e) => (e.data as { occurredOn: string }).occurredOn,
      );
    expect({ merged: await ids(merged), survivor: await ids(survivor) }).toEqual({
      merged: ['2025-03-01'],
      survivor: ['2025-04-01'],
    });
  });

  it('answers another jurisdiction 404, an officer 403, and refuses what it cannot read', async () => {
    const foreign = await app.token('program_admin', ['san-luis-valley']);
    expect((await post(foreign, CSV)).status).toBe(404);
    expect((await post(await app.token('officer', ['denver']), CSV)).status).toBe(403);
    const admin = await app.token('program_admin', ['denver']);
    const json = await post(admin, '{}', { type: 'application/json' });
    expect({ status: json.status, type: json.type }).toEqual({
      status: 415,
      type: expect.stringContaining('problem+json'),
    });
    expect((await post(admin, CSV, { query: 'jurisdiction=denver' })).status).toBe(400);
    expect((await post(admin, CSV, { query: 'jurisdiction=denver&coveredThrough=2025-02-30' })).status).toBe(400);
    const unknownColumn = await post(admin, `${HEADER},ssn\n`);
    expect(unknownColumn).toMatchObject({ status: 400, body: { code: 'unknown_column' } });
  });

  it('streams a large file with bounded memory', async () => {
    const ROWS = Number(process.env.JUSTICE_ROWS ?? 100_000);
    const PEOPLE = 1000;
    const file = path.join(os.tmpdir(), `justice-import-${process.pid}.csv`);
    const day = (n: number) => new Date(Date.UTC(2020, 0, 1) + (n % 1500) * 86_400_000).toISOString().slice(0, 10);
    const out = fs.createWriteStream(file);
    out.write(`${HEADER}\n`);
    for (let sent = 0; sent < ROWS;) {
      let chunk = '';
      for (let i = 0; i < 1000 && sent < ROWS; i++, sent++) {
        chunk += `arrest,BULK-${sent},Bulk,Person${sent % PEOPLE}-${'x'.repeat(60)},1970-01-01,,W,N,6,${day(sent)},,,\n`;
      }
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    await new Promise<void>((resolve) => out.end(() => resolve()));
    const bytes = fs.statSync(file).size;

    // What stays reachable in this process (the service's), not garbage V8 has yet to collect: a full collection
    // before each sample. The client is another process (curl streaming the file), so only the service is measured.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const memory = () => {
      gc();
      const { heapUsed, arrayBuffers } = process.memoryUsage();
      return heapUsed + arrayBuffers;
    };
    const baseline = memory();
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, memory())), Number(process.env.JUSTICE_SAMPLE_MS ?? 1000));
    const token = await app.token('integrator', ['denver']);
    const curl = spawn('curl', [
      '-sS',
      '-X',
      'POST',
      '-H',
      `authorization: Bearer ${token}`,
      '-H',
      'content-type: text/csv',
      '-H',
      'expect:',
      '-T',
      file,
      `${app.url}/v1/justice-imports?jurisdiction=denver&coveredThrough=2025-06-30`,
    ]);
    let text = '';
    curl.stdout.on('data', (data: Buffer) => (text += data.toString('utf8')));
    await new Promise((resolve) => curl.on('close', resolve));
    clearInterval(sampler);
    fs.rmSync(file, { force: true });
    expect(JSON.parse(text)).toMatchObject({
      rows: ROWS,
      accepted: ROWS,
      rejectedTotal: 0,
      // The data warehouse is not told how the comparison was counted either (its cells would give a match away).
      comparisonCounts: null,
    });
    const growth = peak - baseline;
    // Coarse: the body passes through, never held; what grows is one entry per comparison person and the cells.
    console.log(
      `justice import: ${ROWS} rows, ${(bytes / 2 ** 20).toFixed(1)} MiB, heap growth ${(growth / 2 ** 20).toFixed(1)} MiB`,
    );
    expect(growth).toBeLessThan(bytes / 2);
  }, 300_000);
});

describe('the justice-system import’s limits', () => {
  let app: ReferralsApp;
  beforeAll(async () => {
    app = await startReferralsApp({
      AUTH_THROTTLE_BURST: '1000000',
      JUSTICE_IMPORT_MAX_BYTES: '4096',
      JUSTICE_IMPORT_MAX_COMPARISON_PEOPLE: '2',
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  const url = () => `${app.url}/v1/justice-imports?jurisdiction=denver&coveredThrough=2025-06-30`;
  const person = (n: number) =>
    `arrest,LIM-${n},Limit,Person${String.fromCharCode(97 + n)},1970-01-01,,,,6,2025-03-04,,,`;

  it('refuses a body over the limit: declared (before reading) or streamed (when it passes it)', async () => {
    const token = await app.token('integrator', ['denver']);
    const big = `${HEADER}\n${Array.from({ length: 80 }, (_, n) => person(n % 2)).join('\n')}\n`;
    expect(big.length).toBeGreaterThan(4096);
    const declared = await fetch(url(), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: big,
    });
    expect({ status: declared.status, type: declared.headers.get('content-type') }).toEqual({
      status: 413,
      type: expect.stringContaining('problem+json'),
    });
    const bytes = new TextEncoder().encode(big);
    const streamed = await fetch(url(), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 512) controller.enqueue(bytes.slice(i, i + 512));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it('refuses a file with more people outside LEAD than the tally may hold', async () => {
    const token = await app.token('integrator', ['denver']);
    const answer = await fetch(url(), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: [HEADER, person(0), person(1), person(2)].join('\n'),
    });
    expect(answer.status).toBe(422);
    expect(await answer.json()).toMatchObject({ code: 'comparison_people_limit' });
  });
});
