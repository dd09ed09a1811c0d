import http from 'node:http';
import { AccessAuditController } from '../src/audit/access-audit.controller.js';
import { ADDRESS_THROTTLE_LIFTED, throttleAuditStream } from '../src/audit/access-audit-events.js';
import { AddressThrottleController } from '../src/throttle/address-throttle.controller.js';
import { addressThrottlePolicy } from '../src/policy/standard-policies.js';
import { MeController } from './participants-app/me.controller.js';
import { ParticipantsController } from './participants-app/participants.controller.js';
import { participantsAppPolicy } from './participants-app/participants-app.policy.js';
import { startParticipantsApp, type ParticipantsApp } from './participants-app/participants-app.js';

interface Answer {
  status: number;
  retryAfter?: string;
  contentType?: string;
  body: string;
}

/** GET from a chosen loopback address (127.0.0.0/8 is all local on Linux), to act as distinct clients. */
function getFrom(
  localAddress: string,
  url: string,
  token?: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method, localAddress, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } },
      (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode!,
            body,
            contentType: response.headers['content-type'],
            ...(response.headers['retry-after'] ? { retryAfter: String(response.headers['retry-after']) } : {}),
          }),
        );
      },
    );
    request.on('error', reject);
    request.end();
  });
}

const policy = { ...participantsAppPolicy, ...addressThrottlePolicy };
const controllers = [ParticipantsController, MeController, AccessAuditController, AddressThrottleController];
/** A small bucket that barely refills, so a test can empty it and see it stay empty. */
const THROTTLE = { AUTH_THROTTLE_BURST: '3', AUTH_THROTTLE_PER_MINUTE: '1' };

