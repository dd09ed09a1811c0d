import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { RecordedEvent } from '@lead/event-store';
import { StreamNotFound } from '@lead/event-store';
import { DATABASE_POOL } from '@lead/platform';
import { eventually } from '@lead/testing';
import type pg from 'pg';
import {
  AUTHORIZATION_FAILED,
  failureAuditStream,
  REQUESTS_REFUSED,
  type RequestsRefused,
} from '../src/audit/access-audit-events.js';
import type { AccessAuditPage } from '../src/audit/access-audit-log.js';
import { RefusalAudit } from '../src/audit/refusal-audit.js';
import { seedParticipant } from './participants-app/fixtures.js';
import { startParticipantsApp, type ParticipantsApp } from './participants-app/participants-app.js';

interface Answer {
  status: number;
  contentType?: string;
  body: string;
}

/** A request from a chosen loopback address (127.0.0.0/8 is all local on Linux), to act as distinct clients. */
function requestFrom(localAddress: string, url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { localAddress, headers, agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode!, contentType: response.headers['content-type'], body }),
      );
    });
    request.on('error', reject);
  });
}

const WINDOW_MS = 1000;

/**
 * Refused requests are counted per address, reason and window (a second here) and written to the access audit as
 * one `RequestsRefused` event per address per window: a flood costs the store one event per address and minute.
 */
