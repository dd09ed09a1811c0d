import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import v8 from 'node:v8';
import vm from 'node:vm';
import { PersonalDataCipher } from '@lead/crypto';
import { callService } from '@lead/testing';
import { EXPORT_COLUMNS } from '../src/evaluator-export/export-columns.js';
import type { ExportDisclosure } from '../src/evaluator-export/export-disclosure-log.js';
import { call, eventually, publish, startReportingApp, type ReportingApp } from './reporting-app.js';

const NOW = '2026-12-03T12:00:00.000Z';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const FULL_DATE = /\d{4}-\d{2}-\d{2}/;
const INSTANT = /\d{2}:\d{2}:\d{2}/;

/** A file as received: the bytes, its text, its headers. */
interface Received {
  status: number;
  headers: Headers;
  text: string;
  sha256: string;
}

/**
 * Evaluator exports of a Denver quarter told with every identifier the services carry (participant, referral, case
 * and matter ids, staff ids, exact instants, demographics sealed with the participant's key): none of them is in any
 * file; a limited data set carries dates only under an agreement in force with the caller's agency, and only its
 * fields; every export is in the disclosure log with its row count and digest; 200,000 facts stream in bounded memory.
 */
describe('evaluator exports', () => {
  let app: ReportingApp;
  let admin: string;
  let evaluator: string;
  let otherEvaluator: string;
  let auditor: string;
  let published = 0;
  const identifiers: string[] = [];
  const sealedValues: string[] = [];
  const instants: string[] = [];
  let participantsInQuarter = 0;
  let factsInQuarter = 0;

  const send = async (
    subject: { participantId: string; jurisdiction: string; correlationId: string },
    type: Parameters<typeof publish>[2],
    data: unknown,
    time: string,
  ) => {
    await publish(app, subject, type, data as never, time);
    published += 1;
  };

  beforeAll(async () => {
    app = await startReportingApp({}, new Date(NOW));
    admin = await app.token('program_admin', ['denver'], { subject: 'admin-4410' });
    evaluator = await app.token('evaluator', ['denver'], { agency: 'UW-EVAL', subject: 'eval-8801' });
    otherEvaluator = await app.token('evaluator', ['denver'], { agency: 'RAND-EVAL', subject: 'eval-9902' });
    auditor = await app.token('auditor', ['denver']);
    const cipher = app.app.get(PersonalDataCipher);
    const journey = async (jurisdiction: string, day: string, i: number) => {
      const participantId = randomUUID();
      const subject = { participantId, jurisdiction, correlationId: randomUUID() };
      const [referralId, caseId, matterId] = [randomUUID(), randomUUID(), randomUUID()];
      const at = `${day}T17:${String(10 + i).padStart(2, '0')}:37.000Z`;
      identifiers.push(participantId, referralId, caseId, matterId, subject.correlationId);
      instants.push(at);
      const staffId = `officer-77${String(i).padStart(2, '0')}`;
      identifiers.push(staffId);
      await send(
        subject,
        'lead.referral.recorded',
        {
          referralId,
          door: 'arrest_diversion',
          district: i % 2 ? 'D3' : 'D6',
          referredBy: { agency: 'DPD', staffId },
          referredAt: at,
          offenseCode: 'CO-18-18-403.5',
          protocolVersion: '2026-12',
        },
        at,
      );
      await send(
        subject,
        'lead.referral.screened',
        {
          referralId,
          protocolVersion: '2026-12',
          outcome: 'eligible',
          criteria: [{ criterion: 'divertible_offense', outcome: 'pass' }],
        },
        at,
      );
      await send(
        subject,
        'lead.referral.prosecutor-eligibility-decided',
        {
          referralId,
          decision: 'confirmed',
          outcome: 'eligible',
          reasonCode: 'meets_protocol',
          prosecutorAgency: 'DDA',
          decidedAt: at,
        },
        at,
      );
      await send(
        subject,
        'lead.referral.handed-off',
        {
          referralId,
          calledAt: at,
          arrivedAt: at,
          minutesFromCall: 10 + i,
          withinTarget: true,
          targetMinutes: 30,
          caseManagerAgency: 'ARTS',
        },
        at,
      );
      await send(subject, 'lead.referral.accepted', { referralId, acceptedAt: at }, at);
      await send(subject, 'lead.case.opened', { caseId, referralId, providerAgency: 'ARTS', openedAt: at }, at);
      const sealed = await cipher.seal(participantId, {
        raceEthnicity: i % 3 ? ['white'] : ['black_african_american_african', 'hispanic_latina_e_o'],
        sex: 'female',
      });
      sealedValues.push(sealed.data);
      await send(subject, 'lead.case.demographics-recorded', { caseId, recordedAt: at, demographics: sealed }, at);
      await send(
        subject,
        'lead.prosecution.charge-held',
        {
          matterId,
          referralId,
          offenseCode: 'CO-18-18-403.5',
          heldOn: day,
          intakeDeadline: day,
        },
        at,
      );
      await send(
        subject,
        'lead.case.intake-completed',
        { caseId, completedOn: day, releaseOfInformationSigned: true },
        at,
      );
      await send(
        subject,
        'lead.prosecution.charge-declined',
        { matterId, reason: 'intake_completed', declinedOn: day },
        at,
      );
      await send(
        subject,
        'lead.case.contact-logged',
        {
          caseId,
          contactId: randomUUID(),
          contactKind: 'street_contact',
          successful: true,
          contactedOn: day,
        },
        at,
      );
      await send(subject, 'lead.case.exited', { caseId, reason: 'moved_away', exitedAt: at }, at);
      return 12;
    };
    for (let i = 0; i < 12; i++) {
      factsInQuarter += await journey('denver', `2026-0${7 + (i % 3)}-${String(10 + i).padStart(2, '0')}`, i);
      participantsInQuarter += 1;
    }
    // Neither the next quarter's nor another jurisdiction's events are in the quarter's file.
    await journey('denver', '2026-10-02', 20);
    await journey('san-luis-valley', '2026-08-02', 21);
    await eventually(
      async () => (await app.db.query(`SELECT count(*)::int AS n FROM "${app.schema}".program_facts`)).rows[0].n,
      (n: number) => n === published,
      'every published event to be projected',
    );
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  async function download(path: string, token: string, headers: Record<string, string> = {}): Promise<Received> {
    const response = await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
    const bytes = Buffer.from(await response.arrayBuffer());
    return {
      status: response.status,
      headers: response.headers,
      text: bytes.toString('utf8'),
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
  }
  const quarter = '/v1/exports/evaluator?jurisdiction=denver&period=2026-Q3';
  const csvRows = (text: string) =>
    text
      .trimEnd()
      .split('\r\n')
      .map((line) => line.split(','));
  function expectNoIdentifier(text: string): void {
    for (const id of identifiers) expect(text).not.toContain(id);
    for (const sealed of sealedValues) expect(text).not.toContain(sealed.slice(0, 24));
    for (const at of instants) expect(text).not.toContain(at);
    expect(text).not.toMatch(UUID);
    expect(text).not.toMatch(INSTANT);
    expect(text).not.toContain('eval-8801');
    expect(text).not.toContain('admin-4410');
  }
  const exportsLog = async () =>
    (await call(app, '/v1/audit/evaluator-exports?jurisdiction=denver', auditor)).body.exports as ExportDisclosure[];

  it('de-identified: pseudonyms, years, the jurisdiction; no identifier, no date, no sealed value', async () => {
    const file = await download(quarter, evaluator);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, ...rows] = csvRows(file.text);
    expect(header).toEqual([
      'pseudonym',
      'jurisdiction',
      'event_type',
      'year',
      'district',
      'outcome',
      'minutes',
      'equity_group',
      'sex',
    ]);
    expect(rows).toHaveLength(factsInQuarter);
    expectNoIdentifier(file.text);
    expect(file.text).not.toMatch(FULL_DATE);
    expect(new Set(rows.map((r) => r[0])).size).toBe(participantsInQuarter);
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['denver']));
    expect(new Set(rows.map((r) => r[3]))).toEqual(new Set(['2026']));
    // No district is configured as coarse enough: the jurisdiction is the geography.
    expect(new Set(rows.map((r) => r[4]))).toEqual(new Set(['']));
    expect(new Set(rows.map((r) => r[7]))).toEqual(new Set(['white', 'multiple']));

    // Another recipient's pseudonyms are others: the two files cannot be joined.
    const other = await download(`${quarter}&format=ndjson`, otherEvaluator);
    const otherRows = other.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(otherRows).toHaveLength(factsInQuarter);
    expect(Object.keys(otherRows[0])).toEqual(header);
    const mine = new Set(rows.map((r) => r[0]));
    expect(otherRows.filter((r) => mine.has(r.pseudonym as string))).toEqual([]);
    expectNoIdentifier(other.text);
    expect(other.text).not.toMatch(FULL_DATE);

    // NDJSON by Accept too; the same file as the CSV, row for row.
    const ndjson = await download(quarter, evaluator, { accept: 'application/x-ndjson' });
    expect(ndjson.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(
      ndjson.text
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as { pseudonym: string }).pseudonym),
    ).toEqual(rows.map((r) => r[0]));

    // Each is a disclosure: who, for whom, what, how many rows, and the digest of exactly the bytes received.
    const log = await exportsLog();
    const entry = log.find((e) => e.exportId === file.headers.get('x-export-id'))!;
    expect(entry).toMatchObject({
      kind: 'deidentified',
      format: 'csv',
      jurisdiction: 'denver',
      period: '2026-Q3',
      recipientAgency: 'UW-EVAL',
      agreementId: null,
      requestedBy: { subject: 'eval-8801', agency: 'UW-EVAL', role: 'evaluator' },
      outcome: 'completed',
      rows: factsInQuarter,
      bytes: Buffer.byteLength(file.text),
      sha256: file.sha256,
    });
    expect(log.find((e) => e.exportId === other.headers.get('x-export-id'))).toMatchObject({
      recipientAgency: 'RAND-EVAL',
      sha256: other.sha256,
    });
  });

  it('a limited data set: dates only under an agreement in force with the caller’s agency, and only its fields', async () => {
    const recorded = await callService(app.url, 'POST', '/v1/data-use-agreements', admin, {
      jurisdiction: 'denver',
      recipientAgency: 'UW-EVAL',
      purpose: 'Outcome evaluation of LEAD Denver (IRB 2026-114)',
      fields: ['event_date', 'equity_group'],
      expiresAt: '2027-06-30T23:59:59.000Z',
    });
    expect(recorded.status).toBe(201);
    const agreementId = recorded.body.agreementId as string;
    expect(recorded.body).toMatchObject({ status: 'in_force', fields: ['event_date', 'equity_group'] });

    const file = await download(`${quarter}&kind=limited&agreementId=${agreementId}`, evaluator);
    expect(file.status).toBe(200);
    const [header, ...rows] = csvRows(file.text);
    expect(header).toEqual(['pseudonym', 'jurisdiction', 'event_type', 'year', 'event_date', 'equity_group']);
    expect(rows).toHaveLength(factsInQuarter);
    expect(rows.every((r) => /^2026-0[789]-\d{2}$/.test(r[4]))).toBe(true);
    expectNoIdentifier(file.text);
    const entry = (await exportsLog()).find((e) => e.exportId === file.headers.get('x-export-id'))!;
    expect(entry).toMatchObject({ kind: 'limited', agreementId, rows: factsInQuarter, sha256: file.sha256 });
    expect(entry.columns).toEqual(header);

    // Amended, the next file carries the amended fields only.
    const amended = await callService(app.url, 'POST', `/v1/data-use-agreements/${agreementId}/fields`, admin, {
      fields: ['district', 'outcome'],
    });
    expect(amended.status).toBe(200);
    const narrower = await download(`${quarter}&kind=limited&agreementId=${agreementId}`, evaluator);
    expect(csvRows(narrower.text)[0]).toEqual([
      'pseudonym',
      'jurisdiction',
      'event_type',
      'year',
      'district',
      'outcome',
    ]);
    expect(narrower.text).not.toMatch(FULL_DATE);
    expect(narrower.text).toContain(',D3,');

    // Another agency's evaluator may not use it; nor may anyone once it is revoked.
    const foreign = await download(`${quarter}&kind=limited&agreementId=${agreementId}`, otherEvaluator);
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.text)).toMatchObject({ code: 'data_use_agreement_foreign_recipient' });
    const missing = await download(`${quarter}&kind=limited`, evaluator);
    expect(JSON.parse(missing.text)).toMatchObject({ status: 403, code: 'data_use_agreement_missing' });
    const unknown = await download(`${quarter}&kind=limited&agreementId=${randomUUID()}`, evaluator);
    expect(JSON.parse(unknown.text)).toMatchObject({ status: 403, code: 'data_use_agreement_missing' });
    const revoked = await callService(app.url, 'POST', `/v1/data-use-agreements/${agreementId}/revocation`, admin, {
      reason: 'study_ended',
    });
    expect(revoked.body).toMatchObject({ status: 'revoked', revoked: { reason: 'study_ended' } });
    const afterRevocation = await download(`${quarter}&kind=limited&agreementId=${agreementId}`, evaluator);
    expect(afterRevocation.status).toBe(403);
    expect(JSON.parse(afterRevocation.text)).toMatchObject({ code: 'data_use_agreement_revoked' });
  });

  it('refuses a limited data set under an expired agreement', async () => {
    const recorded = await callService(app.url, 'POST', '/v1/data-use-agreements', admin, {
      jurisdiction: 'denver',
      recipientAgency: 'UW-EVAL',
      purpose: 'A pilot',
      fields: ['event_date'],
      expiresAt: '2026-12-04T00:00:00.000Z',
    });
    const path = `${quarter}&kind=limited&agreementId=${recorded.body.agreementId as string}`;
    expect((await download(path, evaluator)).status).toBe(200);
    app.clock.set('2026-12-04T00:00:00.000Z');
    try {
      const expired = await download(path, evaluator);
      expect(expired.status).toBe(403);
      expect(JSON.parse(expired.text)).toMatchObject({
        type: 'urn:lead:problem:data-use-agreement-refused',
        code: 'data_use_agreement_expired',
      });
    } finally {
      app.clock.set(NOW);
    }
  });

  it('answers evaluators only; another jurisdiction is not found; periods must be closed', async () => {
    for (const role of ['officer', 'prosecutor', 'integrator', 'case_manager', 'program_admin', 'auditor'] as const)
      expect({ role, status: (await download(quarter, await app.token(role, ['denver']))).status }).toEqual({
        role,
        status: 403,
      });
    const foreign = await app.token('evaluator', ['san-luis-valley'], { agency: 'UW-EVAL' });
    expect((await download(quarter, foreign)).status).toBe(404);
    expect((await download('/v1/exports/evaluator?jurisdiction=denver&period=2026-Q4', evaluator)).status).toBe(400);
    // Agreements are recorded by program admins of the jurisdiction only.
    const body = {
      jurisdiction: 'denver',
      recipientAgency: 'UW-EVAL',
      purpose: 'x',
      fields: ['event_date'],
      expiresAt: '2027-01-01T00:00:00.000Z',
    };
    expect((await callService(app.url, 'POST', '/v1/data-use-agreements', evaluator, body)).status).toBe(403);
    const slvAdmin = await app.token('program_admin', ['san-luis-valley']);
    expect((await callService(app.url, 'POST', '/v1/data-use-agreements', slvAdmin, body)).status).toBe(404);
    expect((await call(app, '/v1/audit/evaluator-exports', evaluator)).status).toBe(403);
  });

  it('describes every column in the data dictionary', async () => {
    const dictionary = (await call(app, '/v1/exports/evaluator/dictionary', evaluator)).body as {
      columns: Array<{ name: string; type: string; meaning: string; source: string }>;
    };
    expect(dictionary.columns.map((c) => c.name)).toEqual(EXPORT_COLUMNS.map((c) => c.name));
    for (const column of dictionary.columns) {
      expect(column.meaning.length).toBeGreaterThan(10);
      expect(column.source.length).toBeGreaterThan(5);
    }
  });

  it('streams 200,000 facts in bounded memory, and logs the export', async () => {
    // Straight into the facts: a quarter (2025-Q1, 90 days) of 20,000 participants, ten events each, a tenth of them
    // demographics.
    await app.db.query(
      `INSERT INTO "${app.schema}".program_facts
         (event_id, log_position, type, jurisdiction, participant_id, occurred_on, recorded_at, district, outcome,
          minutes, attrs)
       SELECT gen_random_uuid(), 1000000 + i,
              CASE WHEN i % 10 = 0 THEN 'lead.case.demographics-recorded' ELSE 'lead.case.contact-logged' END,
              'denver', md5('participant-' || (i / 10))::uuid, DATE '2025-01-01' + (i % 90),
              TIMESTAMPTZ '2025-03-31T12:00:00Z', NULL,
              CASE WHEN i % 10 = 0 THEN NULL ELSE 'street_contact' END, NULL,
              CASE WHEN i % 10 = 0 THEN '{"demographics": {"raceEthnicity": ["white"], "sex": "male"}}'::jsonb
                   ELSE '{}'::jsonb END
         FROM generate_series(0, 199999) AS i`,
    );
    await app.db.query(`ANALYZE "${app.schema}".program_facts`);
    // The live heap, not the garbage between collections: a collection forced before each sample.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const liveHeap = () => (gc(), process.memoryUsage().heapUsed);
    const baseline = liveHeap();
    let peak = baseline;
    let sampledAt = 0;
    let lines = 0;
    let bytes = 0;
    const digest = createHash('sha256');
    const { status, exportId } = await new Promise<{ status: number; exportId: string }>((resolve, reject) => {
      const request = http.get(
        `${app.url}/v1/exports/evaluator?jurisdiction=denver&period=2025-Q1&format=ndjson`,
        { headers: { authorization: `Bearer ${evaluator}` } },
        (response) => {
          response.on('data', (chunk: Buffer) => {
            digest.update(chunk);
            bytes += chunk.length;
            for (const byte of chunk) if (byte === 10) lines += 1;
            if (bytes - sampledAt >= 2 ** 21) {
              sampledAt = bytes;
              peak = Math.max(peak, liveHeap());
            }
          });
          response.on('end', () =>
            resolve({ status: response.statusCode!, exportId: String(response.headers['x-export-id']) }),
          );
          response.on('error', reject);
        },
      );
      request.on('error', reject);
    });
    expect(status).toBe(200);
    expect(lines).toBe(200_000);
    const growth = peak - baseline;
    console.log(
      `evaluator export: ${lines} rows, ${(bytes / 2 ** 20).toFixed(1)} MiB streamed; ` +
        `live heap grew by at most ${(growth / 2 ** 20).toFixed(1)} MiB`,
    );
    // Coarse: the whole file held at once would be its size in heap at least; a page is about 0.2 MiB.
    expect(bytes).toBeGreaterThan(32 * 2 ** 20);
    expect(growth).toBeLessThan(16 * 2 ** 20);
    const entry = (await exportsLog()).find((e) => e.exportId === exportId)!;
    expect(entry).toMatchObject({ outcome: 'completed', rows: 200_000, bytes, sha256: digest.digest('hex') });
  }, 300_000);

  it('stops reading when the recipient goes away, and logs the export as interrupted with what was sent', async () => {
    const exportId = await new Promise<string>((resolve, reject) => {
      const request = http.get(
        `${app.url}/v1/exports/evaluator?jurisdiction=denver&period=2025-Q1`,
        { headers: { authorization: `Bearer ${evaluator}` } },
        (response) => {
          response.once('data', () => {
            request.destroy();
            resolve(String(response.headers['x-export-id']));
          });
        },
      );
      request.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
    });
    const entry = await eventually(
      async () => (await exportsLog()).find((e) => e.exportId === exportId),
      (found) => found?.outcome !== 'in_progress',
      'the interrupted export to be closed in the log',
    );
    expect(entry).toMatchObject({ outcome: 'interrupted', interruptedBy: 'client_disconnected' });
    expect(entry!.rows).toBeLessThan(200_000);
  });

  it('shows an evaluator its own agency’s agreement only', async () => {
    const recorded = await callService(app.url, 'POST', '/v1/data-use-agreements', admin, {
      jurisdiction: 'denver',
      recipientAgency: 'UW-EVAL',
      purpose: 'Cost study',
      fields: ['minutes'],
      expiresAt: '2027-12-31T00:00:00.000Z',
    });
    const path = `/v1/data-use-agreements/${recorded.body.agreementId as string}`;
    expect((await call(app, path, evaluator)).body).toMatchObject({ recipientAgency: 'UW-EVAL', status: 'in_force' });
    expect((await call(app, path, otherEvaluator)).status).toBe(404);
    expect((await call(app, path, await app.token('program_admin', ['san-luis-valley']))).status).toBe(404);
    expect((await call(app, path, await app.token('officer', ['denver']))).status).toBe(403);
  });
});