describe('the refused-request throttle', () => {
  let app: ParticipantsApp;
  let meUrl: string;

  beforeAll(async () => {
    app = await startParticipantsApp({ env: THROTTLE, policy, controllers });
    meUrl = `${app.url}/v1/me`;
  });
  afterAll(async () => {
    await app?.close();
  });

  const signed = (subject: string, overrides: { audience?: string; issuedAtOffsetSeconds?: number }) =>
    app.signer.sign(
      { subject, agency: 'DPD', roles: ['officer'], jurisdictions: ['denver'] },
      {
        issuer: app.settings.AUTH_ISSUER,
        audience: overrides.audience ?? app.settings.AUTH_AUDIENCE,
        lifetimeSeconds: 60,
        issuedAtOffsetSeconds: overrides.issuedAtOffsetSeconds ?? 0,
      },
    );

  it("never locks a subject out: replays of the victim's expired or other-audience tokens leave its fresh token working", async () => {
    const expired = await signed('victim-1', { issuedAtOffsetSeconds: -600 });
    const otherAudience = await signed('victim-1', { audience: 'some-other-service' });
    for (let attempt = 1; attempt <= 10; attempt++) {
      await getFrom(`127.0.1.${attempt}`, meUrl, expired);
      await getFrom(`127.0.1.${attempt}`, meUrl, otherAudience);
    }
    const fresh = await app.token('officer', ['denver'], { subject: 'victim-1' });
    // From an address the replays came from too: the throttle never stands between a valid token and its route.
    expect((await getFrom('127.0.1.1', meUrl, fresh)).status).toBe(200);
    expect((await getFrom('127.0.1.99', meUrl, fresh)).status).toBe(200);
  });

  it('throttles an address sending bad tokens with 429 problem+json and Retry-After, and nobody else behind it', async () => {
    for (let attempt = 1; attempt <= 3; attempt++)
      expect((await getFrom('127.0.2.1', meUrl, 'garbage.token.here')).status).toBe(401);
    const throttled = await getFrom('127.0.2.1', meUrl, 'garbage.token.here');
    expect(throttled.status).toBe(429);
    expect(throttled.contentType).toMatch(/^application\/problem\+json/);
    expect(Number(throttled.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(throttled.retryAfter)).toBeLessThanOrEqual(60);
    expect(JSON.parse(throttled.body)).toMatchObject({ type: 'urn:lead:problem:throttled', status: 429 });
    // Another user at the same address (a NAT, a proxy without TRUST_PROXY) is not held up.
    const colleague = await app.token('officer', ['denver'], { subject: 'colleague-at-2-1' });
    expect((await getFrom('127.0.2.1', meUrl, colleague)).status).toBe(200);
    // Another address has a bucket of its own.
    expect((await getFrom('127.0.2.2', meUrl, 'garbage.token.here')).status).toBe(401);
  });

  it('spends the bucket on requests without a token too', async () => {
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) statuses.push((await getFrom('127.0.3.1', meUrl)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it('is shared by every replica: an address emptied through one is throttled by the other', async () => {
    const replica = await startParticipantsApp({
      policy,
      controllers,
      env: {
        ...THROTTLE,
        DATABASE_SCHEMA: app.service.serviceSchema,
        EVENT_STORE_SCHEMA: app.service.eventStoreSchema,
      },
    });
    try {
      for (let attempt = 1; attempt <= 3; attempt++)
        expect((await getFrom('127.0.4.1', meUrl, 'garbage.token.here')).status).toBe(401);
      expect((await getFrom('127.0.4.1', `${replica.url}/v1/me`, 'garbage.token.here')).status).toBe(429);
    } finally {
      await replica.service.app.close();
    }
  });

  it('is lifted by a program administrator, and the lift is in the access audit', async () => {
    for (let attempt = 1; attempt <= 4; attempt++) await getFrom('127.0.5.1', meUrl, 'garbage.token.here');
    expect((await getFrom('127.0.5.1', meUrl, 'garbage.token.here')).status).toBe(429);
    const admin = await app.token('program_admin', ['denver'], { subject: 'admin-1' });
    const listed = await getFrom('127.0.0.1', `${app.url}/v1/access/throttled-addresses`, admin);
    expect(JSON.parse(listed.body).addresses).toContainEqual({
      address: '127.0.5.1',
      retryAfterSeconds: expect.any(Number),
    });

    const officer = await app.token('officer', ['denver']);
    const liftUrl = `${app.url}/v1/access/throttled-addresses/127.0.5.1`;
    expect((await getFrom('127.0.0.1', liftUrl, officer, {}, 'DELETE')).status).toBe(403);
    const lifted = await getFrom('127.0.0.1', liftUrl, admin, {}, 'DELETE');
    expect(lifted.status).toBe(200);
    expect(JSON.parse(lifted.body)).toMatchObject({ address: '127.0.5.1', wasThrottled: true });
    expect((await getFrom('127.0.5.1', meUrl, 'garbage.token.here')).status).toBe(401);

    const audit = await app.store.readStream(throttleAuditStream(new Date()));
    expect(audit.map((event) => event.type)).toContain(ADDRESS_THROTTLE_LIFTED);
    expect(audit.at(-1)?.data).toMatchObject({
      address: '127.0.5.1',
      wasThrottled: true,
      actor: { subject: 'admin-1', agency: 'LEAD-ADMIN', role: 'program_admin' },
    });
    expect(audit.at(-1)?.metadata.actor).toMatchObject({ subject: 'admin-1', role: 'program_admin' });
    const invalid = await getFrom(
      '127.0.0.1',
      `${app.url}/v1/access/throttled-addresses/not-an-address`,
      admin,
      {},
      'DELETE',
    );
    expect(invalid.status).toBe(400);
  });

  it('without TRUST_PROXY, keys on the peer and warns that requests come through a proxy', async () => {
    for (let attempt = 1; attempt <= 3; attempt++)
      await getFrom('127.0.6.1', meUrl, 'garbage.token.here', { 'x-forwarded-for': `198.51.100.${attempt}` });
    // Each forwarded address is ignored: the peer's bucket is empty.
    expect(
      (await getFrom('127.0.6.1', meUrl, 'garbage.token.here', { 'x-forwarded-for': '198.51.100.9' })).status,
    ).toBe(429);
    expect(app.service.logs.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', msg: expect.stringContaining('TRUST_PROXY is not set') }),
    );
  });
});

describe('the throttle behind a trusted proxy', () => {
  let app: ParticipantsApp;

  beforeAll(async () => {
    app = await startParticipantsApp({ env: { ...THROTTLE, TRUST_PROXY: 'loopback' }, policy, controllers });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('keys on the client address the proxy forwards', async () => {
    const meUrl = `${app.url}/v1/me`;
    const client = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
    for (let attempt = 1; attempt <= 3; attempt++)
      expect((await getFrom('127.0.7.1', meUrl, 'garbage', { 'x-forwarded-for': client })).status).toBe(401);
    expect((await getFrom('127.0.7.1', meUrl, 'garbage', { 'x-forwarded-for': client })).status).toBe(429);
    // Another client behind the same proxy is counted on its own.
    expect((await getFrom('127.0.7.1', meUrl, 'garbage', { 'x-forwarded-for': '203.0.113.50' })).status).toBe(401);
    expect(app.service.logs.lines).not.toContainEqual(
      expect.objectContaining({ msg: expect.stringContaining('TRUST_PROXY is not set') }),
    );
  });

  it('refuses TRUST_PROXY=true, which would believe any client', async () => {
    await expect(startParticipantsApp({ env: { TRUST_PROXY: 'true' } })).rejects.toThrow(/TRUST_PROXY/);
  });
});
