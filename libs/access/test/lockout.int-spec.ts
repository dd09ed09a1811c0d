import http from 'node:http';
import { startParticipantsApp, type ParticipantsApp } from './participants-app/participants-app.js';

/** GET from a chosen loopback address (127.0.0.0/8 is all local on Linux), to act as distinct clients. */
function getFrom(
  localAddress: string,
  url: string,
  token: string,
): Promise<{ status: number; retryAfter?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { localAddress, headers: { authorization: `Bearer ${token}` } }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode!,
          body,
          ...(response.headers['retry-after'] ? { retryAfter: String(response.headers['retry-after']) } : {}),
        }),
      );
    });
    request.on('error', reject);
  });
}

/** CJIS-style lockout: 5 failed authentications lock the address (and a genuine subject) for the lockout period. */
describe('lockout after repeated failed authentications', () => {
  let app: ParticipantsApp;
  let meUrl: string;

  beforeAll(async () => {
    app = await startParticipantsApp();
    meUrl = `${app.url}/v1/me`;
  });
  afterAll(async () => {
    await app?.close();
  });

  async function expired(subject: string): Promise<string> {
    return app.signer.sign(
      { subject, agency: 'DPD', roles: ['officer'], jurisdictions: ['denver'] },
      {
        issuer: app.settings.AUTH_ISSUER,
        audience: app.settings.AUTH_AUDIENCE,
        lifetimeSeconds: 60,
        issuedAtOffsetSeconds: -600,
      },
    );
  }

  it('locks an address out after 5 failures, even for a valid token, and says when to retry', async () => {
    const valid = await app.token('officer', ['denver'], { subject: 'officer-at-10' });
    for (let attempt = 1; attempt <= 4; attempt++)
      expect((await getFrom('127.0.0.10', meUrl, 'garbage.token.here')).status).toBe(401);
    expect((await getFrom('127.0.0.10', meUrl, valid)).status).toBe(200);
    // A success starts the count over: 5 more failures are needed.
    for (let attempt = 1; attempt <= 5; attempt++)
      expect((await getFrom('127.0.0.10', meUrl, 'garbage.token.here')).status).toBe(401);
    const locked = await getFrom('127.0.0.10', meUrl, valid);
    expect(locked.status).toBe(429);
    expect(locked.retryAfter).toBe('600');
    expect(JSON.parse(locked.body)).toMatchObject({ type: 'urn:lead:problem:locked-out', status: 429 });
    expect((await getFrom('127.0.0.11', meUrl, valid)).status).toBe(200);
  });

  it('locks a subject whose genuine tokens keep failing, wherever they come from', async () => {
    const token = await expired('officer-x');
    for (let attempt = 1; attempt <= 5; attempt++)
      expect((await getFrom(`127.0.0.${20 + attempt}`, meUrl, token)).status).toBe(401);
    const fresh = await app.token('officer', ['denver'], { subject: 'officer-x' });
    expect((await getFrom('127.0.0.30', meUrl, fresh)).status).toBe(429);
    const someoneElse = await app.token('officer', ['denver'], { subject: 'officer-y' });
    expect((await getFrom('127.0.0.30', meUrl, someoneElse)).status).toBe(200);
  });

  it('does not let forged tokens lock a subject out', async () => {
    const genuine = await app.token('officer', ['denver'], { subject: 'officer-z' });
    const [header, payload] = genuine.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(86)}`;
    for (let attempt = 1; attempt <= 5; attempt++)
      expect((await getFrom(`127.0.0.${40 + attempt}`, meUrl, forged)).status).toBe(401);
    expect((await getFrom('127.0.0.50', meUrl, genuine)).status).toBe(200);
  });

  it('does not count requests that present no token', async () => {
    for (let attempt = 1; attempt <= 8; attempt++) {
      const response = await new Promise<number>((resolve, reject) =>
        http
          .get(meUrl, { localAddress: '127.0.0.60' }, (res) => (res.resume(), resolve(res.statusCode!)))
          .on('error', reject),
      );
      expect(response).toBe(401);
    }
    expect((await getFrom('127.0.0.60', meUrl, await app.token('officer', ['denver']))).status).toBe(200);
  });
});