describe('the refusal audit', () => {
  let app: ParticipantsApp;
  let refusals: RefusalAudit;

  beforeAll(async () => {
    app = await startParticipantsApp({
      // A bucket that barely refills: on a busy machine the flood may take seconds, and a refill must not change the count.
      env: {
        ACCESS_AUDIT_REFUSAL_WINDOW_SECONDS: String(WINDOW_MS / 1000),
        AUTH_THROTTLE_BURST: '50',
        AUTH_THROTTLE_PER_MINUTE: '1',
      },
    });
    refusals = app.service.app.get(RefusalAudit);
  });
  afterAll(async () => {
    await app?.close();
  });

  /** Flushes this replica's counts, waits for their windows to close, and writes them; returns today's refusal events. */
  async function writeRefusals(): Promise<RecordedEvent[]> {
    await refusals.flush();
    await new Promise((resolve) => setTimeout(resolve, 2 * WINDOW_MS + 100));
    await refusals.worker.writeClosedWindows();
    try {
      return await app.store.readStream(failureAuditStream(new Date()));
    } catch (error) {
      if (error instanceof StreamNotFound) return [];
      throw error;
    }
  }
  const of = (events: RecordedEvent[], address: string) =>
    events.filter((event) => event.type === REQUESTS_REFUSED && (event.data as RequestsRefused).address === address);

  it('writes a flood of anonymous requests as one event per address and window, with its counts', async () => {
    const meUrl = `${app.url}/v1/me`;
    const started = Date.now();
    for (let batch = 0; batch < 6; batch++)
      await Promise.all(Array.from({ length: 50 }, () => requestFrom('127.0.8.1', meUrl)));
    const ended = Date.now();
    const events = await writeRefusals();
    const mine = of(events, '127.0.8.1');
    const windowsSpanned = Math.floor(ended / WINDOW_MS) - Math.floor(started / WINDOW_MS) + 1;
    expect(mine.length).toBeGreaterThanOrEqual(1);
    expect(mine.length).toBeLessThanOrEqual(windowsSpanned);
    const counts = mine.flatMap((event) => (event.data as RequestsRefused).refusals);
    expect(counts.reduce((sum, count) => sum + count.count, 0)).toBe(300);
    // 50 were answered 401 before the address's bucket ran dry (one more if a slow flood outlasted a refill); the rest
    // were throttled.
    const unauthenticated = counts.filter((count) => count.status === 401).reduce((sum, count) => sum + count.count, 0);
    expect(unauthenticated).toBeGreaterThanOrEqual(50);
    expect(unauthenticated).toBeLessThanOrEqual(51);
    expect(counts.every((count) => count.reason === 'missing' && count.route === 'GET /v1/me')).toBe(true);
    expect(events.filter((event) => event.type === AUTHORIZATION_FAILED)).toEqual([]);
    for (const event of mine) expect((event.data as RequestsRefused).total).toBeGreaterThan(0);
  });

  it('names the subject of a genuine but refused token and of a role the route does not allow', async () => {
    const expired = await app.signer.sign(
      { subject: 'old-token-holder', agency: 'DPD', roles: ['officer'], jurisdictions: ['denver'] },
      {
        issuer: app.settings.AUTH_ISSUER,
        audience: app.settings.AUTH_AUDIENCE,
        lifetimeSeconds: 60,
        issuedAtOffsetSeconds: -600,
      },
    );
    const integrator = await app.token('integrator', ['denver'], { subject: 'wh-robot' });
    const path = `${app.url}/v1/participants/${randomUUID()}`;
    expect((await requestFrom('127.0.8.2', path, { authorization: `Bearer ${expired}` })).status).toBe(401);
    expect((await requestFrom('127.0.8.2', path, { authorization: 'Bearer forged.token.x' })).status).toBe(401);
    const forbidden = await requestFrom('127.0.8.2', path, {
      authorization: `Bearer ${integrator}`,
      'x-purpose-of-use': 'audit',
    });
    expect(forbidden.status).toBe(403);
    // The three requests may straddle a window's edge on a busy machine: their counts are read across its events.
    const counted = of(await writeRefusals(), '127.0.8.2').flatMap((event) => (event.data as RequestsRefused).refusals);
    expect(counted).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ status: 401, reason: 'expired', subject: 'old-token-holder', count: 1 }),
        expect.objectContaining({ status: 401, reason: 'malformed', subject: null, count: 1 }),
        expect.objectContaining({
          status: 403,
          reason: 'role-not-allowed',
          subject: 'wh-robot',
          agency: 'DATA-WH',
          route: 'GET /v1/participants/:participantId',
          method: 'GET',
        }),
      ]),
    );

    // The auditor's query finds them by subject (it reads the log's global order, which holds back an event while an
    // older transaction of the cluster is open: on a busy machine, a moment).
    const auditor = await app.token('auditor', ['denver']);
    await eventually(
      async () =>
        (
          (await (
            await fetch(`${app.url}/v1/audit/access-events?type=RequestsRefused&subject=wh-robot`, {
              headers: { authorization: `Bearer ${auditor}` },
            })
          ).json()) as AccessAuditPage
        ).entries.map((entry) => (entry.data as RequestsRefused).address),
      (addresses) => addresses.includes('127.0.8.2'),
      "the refusal in the auditor's query",
    );
  });

  it("counts a 404 for another jurisdiction's record as not-visible, answered exactly like a missing one", async () => {
    const { participantId } = await seedParticipant(app, 'hartford-new-haven');
    const token = await app.token('case_manager', ['denver'], { subject: 'prober-1' });
    const headers = { authorization: `Bearer ${token}`, 'x-purpose-of-use': 'case-management' };
    const foreign = await requestFrom('127.0.8.3', `${app.url}/v1/participants/${participantId}`, headers);
    const missingId = randomUUID();
    const missing = await requestFrom('127.0.8.3', `${app.url}/v1/participants/${missingId}`, headers);
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    const comparable = (answer: Answer, id: string) => {
      const { correlationId: _ignored, ...rest } = JSON.parse(answer.body.replaceAll(id, '<id>'));
      return rest;
    };
    expect(comparable(foreign, participantId)).toEqual(comparable(missing, missingId));

    const [event] = of(await writeRefusals(), '127.0.8.3');
    expect((event.data as RequestsRefused).refusals).toEqual([
      expect.objectContaining({
        status: 404,
        reason: 'not-visible',
        subject: 'prober-1',
        agency: 'WOW',
        route: 'GET /v1/participants/:participantId',
        count: 1,
      }),
    ]);
  });

  it('counts what the HTTP parser refused (headers over 16 KB) against the address, answered problem+json', async () => {
    const answer = await requestFrom('127.0.8.4', `${app.url}/v1/me`, { 'x-padding': 'a'.repeat(20_000) });
    expect(answer.status).toBe(431);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    const [event] = of(await writeRefusals(), '127.0.8.4');
    expect((event.data as RequestsRefused).refusals).toEqual([
      expect.objectContaining({ status: 431, reason: 'headers-too-large', route: null, count: 1 }),
    ]);
  });

  it('writes a window once: counts written again after a cut-off cycle (append done, delete not) add no event', async () => {
    for (let attempt = 0; attempt < 3; attempt++) await requestFrom('127.0.8.5', `${app.url}/v1/me`);
    const before = of(await writeRefusals(), '127.0.8.5');
    // One event per window: three requests on a busy machine may straddle a window's edge.
    expect(before.length).toBeGreaterThanOrEqual(1);
    expect(before.length).toBeLessThanOrEqual(2);
    // Put the written counts back, as a cycle killed between its append and its delete leaves them.
    const pool = app.service.app.get<pg.Pool>(DATABASE_POOL);
    for (const data of before.map((event) => event.data as RequestsRefused))
      for (const count of data.refusals)
        await pool.query(
          `INSERT INTO "${app.service.serviceSchema}".refusal_counts
           (window_start, address, status, reason, method, route, subject, agency, count, first_at, last_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [
            data.windowStart,
            data.address,
            count.status,
            count.reason,
            count.method,
            count.route ?? '',
            count.subject ?? '',
            count.agency ?? '',
            count.count,
            count.firstAt,
            count.lastAt,
          ],
        );
    await refusals.worker.writeClosedWindows();
    const after = of(await app.store.readStream(failureAuditStream(new Date())), '127.0.8.5');
    expect(after.map((event) => event.eventId)).toEqual(before.map((event) => event.eventId));
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM "${app.service.serviceSchema}".refusal_counts WHERE address = '127.0.8.5'`,
    );
    expect(rows[0].n).toBe(0);
  });
});
